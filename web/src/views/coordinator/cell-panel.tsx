import { useEffect, useState } from 'preact/hooks';
import { type Doctor, type Roster } from '../../api';
import { useApp } from '../../context';
import { windowKey } from '../../lib/dates';
import { parseRequirement } from '../../lib/validation';
import { RequirementField } from './requirement-field';
import { type Cell, type Requirements } from './roster-cells';

export function CellPanel({
  cell,
  draft,
  doctors,
  names,
  requirements,
  busy,
  otherKeys,
  onEdit,
  onRequirement,
}: {
  cell: Cell;
  draft: Roster | null;
  doctors: Doctor[];
  names: Map<string, string>;
  requirements: Requirements | null;
  busy: boolean;
  otherKeys: string[];
  onEdit: (body: {
    add?: { doctorId: string; windowKey: string }[];
    remove?: { doctorId: string; windowKey: string }[];
  }) => void;
  onRequirement: (n: number) => void;
}) {
  const { t } = useApp();
  const [required, setRequired] = useState(String(cell.required));
  const [adding, setAdding] = useState('');
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  useEffect(() => setRequired(String(cell.required)), [cell.key, cell.required]);
  const parsed = parseRequirement(required);
  const candidates = doctors.filter((d) => d.active && !cell.doctorIds.includes(d.id));
  return (
    <div class="cell-panel" data-testid="cell-panel">
      <h3>{t('roster.window', { key: cell.key })}</h3>
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
        <button type="submit" class="btn small" disabled={busy || parsed === null || !requirements}>
          {t('roster.setOverride')}
        </button>
      </form>
      <h4>{t('roster.doctorsHere')}</h4>
      {!draft ? <p class="muted">{t('roster.editDraftOnly')}</p> : null}
      <ul class="list">
        {cell.doctorIds.map((id) => (
          <li key={id} class="row">
            <span>{names.get(id) ?? id.slice(0, 8)}</span>
            {draft ? (
              <>
                <button
                  type="button"
                  class="btn small"
                  disabled={busy}
                  onClick={() => onEdit({ remove: [{ doctorId: id, windowKey: cell.key }] })}
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
                      {k}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  class="btn small"
                  disabled={busy || !moveTo[id]}
                  onClick={() =>
                    onEdit({
                      remove: [{ doctorId: id, windowKey: cell.key }],
                      add: [{ doctorId: id, windowKey: moveTo[id] }],
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
        <div class="inline-form">
          <select
            aria-label={t('roster.add')}
            value={adding}
            onChange={(e) => setAdding(e.currentTarget.value)}
            name="add-doctor"
          >
            <option value="">{t('roster.add')}…</option>
            {candidates.map((d) => (
              <option key={d.id} value={d.id}>
                {d.fullName}
              </option>
            ))}
          </select>
          <button
            type="button"
            class="btn small"
            disabled={busy || !adding}
            onClick={() => {
              onEdit({ add: [{ doctorId: adding, windowKey: cell.key }] });
              setAdding('');
            }}
          >
            {t('roster.add')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
