import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import {
  ApiError,
  type Doctor,
  type Escalation,
  get,
  getAll,
  type Group,
  type Page,
  patch,
  type Patient,
  post,
  put,
  query,
  type QueueStats,
  type Roster,
  type ShiftWindow,
  api,
  type Violation,
  serverNow,
} from '../api';
import { errorText, Field, Notice, ReasonList, Section, Tabs, TierBadge } from '../components';
import { useApp, useOnReconnect, useSocketEvent } from '../context';
import { coverageLevel, missing, summarise } from '../lib/coverage';
import { addDays, datesFrom, localDateOf, parseWindowKey, weekStart, windowKey } from '../lib/dates';
import { parseRequirement } from '../lib/validation';
import { ESCALATION_OUTCOMES } from '../lib/vocabularies';

export function CoordinatorView() {
  const { t } = useApp();
  const [tab, setTab] = useState<'roster' | 'doctors'>('roster');
  return (
    <div class="coord-layout">
      <div class="coord-main">
        <Tabs keys={['roster', 'doctors'] as const} active={tab} onSelect={setTab} label={t('app.name')} />
        {tab === 'roster' ? <RosterBoard /> : <DoctorsPanel />}
      </div>
      <aside class="coord-side">
        <QueuePanel />
        <EscalationsPanel />
      </aside>
    </div>
  );
}

interface Cell {
  key: string;
  date: string;
  shift: string;
  required: number;
  doctorIds: string[];
  startsAt?: string;
  endsAt?: string;
}

interface Requirements {
  group: Group;
  default: number;
  overrides: Record<string, number>;
}

