import { Fragment } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  type Assessment,
  type Consult,
  type DoctorShift,
  type FollowUp,
  get,
  type OfferPayload,
  type Page,
  type Patient,
  post,
  put,
  query,
  type Doctor,
  serverNow,
} from '../api';
import { errorText, Field, Notice, ReasonList, Section, TierBadge } from '../components';
import { emitWithAck, useApp, useOnReconnect, useSocketEvent } from '../context';
import { formatCountdown, fractionLeft, isUrgent, secondsLeft } from '../lib/countdown';
import { addDays, datesFrom, localDateOf, windowKey } from '../lib/dates';
import { byTierThenName } from '../lib/tiers';
import {
  CONSULT_OUTCOMES,
  hasErrors,
  validateCompletion,
  validateVitals,
  VITAL_FIELDS,
  type FormErrors,
  type VitalsForm,
} from '../lib/validation';

export function DoctorView() {
  const { user } = useApp();
  const doctorId = user.doctorId!;
  const [doctor, setDoctor] = useState<Doctor | null>(null);
  useEffect(() => {
    get<Doctor>(`/api/doctors/${doctorId}`).then(setDoctor, () => setDoctor(null));
  }, [doctorId]);
  return (
    <div class="doctor-layout">
      <ConsultPanel />
      <ShiftsPanel doctorId={doctorId} />
      {/* patients are assigned to active care doctors; a consult doctor's page stays short */}
      {doctor?.group === 'active_care' ? <FollowUpsPanel doctorId={doctorId} /> : null}
      {doctor ? <AvailabilityGrid doctor={doctor} /> : null}
    </div>
  );
}

/** Presence switch, the incoming offer card and the accepted consult: the part of the page that matters during a window. */
function ConsultPanel() {
  const { t, socket } = useApp();
  const [presence, setPresence] = useState<'available' | 'away'>('away');
  const [presenceNote, setPresenceNote] = useState<string | null>(null);
  const [offer, setOffer] = useState<OfferPayload | null>(null);
  const [consult, setConsult] = useState<Consult | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const loadAssigned = useCallback(() => {
    get<Page<Consult>>(`/api/consults${query({ status: 'assigned', limit: 1 })}`).then(
      (page) => setConsult(page.items[0] ?? null),
      () => undefined,
    );
  }, []);
  useEffect(loadAssigned, [loadAssigned]);
  useOnReconnect(loadAssigned);

  useSocketEvent<OfferPayload>('consult:offered', (payload) => {
    setOffer(payload);
    setMessage(null);
  });
  useSocketEvent<{ offerId: string; reason: string }>('consult:offer-revoked', (payload) => {
    setOffer((current) => {
      if (current && current.offerId === payload.offerId) {
        setMessage({ kind: 'info', text: t(`doc.offer.revoked.${payload.reason}`) });
        return null;
      }
      return current;
    });
  });
  useSocketEvent<{ status: 'available' | 'away'; reason: string }>('presence:changed', (payload) => {
    setPresence(payload.status);
    setPresenceNote(payload.reason === 'missed_offers' ? t('doc.presence.missed_offers') : null);
  });

  const setStatus = async (status: 'available' | 'away') => {
    setBusy(true);
    const ack = await emitWithAck(socket, 'presence:set', { status });
    setBusy(false);
    if (ack.ok) {
      setPresence(status);
      setPresenceNote(null);
    } else setMessage({ kind: 'error', text: ack.message ?? ack.error ?? t('common.error') });
  };

  const accept = async () => {
    if (!offer) return;
    setBusy(true);
    const ack = await emitWithAck(socket, 'consult:accept', { offerId: offer.offerId });
    setBusy(false);
    setOffer(null);
    if (ack.ok) {
      setConsult(ack.consult as Consult);
      setMessage(null);
    } else
      setMessage({
        kind: 'error',
        text: ack.error === 'conflict' ? t('doc.offer.gone') : (ack.message ?? t('common.error')),
      });
  };

  const decline = async () => {
    if (!offer) return;
    setBusy(true);
    const ack = await emitWithAck(socket, 'consult:decline', { offerId: offer.offerId });
    setBusy(false);
    setOffer(null);
    if (!ack.ok)
      setMessage({
        kind: 'error',
        text: ack.error === 'conflict' ? t('doc.offer.gone') : (ack.message ?? t('common.error')),
      });
  };

  const available = presence === 'available';
  return (
    <Section title={t('doc.presence')} id="consults">
      <div class="presence">
        <span class={`presence-state ${presence}`} data-testid="presence-state">
          <span aria-hidden="true">{available ? '●' : '○'}</span>{' '}
          {t(available ? 'doc.available' : 'doc.away')}
        </span>
        <button
          type="button"
          class={`btn ${available ? '' : 'primary'}`}
          role="switch"
          aria-checked={available}
          disabled={busy}
          onClick={() => void setStatus(available ? 'away' : 'available')}
        >
          {t(available ? 'doc.goAway' : 'doc.goAvailable')}
        </button>
      </div>
      {presenceNote ? <Notice kind="info">{presenceNote}</Notice> : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {offer ? (
        <OfferCard
          offer={offer}
          busy={busy}
          onAccept={() => void accept()}
          onDecline={() => void decline()}
        />
      ) : null}
      {consult ? (
        <ActiveConsult
          consult={consult}
          onCompleted={() => {
            setConsult(null);
            setMessage({ kind: 'ok', text: t('doc.consult.done') });
          }}
        />
      ) : null}
    </Section>
  );
}

function OfferCard({
  offer,
  busy,
  onAccept,
  onDecline,
}: {
  offer: OfferPayload;
  busy: boolean;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const { t, config } = useApp();
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 250);
    return () => clearInterval(timer);
  }, [offer.offerId]);
  const left = secondsLeft(offer.expiresAt, now);
  const total = config.offerTimeoutSeconds;
  const c = offer.consult;
  return (
    <article class="offer-card" data-testid="offer-card" aria-live="assertive" aria-labelledby="offer-title">
      <h3 id="offer-title">{t('doc.offer.title')}</h3>
      <dl>
        <dt>{t('doc.offer.reason')}</dt>
        <dd>{c.reason}</dd>
        {c.callerName ? (
          <>
            <dt>{t('doc.offer.caller')}</dt>
            <dd>{c.callerName}</dd>
          </>
        ) : null}
        {c.language ? (
          <>
            <dt>{t('doc.offer.language')}</dt>
            <dd>{c.language}</dd>
          </>
        ) : null}
      </dl>
      <div class={`countdown ${isUrgent(left, total) ? 'urgent' : ''}`} data-testid="countdown">
        <div class="bar" style={{ width: `${fractionLeft(left, total) * 100}%` }} />
        <span>{t('doc.offer.left', { time: formatCountdown(left) })}</span>
      </div>
      <div class="actions">
        <button type="button" class="btn primary big" disabled={busy || left === 0} onClick={onAccept}>
          {t('doc.offer.accept')}
        </button>
        <button type="button" class="btn big" disabled={busy || left === 0} onClick={onDecline}>
          {t('doc.offer.decline')}
        </button>
      </div>
    </article>
  );
}

