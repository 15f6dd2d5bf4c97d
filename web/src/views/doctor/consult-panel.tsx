/** Presence switch, the incoming offer sheet, the accepted consult and the wrap-up after it: the part of the page that matters during a window. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Consult, get, type OfferPayload, type Page, post, query, serverNow } from '../../api';
import { Field, Notice, Section } from '../../components';
import { type Ack, emitWithAck, useApp, useOnReconnect, useSocketEvent } from '../../context';
import { formatCountdown, fractionLeft, isUrgent, secondsLeft } from '../../lib/countdown';
import { LOCALE } from '../../lib/i18n';
import { type PresenceState, windowStartLabel } from '../../lib/presence';
import { CONSULT_OUTCOMES, hasErrors, validateCompletion, type FormErrors } from '../../lib/validation';
import { prepareOfferAlerts, useAudioUnlock, useOfferAlert } from './offer-alert';
import { usePresence } from './use-presence';
import { ackMessage, errorMessage, msg, type Message, type Msg } from '../../lib/messages';

/** An offer's ack refused or unanswered: taken or expired meanwhile is "gone"; the rest as any ack. */
const offerAckMessage = (ack: Ack): Message => ({
  kind: 'error',
  ...(ack.error === 'conflict' ? msg('doc.offer.gone') : ackMessage(ack)),
});

export function ConsultPanel() {
  const { t, socket } = useApp();
  const [presenceNote, setPresenceNote] = useState<string | null>(null);
  const { state: presence, setStatus: applyStatus } = usePresence((change) =>
    setPresenceNote(change.reason === 'missed_offers' ? 'doc.presence.missed_offers' : null),
  );
  const [offer, setOffer] = useState<OfferPayload | null>(null);
  const [consult, setConsult] = useState<Consult | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  useOfferAlert(offer, t);
  useAudioUnlock();

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
        setMessage({ kind: 'info', key: `doc.offer.revoked.${payload.reason}` });
        return null;
      }
      return current;
    });
  });

  const setStatus = async (status: 'available' | 'away') => {
    // in the click itself: sound and the notification permission need the doctor's gesture
    if (status === 'available') prepareOfferAlerts();
    setBusy(true);
    const ack = await emitWithAck(socket, 'presence:set', { status });
    setBusy(false);
    if (ack.ok) {
      applyStatus(status);
      setPresenceNote(null);
    } else setMessage(offerAckMessage(ack));
  };

  const answer = async (event: 'consult:accept' | 'consult:decline') => {
    if (!offer) return;
    setBusy(true);
    const ack = await emitWithAck(socket, event, { offerId: offer.offerId });
    setBusy(false);
    setOffer(null);
    if (!ack.ok) setMessage(offerAckMessage(ack));
    else if (event === 'consult:accept') {
      setConsult(ack.consult as Consult);
      setMessage(null);
    }
  };

  const status = presence?.status ?? null;
  const onDuty = status === 'available' || status === 'wrap_up';
  return (
    <Section title={t('doc.presence')} id="consults">
      <div class="presence" data-testid="presence" data-status={status ?? undefined}>
        <span class={`presence-state ${status ?? ''}`} data-testid="presence-state">
          <span aria-hidden="true">{status === 'available' ? '●' : status === 'wrap_up' ? '◐' : '○'}</span>{' '}
          {t(status === null ? 'common.loading' : `doc.${status}`)}
        </span>
        <button
          type="button"
          class={`btn ${onDuty ? '' : 'primary'}`}
          role="switch"
          aria-checked={onDuty}
          aria-describedby="shift-note"
          disabled={busy || status === null}
          onClick={() => void setStatus(onDuty ? 'away' : 'available')}
        >
          {t(onDuty ? 'doc.goAway' : 'doc.goAvailable')}
        </button>
      </div>
      <ShiftNote presence={presence} />
      {presenceNote ? <Notice kind="info">{t(presenceNote)}</Notice> : null}
      {message ? <Notice kind={message.kind} msg={message} /> : null}
      {status === 'wrap_up' && presence?.wrapUpUntil ? (
        <WrapUp
          until={presence.wrapUpUntil}
          showTitle={message?.key !== 'doc.consult.done'}
          busy={busy}
          onReady={() => void setStatus('available')}
        />
      ) : null}
      {offer ? (
        // a fixed bottom sheet: in view wherever the page is scrolled
        <div class="offer-sheet" data-testid="offer-card">
          <OfferCard
            offer={offer}
            busy={busy}
            onAccept={() => void answer('consult:accept')}
            onDecline={() => void answer('consult:decline')}
          />
        </div>
      ) : null}
      {consult ? (
        <ActiveConsult
          consult={consult}
          onCompleted={() => {
            setConsult(null);
            setMessage({ kind: 'ok', key: 'doc.consult.done' });
          }}
        />
      ) : null}
    </Section>
  );
}

/** Whether a call can come now: the rostered window, or "no shift now — next: Thứ Ba 09:00". */
function ShiftNote({ presence }: { presence: PresenceState | null }) {
  const { t, lang, config, time } = useApp();
  if (!presence) return <p id="shift-note" hidden />;
  if (presence.window) {
    return (
      <p id="shift-note" class="shift-note on" data-testid="shift-note">
        {t('doc.shift.now', { end: time(presence.window.endsAt) })}
      </p>
    );
  }
  return (
    <p id="shift-note" class="shift-note off" data-testid="shift-note">
      <span aria-hidden="true">⚠ </span>
      {presence.nextWindow
        ? t('doc.shift.none', {
            next: windowStartLabel(presence.nextWindow, LOCALE[lang], config.operationsTz, serverNow()),
          })
        : t('doc.shift.noneAtAll')}
    </p>
  );
}

/** After a completed consult: the server holds offers back until `until`; the doctor may end it sooner. */
function WrapUp({
  until,
  showTitle,
  busy,
  onReady,
}: {
  until: string;
  showTitle: boolean;
  busy: boolean;
  onReady: () => void;
}) {
  const { t } = useApp();
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 500);
    return () => clearInterval(timer);
  }, [until]);
  return (
    <div class="wrap-up" role="status" data-testid="wrap-up">
      {showTitle ? <p class="wrap-up-title">{t('doc.wrapUp.title')}</p> : null}
      <p class="wrap-up-left" data-testid="wrap-up-left">
        {t('doc.wrapUp.left', { time: formatCountdown(secondsLeft(until, now)) })}
      </p>
      <button type="button" class="btn primary wide" disabled={busy} onClick={onReady}>
        {t('doc.wrapUp.ready')}
      </button>
    </div>
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
    <article class="offer-card" data-testid="offer" aria-live="assertive" aria-labelledby="offer-title">
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
