import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Consult, get, type OfferPayload, type Page, post, query, serverNow } from '../../api';
import { Field, Notice, Section } from '../../components';
import { ackMessage, errorMessage, msg, type Msg, type Note } from '../../lib/messages';
import { emitWithAck, useApp, useOnReconnect, useSocketEvent } from '../../context';
import { formatCountdown, fractionLeft, isUrgent, secondsLeft } from '../../lib/countdown';
import { CONSULT_OUTCOMES, hasErrors, validateCompletion, type FormErrors } from '../../lib/validation';

export function ConsultPanel() {
  const { t, socket } = useApp();
  const [presence, setPresence] = useState<'available' | 'away'>('away');
  const [presenceNote, setPresenceNote] = useState<Msg | null>(null);
  const [offer, setOffer] = useState<OfferPayload | null>(null);
  const [consult, setConsult] = useState<Consult | null>(null);
  const [message, setMessage] = useState<Note | null>(null);
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
        setMessage({ kind: 'info', text: msg(`doc.offer.revoked.${payload.reason}`) });
        return null;
      }
      return current;
    });
  });
  useSocketEvent<{ status: 'available' | 'away'; reason: string }>('presence:changed', (payload) => {
    setPresence(payload.status);
    setPresenceNote(payload.reason === 'missed_offers' ? msg('doc.presence.missed_offers') : null);
  });

  const setStatus = async (status: 'available' | 'away') => {
    setBusy(true);
    const ack = await emitWithAck(socket, 'presence:set', { status });
    setBusy(false);
    if (ack.ok) {
      setPresence(status);
      setPresenceNote(null);
    } else setMessage({ kind: 'error', text: ackMessage(ack) });
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
        text: ack.error === 'conflict' ? msg('doc.offer.gone') : ackMessage(ack),
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
        text: ack.error === 'conflict' ? msg('doc.offer.gone') : ackMessage(ack),
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
      {presenceNote ? <Notice kind="info" msg={presenceNote} /> : null}
      {message ? <Notice kind={message.kind} msg={message.text} /> : null}
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
            setMessage({ kind: 'ok', text: msg('doc.consult.done') });
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
  const [error, setError] = useState<Msg | null>(null);
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
      setError(errorMessage(err));
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
        {error ? <Notice kind="error" msg={error} /> : null}
        <button type="submit" class="btn primary wide" disabled={busy}>
          {t('doc.consult.complete')}
        </button>
      </form>
    </article>
  );
}
