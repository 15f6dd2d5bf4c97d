import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { exactName, matchNames } from '../../lib/hotline';

/**
 * A text box that suggests official names as one types, accent-insensitively ("cau giay" → "Cầu Giấy"),
 * following the ARIA combobox pattern: ↓/↑ move through the suggestions, Enter or Tab takes the
 * highlighted one, Escape closes the list. Only a name from the list is ever reported as chosen.
 */
export function AreaCombobox({
  id,
  name,
  label,
  names,
  value,
  onChange,
  required,
  disabled,
  inputRef,
}: {
  id: string;
  name: string;
  label: string;
  names: readonly string[];
  /** the chosen official name, or '' */
  value: string;
  onChange: (name: string) => void;
  required?: boolean;
  disabled?: boolean;
  inputRef?: preact.Ref<HTMLInputElement>;
}) {
  const [text, setText] = useState(value);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // the parent cleared or set the value (a new call, a district change): show it
  const shown = useRef(value);
  useEffect(() => {
    if (shown.current !== value) {
      shown.current = value;
      setText(value);
    }
  }, [value]);
  const report = (picked: string) => {
    shown.current = picked;
    onChange(picked);
  };
  const options = useMemo(() => matchNames(names, text), [names, text]);
  const listId = `${id}-list`;

  const choose = (picked: string) => {
    setText(picked);
    setOpen(false);
    report(picked);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      else
        setActive(
          (a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % Math.max(1, options.length),
        );
    } else if ((e.key === 'Enter' || e.key === 'Tab') && open && options.length && text.trim()) {
      // Enter takes the suggestion instead of submitting the form; Tab takes it and moves on
      if (e.key === 'Enter') e.preventDefault();
      choose(options[Math.min(active, options.length - 1)]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };
  const onBlur = () => {
    setOpen(false);
    const exact = exactName(names, text);
    if (exact) {
      if (exact !== value) choose(exact);
      else setText(exact);
    } else if (value && text !== value) report('');
  };
  const activeId = open && options.length ? `${id}-opt-${Math.min(active, options.length - 1)}` : undefined;
  return (
    <div class="field combo">
      <label class="label" for={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        ref={inputRef}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeId}
        autocomplete="off"
        spellcheck={false}
        required={required}
        disabled={disabled}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setActive(0);
          setOpen(true);
          if (value) report('');
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
        data-chosen={value || undefined}
      />
      {open && options.length ? (
        <ul class="combo-list" id={listId} role="listbox" aria-label={label}>
          {options.map((o, i) => (
            <li
              key={o}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === Math.min(active, options.length - 1)}
              class={i === Math.min(active, options.length - 1) ? 'active' : ''}
              // mousedown, not click: the input's blur would close the list first
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              {o}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
