import { useEffect, useRef, useState } from 'preact/hooks';
import { type Roster, type RosterGroup } from '../../api';
import { useApp } from '../../context';
import { rankCandidates, windowLabel } from '../../lib/roster-words';
import { parseRequirement } from '../../lib/validation';
import { RequirementField } from './requirement-field';
import { type Cell, type Person, type Placement, type Requirements } from './roster-cells';

/**
 * A side drawer to edit one window ("Thứ Hai 07/12 · 15–17h"), as When I Work and Deputy do: the
 * requirement, who is on it (remove, move), and the candidates — available for the window first, then
 * the least loaded this week — each with an add button. Escape or the close button closes it.
 */
export function CellPanel({
  group,
  cell,
  draft,
  people,
  names,
  availability,
  load,
  requirements,
  busy,
  otherKeys,
  onClose,
  onEdit,
  onRequirement,
}: {
  group: RosterGroup;
  cell: Cell;
  draft: Roster | null;
  people: Person[];
  names: Map<string, string>;
  /** person id → the window keys they are available for this week */
  availability: Map<string, Set<string>>;
  /** person id → windows they hold this week, on the grid shown */
  load: Map<string, number>;
  requirements: Requirements | null;
  busy: boolean;
  otherKeys: string[];
  onClose: () => void;
  onEdit: (body: { add?: Placement[]; remove?: Placement[] }) => void;
  onRequirement: (n: number) => void;
}) {
  const { t, lang } = useApp();
  const [required, setRequired] = useState(String(cell.required));
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => setRequired(String(cell.required)), [cell.key, cell.required]);
  useEffect(() => heading.current?.focus(), [cell.key]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const parsed = parseRequirement(required);
  const operators = group === 'operators';
  const label = windowLabel(cell.key, lang);
  const candidates = rankCandidates(
    people
      .filter((d) => d.active && !cell.personIds.includes(d.id))
      .map((d) => ({
        id: d.id,
        fullName: d.fullName,
        available: availability.get(d.id)?.has(cell.key) ?? false,
        load: load.get(d.id) ?? 0,
      })),
  );
  return (
    <aside class="drawer" data-testid="cell-panel" aria-labelledby="cell-panel-title">
      <header class="drawer-head">
        <h3 id="cell-panel-title" tabIndex={-1} ref={heading}>
          {label}
        </h3>
        <button type="button" class="btn" onClick={onClose} aria-label={t('common.close')}>
          ✕
        </button>
      </header>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed !== null) onRequirement(parsed);
        }}
      >
        <RequirementField
          label={t('roster.required')}
          name="required"
          value={required}
          onInput={setRequired}
        />
        <button type="submit" class="btn" disabled={busy || parsed === null || !requirements}>
          {t('roster.setOverride')}
        </button>
      </form>
      <h4>{t(operators ? 'roster.operatorsHere' : 'roster.doctorsHere')}</h4>
      {!draft ? <p class="muted">{t('roster.editDraftOnly')}</p> : null}
      <ul class="list">
        {cell.personIds.map((id) => (
          <li key={id} class="row">
            <span>{names.get(id) ?? '…'}</span>
            {draft ? (
              <>
                <button
                  type="button"
                  class="btn"
                  disabled={busy}
                  onClick={() => onEdit({ remove: [{ personId: id, windowKey: cell.key }] })}
                >
                  {t('roster.remove')}
                </button>
                <select
                  aria-label={t('roster.moveTo')}
                  value={moveTo[id] ?? ''}
                  onChange={(e) => setMoveTo({ ...moveTo, [id]: e.currentTarget.value })}
                >
                  <option value="">{t('roster.moveTo')}…</option>
                  {otherKeys.map((k) => (
                    <option key={k} value={k}>
                      {windowLabel(k, lang)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  class="btn"
                  disabled={busy || !moveTo[id]}
                  onClick={() =>
                    onEdit({
                      remove: [{ personId: id, windowKey: cell.key }],
                      add: [{ personId: id, windowKey: moveTo[id] }],
                    })
                  }
                >
                  {t('roster.move')}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {draft ? (
        <>
          <h4>{t('roster.candidates')}</h4>
          {candidates.length === 0 ? <p class="muted">{t('roster.noCandidates')}</p> : null}
          <ul class="candidates" data-testid="candidates">
            {candidates.map((c) => (
              <li
                key={c.id}
                class={c.available ? 'available' : 'unavailable'}
                data-available={String(c.available)}
              >
                <span class="cand-name">{c.fullName}</span>
                <span class="cand-meta">
                  <span class={`cand-tag ${c.available ? 'yes' : 'no'}`}>
                    <span aria-hidden="true">{c.available ? '✓ ' : '✕ '}</span>
                    {t(c.available ? 'roster.available' : 'roster.notAvailable')}
                  </span>{' '}
                  · {t('roster.load', { n: c.load })}
                </span>
                <button
                  type="button"
                  class="btn"
                  disabled={busy}
                  aria-label={t('roster.addNamed', { name: c.fullName })}
                  onClick={() => onEdit({ add: [{ personId: c.id, windowKey: cell.key }] })}
                >
                  {t('roster.addOne')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