function RosterBoard() {
  const { t, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const [group, setGroup] = useState<Group>('consult');
  const [from, setFrom] = useState(weekStart(today));
  const to = addDays(from, 6);
  const [windows, setWindows] = useState<ShiftWindow[]>([]);
  const [draft, setDraft] = useState<Roster | null>(null);
  const [doctors, setDoctors] = useState<Doctor[]>([]);
  const [requirements, setRequirements] = useState<Requirements | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [violations, setViolations] = useState<Violation[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const loadWindows = useCallback(() => {
    get<ShiftWindow[]>(`/api/shifts/windows${query({ group, from, to })}`).then(setWindows, (err: unknown) =>
      setMessage({ kind: 'error', text: errorText(err) }),
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
    getAll<Doctor>('/api/doctors', { group }).then(setDoctors, () => setDoctors([]));
  }, [group]);

  const names = useMemo(() => new Map(doctors.map((d) => [d.id, d.fullName])), [doctors]);
  const shifts = config.windows[group];
  const dates = datesFrom(from, 7);

  const cells = useMemo(() => {
    const map = new Map<string, Cell>();
    for (const w of windows) {
      const p = parseWindowKey(w.key);
      if (p)
        map.set(w.key, {
          key: w.key,
          date: p.date,
          shift: p.shift,
          required: w.required,
          doctorIds: w.doctorIds,
          startsAt: w.startsAt,
          endsAt: w.endsAt,
        });
    }
    if (draft) {
      for (const c of map.values()) c.doctorIds = [];
      for (const cov of draft.coverage) {
        const cell = map.get(cov.windowKey);
        if (cell) cell.required = cov.required;
      }
      for (const a of draft.assignments) map.get(a.windowKey)?.doctorIds.push(a.doctorId);
    }
    return map;
  }, [windows, draft]);

  const summary = summarise(
    [...cells.values()].map((c) => ({ assigned: c.doctorIds.length, required: c.required })),
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
        setMessage({ kind: 'error', text: t('roster.violations') });
      } else setMessage({ kind: 'error', text: errorText(err) });
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
      setMessage({ kind: 'ok', text: t('roster.publishedOk') });
      loadWindows();
    });
  const edit = (body: {
    add?: { doctorId: string; windowKey: string }[];
    remove?: { doctorId: string; windowKey: string }[];
  }) =>
    run(async () => {
      if (!draft) return;
      setViolations([]);
      setDraft(
        await patch<Roster>(`/api/rosters/${draft.id}/assignments`, {
          add: body.add ?? [],
          remove: body.remove ?? [],
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
      setMessage({ kind: 'ok', text: t('common.saved') });
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
      <div class="toolbar">
        <label class="inline">
          {t('roster.group')}{' '}
          <select value={group} onChange={(e) => setGroup(e.currentTarget.value as Group)} name="group">
            <option value="consult">{t('group.consult')}</option>
            <option value="active_care">{t('group.active_care')}</option>
          </select>
        </label>
        <button type="button" class="btn small" onClick={() => setFrom(addDays(from, -7))}>
          {t('common.prev')}
        </button>
        <button type="button" class="btn small" onClick={() => setFrom(addDays(from, 7))}>
          {t('common.next')}
        </button>
        <span class="spacer" />
        {draft ? (
          <>
            <button type="button" class="btn" disabled={busy} onClick={() => setDraft(null)}>
              {t('roster.discard')}
            </button>
            <button
              type="button"
              class="btn primary"
              disabled={busy || draft.status !== 'draft'}
              onClick={() => void publish()}
            >
              {t('roster.publish')}
            </button>
          </>
        ) : (
          <button type="button" class="btn primary" disabled={busy} onClick={() => void generate()}>
            {t('roster.generate')}
          </button>
        )}
      </div>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {violations.length ? (
        <ul class="violations" data-testid="violations">
          {violations.map((v, i) => (
            <li key={i}>
              <code>{v.constraint}</code> {names.get(v.doctorId) ?? v.doctorId.slice(0, 8)} · {v.windowKey} —{' '}
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
              const assigned = cell.doctorIds.length;
              const level = coverageLevel(assigned, cell.required);
              return (
                <span role="gridcell" key={key}>
                  <button
                    type="button"
                    class={`rg-cell cov-${level} ${selected === key ? 'selected' : ''}`}
                    data-key={key}
                    data-level={level}
                    aria-pressed={selected === key}
                    onClick={() => setSelected(selected === key ? null : key)}
                  >
                    <strong>{t('roster.cell', { assigned, required: cell.required })}</strong>
                    <small>{t(`cov.${level}`, { n: missing(assigned, cell.required) })}</small>
                    <span class="rg-names">
                      {cell.doctorIds
                        .slice(0, 3)
                        .map((id) => shortName(names.get(id) ?? '?'))
                        .join(', ')}
                      {cell.doctorIds.length > 3 ? ` +${cell.doctorIds.length - 3}` : ''}
                    </span>
                  </button>
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <Legend />
      {selectedCell ? (
        <CellPanel
          cell={selectedCell}
          draft={draft}
          doctors={doctors}
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
      {draft && draft.unfilled.length ? (
        <details class="unfilled">
          <summary>
            {t('roster.unfilled')} ({draft.unfilled.length})
          </summary>
          <ul>
            {draft.unfilled.map((u) => (
              <li key={u.windowKey}>
                {u.windowKey}: {t('cov.short', { n: u.missing })}
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
              {c.doctorIds.map((id) => names.get(id) ?? id.slice(0, 8)).join(', ') || t('common.none')}
            </p>
          ))}
        </div>
      ) : null}
    </Section>
  );
}

const shortName = (full: string): string => full.trim().split(/\s+/).slice(-1)[0] ?? full;

function Legend() {
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

function CellPanel({
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
        <Field
          label={t('roster.required')}
          name="required"
          errors={parsed === null ? { required: { key: 'err.range', params: { min: 0, max: 1000 } } } : {}}
        >
          <input
            name="required"
            inputMode="numeric"
            value={required}
            onInput={(e) => setRequired(e.currentTarget.value)}
          />
        </Field>
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

function RequirementsForm({
  requirements,
  busy,
  onSave,
}: {
  requirements: Requirements;
  busy: boolean;
  onSave: (r: Requirements) => void;
}) {
  const { t } = useApp();
  const [value, setValue] = useState(String(requirements.default));
  useEffect(() => setValue(String(requirements.default)), [requirements.default]);
  const parsed = parseRequirement(value);
  return (
    <form
      class="inline-form requirements"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed !== null) onSave({ ...requirements, default: parsed });
      }}
    >
      <Field
        label={t('roster.default')}
        name="default"
        errors={parsed === null ? { default: { key: 'err.range', params: { min: 0, max: 1000 } } } : {}}
      >
        <input
          name="default"
          inputMode="numeric"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </Field>
      <span class="muted">{t('roster.overrides', { n: Object.keys(requirements.overrides).length })}</span>
      <button type="submit" class="btn small" disabled={busy || parsed === null}>
        {t('common.save')}
      </button>
    </form>
  );
}

function QueuePanel() {
  const { t } = useApp();
  const [stats, setStats] = useState<QueueStats | null>(null);
  const load = useCallback(() => {
    get<QueueStats>('/api/consults/queue').then(setStats, () => undefined);
  }, []);
  useEffect(load, [load]);
  useOnReconnect(load);
  useSocketEvent<QueueStats>('queue:updated', setStats);
  const wait = stats
    ? `${Math.floor(stats.longestWaitSeconds / 60)}:${String(stats.longestWaitSeconds % 60).padStart(2, '0')}`
    : '–';
  return (
    <Section title={t('queue.title')} id="queue">
      <dl class="stats" data-testid="queue">
        <div>
          <dt>{t('queue.queued')}</dt>
          <dd data-testid="queue-queued">{stats?.queued ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('queue.offered')}</dt>
          <dd>{stats?.offered ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('queue.longest')}</dt>
          <dd>{wait}</dd>
        </div>
        <div>
          <dt>{t('queue.available')}</dt>
          <dd>{stats?.doctorsAvailable ?? '–'}</dd>
        </div>
      </dl>
    </Section>
  );
}

function EscalationsPanel() {
  const { t, time } = useApp();
  const [items, setItems] = useState<Escalation[]>([]);
  const [patients, setPatients] = useState<Map<string, Patient>>(new Map());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const load = useCallback(async () => {
    const page = await get<Page<Escalation>>(`/api/escalations${query({ status: 'open', limit: 100 })}`);
    setItems(page.items);
    const missingIds = [...new Set(page.items.map((e) => e.patientId))];
    const found = await Promise.all(
      missingIds.map((id) => get<Patient>(`/api/patients/${id}`).catch(() => null)),
    );
    setPatients(new Map(found.filter((p): p is Patient => p !== null).map((p) => [p.id, p])));
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);
  useOnReconnect(() => void load().catch(() => undefined));
  useSocketEvent<{ escalationId: string }>('patient:escalated', (e) => {
    setFresh((s) => new Set(s).add(e.escalationId));
    void load().catch(() => undefined);
  });
  return (
    <Section title={`${t('esc.title')} (${items.length})`} id="escalations">
      <div aria-live="polite">
        {items.length === 0 ? <p class="muted">{t('esc.none')}</p> : null}
        <ul class="list escalations" data-testid="escalations">
          {items.map((e) => (
            <EscalationItem
              key={e.id}
              escalation={e}
              patient={patients.get(e.patientId)}
              fresh={fresh.has(e.id)}
              time={time}
              onResolved={() => void load()}
            />
          ))}
        </ul>
      </div>
    </Section>
  );
}

function EscalationItem({
  escalation: e,
  patient,
  fresh,
  time,
  onResolved,
}: {
  escalation: Escalation;
  patient?: Patient;
  fresh: boolean;
  time: (iso: string, withDate?: boolean) => string;
  onResolved: () => void;
}) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const resolve = async (ev: Event) => {
    ev.preventDefault();
    if (!outcome) {
      setError(t('err.required'));
      return;
    }
    try {
      await post(`/api/escalations/${e.id}/resolve`, {
        outcome,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onResolved();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <li class={`escalation ${fresh ? 'fresh' : ''}`} data-testid="escalation" data-patient={e.patientId}>
      <div class="row">
        <TierBadge tier={e.tier} />
        <strong>{patient?.fullName ?? e.patientId.slice(0, 8)}</strong>
        {patient ? <a href={`tel:${patient.phone}`}>{patient.phone}</a> : null}
      </div>
      <p class="muted">
        {t(`esc.cause.${e.cause}`)} · {t('esc.opened', { time: time(e.openedAt, true) })}
        {patient ? ` · ${patient.district}` : ''}
      </p>
      <ReasonList reasons={e.reasons} />
      {open ? (
        <form onSubmit={(e) => void resolve(e)} class="resolve-form">
          <Field label={t('esc.outcome')} name="outcome">
            <select value={outcome} onChange={(ev) => setOutcome(ev.currentTarget.value)} name="outcome">
              <option value="">—</option>
              {ESCALATION_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`escOutcome.${o}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.notes')} name="notes">
            <textarea rows={2} value={notes} onInput={(ev) => setNotes(ev.currentTarget.value)} />
          </Field>
          {error ? <Notice kind="error">{error}</Notice> : null}
          <button type="submit" class="btn primary small">
            {t('esc.resolve')}
          </button>{' '}
          <button type="button" class="btn small" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" class="btn small" onClick={() => setOpen(true)}>
          {t('esc.resolve')}…
        </button>
      )}
    </li>
  );
}

interface ImportResult {
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

function DoctorsPanel() {
  const { t } = useApp();
  const [q, setQ] = useState('');
  const [group, setGroup] = useState('');
  const [page, setPage] = useState<Page<Doctor> | null>(null);
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useCallback((text: string, g: string) => {
    get<Page<Doctor>>(`/api/doctors${query({ q: text.trim(), group: g, limit: 50 })}`).then(
      setPage,
      (err: unknown) => setError(errorText(err)),
    );
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => search(q, group), 250);
    return () => clearTimeout(timer);
  }, [q, group, search]);
  const runImport = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api<ImportResult>('POST', '/api/doctors/import', csv, 'text/csv'));
      search(q, group);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const readFile = async (file: File | undefined) => {
    if (file) setCsv(await file.text());
  };
  return (
    <>
      <Section title={t('docs.title')} id="doctors">
        <div class="toolbar">
          <input
            type="search"
            name="q"
            placeholder={t('docs.search')}
            aria-label={t('docs.search')}
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
          <select
            aria-label={t('roster.group')}
            value={group}
            onChange={(e) => setGroup(e.currentTarget.value)}
          >
            <option value="">{t('common.all')}</option>
            <option value="consult">{t('group.consult')}</option>
            <option value="active_care">{t('group.active_care')}</option>
          </select>
        </div>
        {page ? <p class="muted">{t('docs.total', { n: page.total })}</p> : null}
        <ul class="list">
          {page?.items.map((d) => (
            <li key={d.id} class="row">
              <strong>{d.fullName}</strong>
              <span class="muted">
                {d.specialty} · {t('docs.years', { n: d.yearsOfExperience })} · {t(`group.${d.group}`)}
              </span>
              <a href={`tel:${d.phone}`}>{d.phone}</a>
              {!d.active ? <span class="badge warn">{t('docs.inactive')}</span> : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('docs.import')} id="import">
        <form onSubmit={(e) => void runImport(e)}>
          <p class="muted">{t('docs.importHint')}</p>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void readFile(e.currentTarget.files?.[0])}
          />
          <textarea
            name="csv"
            rows={6}
            class="mono"
            value={csv}
            onInput={(e) => setCsv(e.currentTarget.value)}
            aria-label="CSV"
          />
          <button type="submit" class="btn primary" disabled={!csv.trim()}>
            {t('docs.importRun')}
          </button>
        </form>
        {error ? <Notice kind="error">{error}</Notice> : null}
        {result ? (
          <div data-testid="import-result">
            <Notice kind={result.errors.length ? 'info' : 'ok'}>
              {t('docs.importResult', {
                created: result.created,
                updated: result.updated,
                errors: result.errors.length,
              })}
            </Notice>
            {result.errors.length ? (
              <table class="errors">
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i}>
                      <th scope="row">{t('docs.line', { line: e.line })}</th>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
      </Section>
    </>
  );
}
