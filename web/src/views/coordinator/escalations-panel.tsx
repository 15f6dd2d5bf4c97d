import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Escalation, get, type Page, type Patient, post, query } from '../../api';
import { Field, Notice, Section, TierBadge } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { describeReason } from '../../lib/reasons';
import { ESCALATION_OUTCOMES } from '../../lib/vocabularies';
import { errorMessage, type Msg } from '../../lib/messages';

export function EscalationsPanel() {
  const { t, time } = useApp();
  const [items, setItems] = useState<Escalation[]>([]);
  const [patients, setPatients] = useState<Map<string, Patient>>(new Map());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const load = useCallback(async () => {
    const page = await get<Page<Escalation>>(`/api/escalations${query({ status: 'open', limit: 100 })}`);
    // newest first: the one that just arrived is the one to look at
    setItems([...page.items].sort((a, b) => b.openedAt.localeCompare(a.openedAt)));
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
  const { t, lang } = useApp();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<Msg | null>(null);
  const resolve = async (ev: Event) => {
    ev.preventDefault();
    if (!outcome) {
      setError({ key: 'err.required' });
      return;
    }
    try {
      await post(`/api/escalations/${e.id}/resolve`, {
        outcome,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      onResolved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  // reasons in clinician words (a text that is not a code, e.g. an override's reason, as written)
  const words = e.reasons.map((r) => describeReason(r, lang) ?? r);
  return (
    <li
      class={`escalation compact ${fresh ? 'fresh' : ''}`}
      data-testid="escalation"
      data-patient={e.patientId}
    >
      <div class="esc-line">
        <TierBadge tier={e.tier} />
        <strong>{patient?.fullName ?? t('esc.somePatient')}</strong>
        <span class="esc-reasons" title={words.join('; ')}>
          {words[0] ?? t(`esc.cause.${e.cause}`)}
          {words.length > 1 ? ` ${t('esc.reasonsMore', { n: words.length - 1 })}` : ''}
        </span>
        <span class="muted esc-time">{time(e.openedAt, true)}</span>
        {patient ? (
          <a class="esc-phone" href={`tel:${patient.phone}`}>
            {patient.phone}
          </a>
        ) : null}
        {!open ? (
          <button type="button" class="btn small" onClick={() => setOpen(true)}>
            {t('esc.resolve')}…
          </button>
        ) : null}
      </div>
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
          {error ? <Notice kind="error" msg={error} /> : null}
          <button type="submit" class="btn primary small">
            {t('esc.resolve')}
          </button>{' '}
          <button type="button" class="btn small" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : null}
    </li>
  );
}
