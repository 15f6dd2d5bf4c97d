import { type Roster, type RosterGroup } from '../../api';
import { useApp } from '../../context';
import { coverageLevel, missing } from '../../lib/coverage';
import { windowKey } from '../../lib/dates';
import { windowLabel } from '../../lib/roster-words';
import { type Cell } from './roster-cells';

export function RosterToolbar({
  group,
  onGroup,
  onWeek,
  draft,
  busy,
  onDiscard,
  onPublish,
  onGenerate,
}: {
  group: RosterGroup;
  onGroup: (group: RosterGroup) => void;
  onWeek: (days: number) => void;
  draft: Roster | null;
  busy: boolean;
  onDiscard: () => void;
  onPublish: () => void;
  onGenerate: () => void;
}) {
  const { t } = useApp();
  return (
    <div class="toolbar">
      <label class="inline">
        {t('roster.group')}{' '}
        <select value={group} onChange={(e) => onGroup(e.currentTarget.value as RosterGroup)} name="group">
          <option value="consult">{t('group.consult')}</option>
          <option value="active_care">{t('group.active_care')}</option>
          <option value="operators">{t('group.operators')}</option>
        </select>
      </label>
      <button type="button" class="btn small" onClick={() => onWeek(-7)}>
        {t('common.prev')}
      </button>
      <button type="button" class="btn small" onClick={() => onWeek(7)}>
        {t('common.next')}
      </button>
      <span class="spacer" />
      {draft ? (
        <>
          <button type="button" class="btn" disabled={busy} onClick={onDiscard}>
            {t('roster.deleteDraft')}
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={busy || draft.status !== 'draft'}
            onClick={onPublish}
          >
            {t('roster.publish')}
          </button>
        </>
      ) : (
        <button type="button" class="btn primary" disabled={busy} onClick={onGenerate}>
          {t('roster.generate')}
        </button>
      )}
    </div>
  );
}

export function RosterGrid({
  dates,
  shifts,
  cells,
  today,
  names,
  selected,
  onSelect,
}: {
  dates: string[];
  shifts: string[];
  cells: Map<string, Cell>;
  today: string;
  names: Map<string, string>;
  selected: string | null;
  onSelect: (key: string | null) => void;
}) {
  const { t, dayLabel } = useApp();
  return (
    <div
      class="roster-grid"
      style={{ '--cols': String(shifts.length) }}
      role="grid"
      aria-label={t('nav.roster')}
    >
      <div class="rg-row rg-head" role="row">
        <span role="columnheader" />
        {shifts.map((s) => (
          <span role="columnheader" key={s}>
            {s.replace('-', '–')}h
          </span>
        ))}
      </div>
      {dates.map((d) => (
        <div class={`rg-row ${d === today ? 'today' : ''}`} role="row" key={d}>
          <span role="rowheader" class="rg-day">
            {dayLabel(d)}
          </span>
          {shifts.map((s) => {
            const key = windowKey(d, s);
            const cell = cells.get(key);
            if (!cell)
              return (
                <span role="gridcell" key={key} class="rg-cell cov-none">
                  –
                </span>
              );
            const assigned = cell.personIds.length;
            const level = coverageLevel(assigned, cell.required);
            return (
              <span role="gridcell" key={key}>
                <button
                  type="button"
                  class={`rg-cell cov-${level} ${selected === key ? 'selected' : ''}`}
                  data-key={key}
                  data-level={level}
                  aria-pressed={selected === key}
                  onClick={() => onSelect(selected === key ? null : key)}
                >
                  <strong>{t('roster.cell', { assigned, required: cell.required })}</strong>
                  <small>{t(`cov.${level}`, { n: missing(assigned, cell.required) })}</small>
                  {/* every name in full, one a line: "Hoa, Hoa, Hoa" and "+3" hid who was on */}
                  <ul class="rg-names">
                    {cell.personIds.map((id) => (
                      <li key={id}>{names.get(id) ?? '…'}</li>
                    ))}
                  </ul>
                </button>
              </span>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** What the draft could not fill, and who is on shift right now (on the published roster). */

export function Legend() {
  const { t } = useApp();
  return (
    <p class="legend">
      <span class="muted">{t('roster.legend')}:</span>
      {(['empty', 'short', 'full', 'over', 'none'] as const).map((l) => (
        <span key={l} class={`legend-item cov-${l}`}>
          {t(`cov.${l}`, { n: 'n' })}
        </span>
      ))}
    </p>
  );
}

export function RosterNotes({
  draft,
  onShiftNow,
  names,
}: {
  draft: Roster | null;
  onShiftNow: Cell[];
  names: Map<string, string>;
}) {
  const { t, lang } = useApp();
  return (
    <>
      {draft && draft.unfilled.length ? (
        <details class="unfilled">
          <summary>
            {t('roster.unfilled')} ({draft.unfilled.length})
          </summary>
          <ul>
            {draft.unfilled.map((u) => (
              <li key={u.windowKey}>
                {windowLabel(u.windowKey, lang)}: {t('cov.short', { n: u.missing })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {onShiftNow.length && !draft ? (
        <div class="on-shift" data-testid="on-shift-now">
          <h3>{t('roster.onShiftNow')}</h3>
          {onShiftNow.map((c) => (
            <p key={c.key}>
              <strong>{c.shift}h:</strong>{' '}
              {c.personIds.map((id) => names.get(id) ?? '…').join(', ') || t('common.none')}
            </p>
          ))}
        </div>
      ) : null}
    </>
  );
}
