import { useApp } from '../../context';
import { BRANCHES, type Branch } from '../../lib/hotline';

/**
 * The caller's key press as four radio buttons; on any of them the keys 1–4 choose directly (the
 * arrows work as for any radio group). Alt+1…4 works anywhere in the form (see IntakeForm).
 */
export function BranchPicker({
  value,
  onChange,
  invalid,
}: {
  value: number | null;
  onChange: (b: Branch) => void;
  invalid?: boolean;
}) {
  const { t } = useApp();
  return (
    <fieldset class={`branch-picker ${invalid ? 'invalid' : ''}`} aria-describedby="branch-hint">
      <legend class="label">{t('hl.branch')}</legend>
      <div class="branch-options">
        {BRANCHES.map((b) => (
          <label key={b} class={`branch-option ${value === b ? 'on' : ''}`}>
            <input
              type="radio"
              name="branch"
              value={String(b)}
              checked={value === b}
              onChange={() => onChange(b)}
              onKeyDown={(e) => {
                const n = Number(e.key);
                if (n >= 1 && n <= 4) {
                  e.preventDefault();
                  onChange(n as Branch);
                  const next = e.currentTarget.form?.querySelector<HTMLInputElement>(
                    `input[name=branch][value="${n}"]`,
                  );
                  next?.focus();
                }
              }}
            />
            <kbd>{b}</kbd> {t(`hl.branch.${b}`)}
          </label>
        ))}
      </div>
      <small id="branch-hint" class="muted">
        {t('hl.branch.hint')}
      </small>
    </fieldset>
  );
}