function ActiveConsult({ consult, onCompleted }: { consult: Consult; onCompleted: () => void }) {
  const { t } = useApp();
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = validateCompletion(outcome, notes);
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await post(`/api/consults/${consult.id}/complete`, {
        outcome,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onCompleted();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const phone = consult.callerPhone ?? '';
  return (
    <article class="active-consult" data-testid="active-consult">
      <h3>{t('doc.consult.title')}</h3>
      <p class="reason">{consult.reason}</p>
      {consult.callerName ? <p>{consult.callerName}</p> : null}
      {phone ? (
        <a class="btn primary big call" href={`tel:${phone}`} data-testid="call-link">
          📞 {t('doc.consult.call', { phone })}
        </a>
      ) : null}
      <form onSubmit={(e) => void submit(e)} class="complete-form">
        <Field label={t('doc.consult.outcome')} name="outcome" errors={errors}>
          <select name="outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)}>
            <option value="">—</option>
            {CONSULT_OUTCOMES.map((o) => (
              <option value={o} key={o}>
                {t(`outcome.${o}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.notes')} name="notes" errors={errors}>
          <textarea name="notes" rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </Field>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <button type="submit" class="btn primary wide" disabled={busy}>
          {t('doc.consult.complete')}
        </button>
      </form>
    </article>
  );
}

function ShiftsPanel({ doctorId }: { doctorId: string }) {
  const { t, time, config } = useApp();
  const [shifts, setShifts] = useState<DoctorShift[] | null>(null);
  const load = useCallback(() => {
    const today = localDateOf(new Date(), config.operationsTz);
    get<{ windows: DoctorShift[] }>(
      `/api/doctors/${doctorId}/shifts${query({ from: addDays(today, -1), to: addDays(today, 28) })}`,
    ).then(
      (res) => setShifts(res.windows),
      () => setShifts([]),
    );
  }, [doctorId, config.operationsTz]);
  useEffect(load, [load]);
  useSocketEvent('roster:published', load);
  useOnReconnect(load);
  if (!shifts) return <Section title={t('doc.shifts')}>{t('common.loading')}</Section>;
  const now = serverNow();
  const upcoming = shifts
    .filter((s) => Date.parse(s.endsAt) > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const next = upcoming[0];
  const onNow = next && Date.parse(next.startsAt) <= now;
  return (
    <Section title={t('doc.shifts')} id="shifts">
      {next ? (
        <p class={`next-shift ${onNow ? 'now' : ''}`} data-testid="next-shift">
          <strong>{t(onNow ? 'doc.onShiftNow' : 'doc.nextShift')}:</strong> {time(next.startsAt, true)} –{' '}
          {time(next.endsAt)} <span class="muted">({t(`group.${next.group}`)})</span>
        </p>
      ) : (
        <p class="muted">{t('doc.noShifts')}</p>
      )}
      {upcoming.length > 1 ? (
        <ul class="shift-list">
          {upcoming.slice(1, 12).map((s) => (
            <li key={s.windowKey}>
              {time(s.startsAt, true)} – {time(s.endsAt)}
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

/** Next two weeks × the group's windows; tapping a cell saves the whole range at once (PUT replaces it). */
function AvailabilityGrid({ doctor }: { doctor: Doctor }) {
  const { t, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const from = today;
  const to = addDays(today, 13);
  const dates = datesFrom(from, 14);
  const shifts = config.windows[doctor.group];
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    get<{ windows: string[] }>(`/api/doctors/${doctor.id}/availability${query({ from, to })}`).then(
      (res) => setChosen(new Set(res.windows)),
      (err: unknown) => setError(errorText(err)),
    );
  }, [doctor.id, from, to]);
  const toggle = async (key: string) => {
    if (!chosen) return;
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    const before = chosen;
    setChosen(next);
    setSaving(true);
    setError(null);
    try {
      const res = await put<{ windows: string[] }>(`/api/doctors/${doctor.id}/availability`, {
        from,
        to,
        windows: [...next].sort(),
      });
      setChosen(new Set(res.windows));
    } catch (err) {
      setChosen(before);
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Section
      title={t('doc.availability')}
      id="availability"
      actions={saving ? <span class="muted">…</span> : null}
    >
      <p class="muted">{t('doc.availability.hint')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {chosen ? (
        <div
          class="avail-grid"
          role="group"
          aria-label={t('doc.availability')}
          style={{ '--cols': String(shifts.length) }}
        >
          <span />
          {shifts.map((s) => (
            <span class="avail-head" key={s}>
              {s.replace('-', '–')}h
            </span>
          ))}
          {dates.map((d) => (
            <Fragment key={d}>
              <span class="avail-day">{dayLabel(d)}</span>
              {shifts.map((s) => {
                const key = windowKey(d, s);
                const on = chosen.has(key);
                return (
                  <button
                    type="button"
                    key={key}
                    class={`avail-cell ${on ? 'on' : ''}`}
                    aria-pressed={on}
                    data-key={key}
                    aria-label={`${dayLabel(d)} ${s}`}
                    onClick={() => void toggle(key)}
                  >
                    {on ? `✓ ${t('doc.availability.on')}` : t('doc.availability.off')}
                  </button>
                );
              })}
            </Fragment>
          ))}
        </div>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </Section>
  );
}

function FollowUpsPanel({ doctorId }: { doctorId: string }) {
  const { t, time } = useApp();
  const [patients, setPatients] = useState<Patient[]>([]);
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<FollowUpOutcome | null>(null);
  const load = useCallback(() => {
    get<Page<Patient>>(`/api/patients${query({ limit: 200 })}`).then(
      (p) => setPatients(p.items),
      () => undefined,
    );
    Promise.all([
      get<Page<FollowUp>>(`/api/follow-ups${query({ status: 'overdue', doctorId, limit: 100 })}`),
      get<Page<FollowUp>>(`/api/follow-ups${query({ status: 'due', doctorId, limit: 100 })}`),
    ]).then(
      ([overdue, due]) => {
        const seen = new Set<string>();
        setFollowUps(
          [...overdue.items, ...due.items].filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true))),
        );
      },
      () => undefined,
    );
  }, [doctorId]);
  useEffect(load, [load]);
  useSocketEvent('followup:assigned', load);
  useSocketEvent('patient:tier-changed', load);
  useOnReconnect(load);
  const byId = new Map(patients.map((p) => [p.id, p]));
  return (
    <>
      <Section title={t('doc.followUps')} id="follow-ups">
        {outcome ? <FollowUpResult outcome={outcome} onClose={() => setOutcome(null)} /> : null}
        {followUps.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
        <ul class="list">
          {followUps.map((f) => {
            const p = byId.get(f.patientId);
            return (
              <li key={f.id} class={f.overdue ? 'overdue' : ''}>
                <div class="row">
                  <TierBadge tier={p?.riskTier ?? f.tier} />
                  <strong>{p?.fullName ?? f.patientId.slice(0, 8)}</strong>
                  <span class={f.overdue ? 'badge warn' : 'muted'}>
                    {f.overdue ? `⚠ ${t('doc.overdue')}` : t('doc.due', { time: time(f.dueAt, true) })}
                  </span>
                  <button
                    type="button"
                    class="btn small"
                    aria-expanded={open === f.id}
                    onClick={() => setOpen(open === f.id ? null : f.id)}
                  >
                    {t('fu.form')}
                  </button>
                </div>
                {open === f.id ? (
                  <FollowUpForm
                    followUp={f}
                    patientName={p?.fullName ?? ''}
                    onDone={(r) => {
                      setOutcome(r);
                      setOpen(null);
                      load();
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section title={t('doc.patients')} id="my-patients">
        {patients.length === 0 ? <p class="muted">{t('pt.none')}</p> : null}
        <ul class="list">
          {[...patients].sort(byTierThenName).map((p) => (
            <li key={p.id} class="row">
              <TierBadge tier={p.riskTier} override={p.tierSource === 'override'} />
              <strong>{p.fullName}</strong>
              <span class="muted">{p.district}</span>
              <a href={`tel:${p.phone}`}>{p.phone}</a>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

interface FollowUpOutcome {
  patientName: string;
  assessment: Assessment | null;
  next: { dueAt: string } | null;
}

function FollowUpForm({
  followUp,
  patientName,
  onDone,
}: {
  followUp: FollowUp;
  patientName: string;
  onDone: (r: FollowUpOutcome) => void;
}) {
  const { t } = useApp();
  const [reached, setReached] = useState(true);
  const [vitals, setVitals] = useState<VitalsForm>({});
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    let observation: Record<string, number> | undefined;
    if (reached) {
      const { errors: found, values } = validateVitals(vitals);
      setErrors(found);
      if (hasErrors(found)) return;
      observation = values;
    }
    try {
      const res = await post<{ assessment: Assessment | null; next: { dueAt: string } | null }>(
        `/api/follow-ups/${followUp.id}/complete`,
        {
          reached,
          ...(observation ? { observation } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
      );
      setError(null);
      onDone({ patientName, ...res });
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form class="followup-form" onSubmit={(e) => void submit(e)}>
      <label class="check">
        <input type="checkbox" checked={reached} onChange={(e) => setReached(e.currentTarget.checked)} />{' '}
        {t('fu.reached')}
      </label>
      {reached ? (
        <div class="vitals">
          {VITAL_FIELDS.map((f) => (
            <Field key={f} label={t(`vital.${f}`)} name={f} errors={errors}>
              <input
                name={f}
                inputMode="decimal"
                value={vitals[f] ?? ''}
                aria-invalid={errors[f] ? true : undefined}
                onInput={(e) => setVitals({ ...vitals, [f]: e.currentTarget.value })}
              />
            </Field>
          ))}
        </div>
      ) : null}
      <Field label={t('common.notes')} name="notes">
        <textarea rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </Field>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <button type="submit" class="btn primary">
        {t('fu.submit')}
      </button>
    </form>
  );
}

/** What the last follow-up changed: the new tier and the rules that fired, and when the next one is due. */
function FollowUpResult({ outcome, onClose }: { outcome: FollowUpOutcome; onClose: () => void }) {
  const { t, time } = useApp();
  return (
    <div class="result" data-testid="follow-up-result" role="status">
      <p class="row">
        <strong>{outcome.patientName}</strong>
        {outcome.assessment ? (
          <>
            {t('tier.label')}: <TierBadge tier={outcome.assessment.tier} />
          </>
        ) : null}
      </p>
      {outcome.assessment ? <ReasonList reasons={outcome.assessment.reasons} /> : null}
      {outcome.next ? <p>{t('fu.next', { time: time(outcome.next.dueAt, true) })}</p> : null}
      <button type="button" class="btn small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
