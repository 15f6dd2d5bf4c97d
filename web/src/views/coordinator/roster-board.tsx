import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  api,
  type components,
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
import { useApp } from '../../context';
import { summarise } from '../../lib/coverage';
import { addDays, datesFrom, localDateOf, weekStart } from '../../lib/dates';
import { describeViolation, loads, weekState, type WeekState } from '../../lib/roster-words';
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
import './coordinator.css';
import { errorMessage, type Message } from '../../lib/messages';

type RosterSummary = components['schemas']['RosterSummaryDto'];
type PersonAvailability = components['schemas']['PersonAvailabilityDto'];

/** A message as a dictionary key (translated when shown, so the language toggle re-translates it). */

export function RosterBoard() {
  const { t, lang, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const [group, setGroup] = useState<RosterGroup>('consult');
  const [from, setFrom] = useState(weekStart(today));
  const to = addDays(from, 6);
  const [windows, setWindows] = useState<ShiftWindow[]>([]);
  const [state, setState] = useState<WeekState | null>(null);
  const [draft, setDraft] = useState<Roster | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [availability, setAvailability] = useState<Map<string, Set<string>>>(new Map());
  const [requirements, setRequirements] = useState<Requirements | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  /** the group and week the screen shows now: an answer for another one is dropped */
  const current = useRef('');
  current.current = `${group} ${from}`;

  /** What the server holds for this week: the published windows, the requirement, and a draft if one is saved. */
  const loadWeek = useCallback(async () => {
    const asked = `${group} ${from}`;
    const [ws, req, rosters] = await Promise.all([
      get<ShiftWindow[]>(`/api/shifts/windows${query({ group, from, to })}`),
      get<Requirements>(`/api/shifts/requirements${query({ group })}`),
      get<RosterSummary[]>(`/api/rosters${query({ group, from, to })}`),
    ]);
    const saved = rosters.find((r) => r.status === 'draft');
    const reopened = saved ? await get<Roster>(`/api/rosters/${saved.id}`) : null;
    if (current.current !== asked) return;
    setWindows(ws);
    setRequirements(req);
    setState(weekState(rosters));
    setDraft(reopened);
  }, [group, from, to]);
  const reload = useCallback(() => {
    loadWeek().catch((err: unknown) => setMessage({ kind: 'error', ...errorMessage(err) }));
  }, [loadWeek]);
  useEffect(() => {
    setDraft(null);
    setState(null);
    setSelected(null);
    setViolations([]);
    reload();
  }, [reload]);
  useEffect(() => {
    // the operators' roster is made of operators, every other of the group's doctors
    const list =
      group === 'operators' ? getAll<Operator>('/api/operators') : getAll<Doctor>('/api/doctors', { group });
    // a slower answer for the group switched away from must not replace the current group's people
    let live = true;
    list.then(
      (found) => live && setPeople(found),
      () => live && setPeople([]),
    );
    return () => {
      live = false;
    };
  }, [group]);
  useEffect(() => {
    let live = true;
    get<PersonAvailability[]>(`/api/shifts/availability${query({ group, from, to })}`).then(
      (found) => live && setAvailability(new Map(found.map((p) => [p.id, new Set(p.windows)]))),
      () => live && setAvailability(new Map()),
    );
    return () => {
      live = false;
    };
  }, [group, from, to]);

  const names = useMemo(() => new Map(people.map((d) => [d.id, d.fullName])), [people]);
  const shifts = group === 'operators' ? shiftsOf(windows) : config.windows[group];
  const dates = datesFrom(from, 7);

  const cells = useMemo(() => buildCells(windows, draft), [windows, draft]);
  const load = useMemo(() => loads(cells.values()), [cells]);

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
        setMessage({ kind: 'error', key: 'roster.violations' });
      } else setMessage({ kind: 'error', ...errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const generate = () =>
    run(async () => {
      setViolations([]);
      setDraft(await post<Roster>('/api/rosters', { group, from, to }));
      setState('draft');
    });
  const publish = () =>
    run(async () => {
      if (!draft) return;
      setViolations([]);
      await post<Roster>(`/api/rosters/${draft.id}/publish`);
      setMessage({ kind: 'ok', key: 'roster.publishedOk' });
      await loadWeek();
    });
  const deleteDraft = () =>
    run(async () => {
      if (!draft) return;
      setViolations([]);
      await api<null>('DELETE', `/api/rosters/${draft.id}`);
      setMessage({ kind: 'ok', key: 'roster.draftDeleted' });
      await loadWeek();
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
      await put<Requirements>('/api/shifts/requirements', {
        group,
        default: next.default,
        overrides: next.overrides,
      });
      // the grid shows the new requirement at once: the windows, and a draft's coverage, are read again
      await loadWeek();
      setMessage({ kind: 'ok', key: 'common.saved' });
    });

  const selectedCell = selected ? cells.get(selected) : undefined;
  const operators = group === 'operators';
  const pill: WeekState = draft ? 'draft' : (state ?? 'none');
  return (
    <Section
      title={t('roster.title', { from: dayLabel(from), to: dayLabel(to) })}
      id="roster"
      actions={
        state === null ? null : (
          <span class={`status-pill ${pill}`} data-testid="roster-status" data-state={pill}>
            {pill === 'draft'
              ? t('roster.draft')
              : pill === 'published'
                ? t('roster.published')
                : t('roster.state.none')}
          </span>
        )
      }
    >
      <RosterToolbar
        group={group}
        onGroup={setGroup}
        onWeek={(days) => setFrom(addDays(from, days))}
        draft={draft}
        busy={busy}
        onDiscard={() => void deleteDraft()}
        onPublish={() => void publish()}
        onGenerate={() => void generate()}
      />
      {message ? <Notice kind={message.kind} msg={message} /> : null}
      {draft && windows.some((w) => w.doctorIds.length || w.operatorIds?.length) ? (
        <p class="muted">{t('roster.draftOverPublished')}</p>
      ) : null}
      {violations.length ? (
        <ul class="violations" data-testid="violations">
          {violations.map((v, i) => (
            <li key={i}>{describeViolation(v, names, lang, operators)}</li>
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
      />
      <Legend />
      {selectedCell ? (
        <CellPanel
          group={group}
          cell={selectedCell}
          draft={draft}
          people={people}
          names={names}
          availability={availability}
          load={load}
          requirements={requirements}
          busy={busy}
          otherKeys={[...cells.keys()].filter((k) => k !== selectedCell.key).sort()}
          onClose={() => setSelected(null)}
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
