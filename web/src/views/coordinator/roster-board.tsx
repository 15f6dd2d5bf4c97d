import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import {
  ApiError,
  type Doctor,
  get,
  getAll,
  patch,
  post,
  type Operator,
  put,
  query,
  type RosterGroup,
  type Roster,
  type ShiftWindow,
  type Violation,
  serverNow,
} from '../../api';
import { Notice, Section } from '../../components';
import { errorMessage, msg, type Note } from '../../lib/messages';
import { useApp } from '../../context';
import { summarise } from '../../lib/coverage';
import { addDays, datesFrom, localDateOf, weekStart } from '../../lib/dates';
import {
  assignment,
  buildCells,
  type Person,
  type Placement,
  type Requirements,
  shiftsOf,
} from './roster-cells';
import { RosterToolbar, RosterGrid, Legend, RosterNotes } from './roster-grid';
import { CellPanel } from './cell-panel';
import { RequirementsForm } from './requirements-form';

export function RosterBoard() {
  const { t, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const [group, setGroup] = useState<RosterGroup>('consult');
  const [from, setFrom] = useState(weekStart(today));
  const to = addDays(from, 6);
  const [windows, setWindows] = useState<ShiftWindow[]>([]);
  const [draft, setDraft] = useState<Roster | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [requirements, setRequirements] = useState<Requirements | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [message, setMessage] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);

  const loadWindows = useCallback(() => {
    get<ShiftWindow[]>(`/api/shifts/windows${query({ group, from, to })}`).then(setWindows, (err: unknown) =>
      setMessage({ kind: 'error', text: errorMessage(err) }),
    );
    get<Requirements>(`/api/shifts/requirements${query({ group })}`).then(setRequirements, () => undefined);
  }, [group, from, to]);
  useEffect(loadWindows, [loadWindows]);
  useEffect(() => {
    setDraft(null);
    setSelected(null);
    setViolations([]);
  }, [group, from]);
  useEffect(() => {
    // the operators' roster is made of operators, every other of the group's doctors
    const list =
      group === 'operators' ? getAll<Operator>('/api/operators') : getAll<Doctor>('/api/doctors', { group });
    // a slower answer for the group switched away from must not replace the current group's people
    let current = true;
    list.then(
      (found) => current && setPeople(found),
      () => current && setPeople([]),
    );
    return () => {
      current = false;
    };
  }, [group]);

  const names = useMemo(() => new Map(people.map((d) => [d.id, d.fullName])), [people]);
  const shifts = group === 'operators' ? shiftsOf(windows) : config.windows[group];
  const dates = datesFrom(from, 7);

  const cells = useMemo(() => buildCells(windows, draft), [windows, draft]);

  const summary = summarise(
    [...cells.values()].map((c) => ({ assigned: c.personIds.length, required: c.required })),
  );
  const now = serverNow();
  const onShiftNow = [...cells.values()].filter(
    (c) => c.startsAt && c.endsAt && Date.parse(c.startsAt) <= now && now < Date.parse(c.endsAt),
  );

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && Array.isArray(err.body.violations)) {
        setViolations(err.body.violations as Violation[]);
        setMessage({ kind: 'error', text: msg('roster.violations') });
      } else setMessage({ kind: 'error', text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const generate = () =>
    run(async () => {
      setViolations([]);
      setDraft(await post<Roster>('/api/rosters', { group, from, to }));
    });
  const publish = () =>
    run(async () => {
      if (!draft) return;
      setViolations([]);
      await post<Roster>(`/api/rosters/${draft.id}/publish`);
      setDraft(null);
      setMessage({ kind: 'ok', text: msg('roster.publishedOk') });
      loadWindows();
    });
  const edit = (body: { add?: Placement[]; remove?: Placement[] }) =>
    run(async () => {
      if (!draft) return;
      setViolations([]);
      setDraft(
        await patch<Roster>(`/api/rosters/${draft.id}/assignments`, {
          add: (body.add ?? []).map((p) => assignment(group, p)),
          remove: (body.remove ?? []).map((p) => assignment(group, p)),
        }),
      );
    });
  const saveRequirements = (next: Requirements) =>
    run(async () => {
      setRequirements(
        await put<Requirements>('/api/shifts/requirements', {
          group,
          default: next.default,
          overrides: next.overrides,
        }),
      );
      setMessage({ kind: 'ok', text: msg('common.saved') });
      loadWindows();
    });

  const selectedCell = selected ? cells.get(selected) : undefined;
  return (
    <Section
      title={t('roster.title', { from: dayLabel(from), to: dayLabel(to) })}
      id="roster"
      actions={
        <span class={`status-pill ${draft ? 'draft' : 'published'}`} data-testid="roster-status">
          {draft ? `${t('roster.draft')} · ${t(`roster.status.${draft.status}`)}` : t('roster.published')}
        </span>
      }
    >
      <RosterToolbar
        group={group}
        onGroup={setGroup}
        onWeek={(days) => setFrom(addDays(from, days))}
        draft={draft}
        busy={busy}
        onDiscard={() => setDraft(null)}
        onPublish={() => void publish()}
        onGenerate={() => void generate()}
      />
      {message ? <Notice kind={message.kind} msg={message.text} /> : null}
      {violations.length ? (
        <ul class="violations" data-testid="violations">
          {violations.map((v, i) => (
            <li key={i}>
              <code>{v.constraint}</code> {personName(names, v.doctorId ?? v.operatorId)} · {v.windowKey} —{' '}
              {v.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="summary" data-testid="roster-summary">
        {t('roster.summary', {
          covered: summary.covered,
          required: summary.required,
          short: summary.shortWindows,
        })}
        {draft ? <> · {t('roster.stats', { ...draft.stats })}</> : null}
      </p>
      <RosterGrid
        dates={dates}
        shifts={shifts}
        cells={cells}
        today={today}
        names={names}
        selected={selected}
        onSelect={setSelected}
        fullNames={group === 'operators'}
      />
      <Legend />
      {selectedCell ? (
        <CellPanel
          group={group}
          cell={selectedCell}
          draft={draft}
          people={people}
          names={names}
          requirements={requirements}
          busy={busy}
          otherKeys={[...cells.keys()].filter((k) => k !== selectedCell.key).sort()}
          onEdit={(body) => void edit(body)}
          onRequirement={(n) =>
            requirements &&
            void saveRequirements({
              ...requirements,
              overrides: { ...requirements.overrides, [selectedCell.key]: n },
            })
          }
        />
      ) : null}
      {requirements ? (
        <RequirementsForm requirements={requirements} busy={busy} onSave={(r) => void saveRequirements(r)} />
      ) : null}
      <RosterNotes draft={draft} onShiftNow={onShiftNow} names={names} />
    </Section>
  );
}

/** The grid's cells: the published windows, or the draft's assignments over them. */

const personName = (names: Map<string, string>, id: string | undefined): string =>
  id ? (names.get(id) ?? id.slice(0, 8)) : '';
