import '../stats/stats.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, type Page, post, query } from '../../api';
import { Notice, Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { type Candidate, type CoverRequest, windowLabel } from './cover-common';
import { errorMessage, type Message, type Msg } from '../../lib/messages';

const STATUSES = ['open', 'covered', 'cancelled'] as const;

/**
 * Coordinators' cover requests: the open ones first (live on `roster:cover-needed`), each resolved by
 * giving the window to one of its candidates (eligible doctors, from the server) or by declining it
 * (the doctor keeps the window); covered and cancelled ones for reference.
 */
export function CoordinatorCover() {
  const ctx = useApp();
  const { t } = ctx;
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [page, setPage] = useState<Page<CoverRequest> | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const load = useCallback(() => {
    get<Page<CoverRequest>>(`/api/rosters/cover-requests${query({ status, limit: 100 })}`).then(
      (p) => {
        setPage(p);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [status]);
  useEffect(load, [load]);
  useOnReconnect(load);
  useSocketEvent('roster:cover-needed', load);
  useSocketEvent('roster:cover-unfilled', load);
  const done = (m: Message) => {
    setMessage(m);
    load();
  };
  return (
    <div class="cover-page" data-testid="coordinator-cover">
      <h2 class="page-title">{t('cv.title')}</h2>
      <Section title={`${t(`cv.status.${status}`)} (${page?.total ?? '…'})`} id="cover-requests">
        <div class="toolbar">
          <label class="field inline">
            <span class="label">{t('cv.filter')}</span>
            <select
              name="coverStatus"
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as (typeof STATUSES)[number])}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`cv.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {message ? <Notice kind={message.kind} msg={message} /> : null}
        {error ? <Notice kind="error" msg={error} /> : null}
        {page && page.items.length === 0 ? <p class="muted">{t('cv.noneOpen')}</p> : null}
        <ul class="list cover-list" aria-live="polite">
          {(page?.items ?? []).map((r) => (
            <li key={r.id} data-testid="cover-request" data-id={r.id} data-status={r.status}>
              <span class="when">{windowLabel(ctx, r.windowKey)}</span>
              <span>{t('cv.requestedBy', { name: r.requestedByName ?? '?' })}</span>
              <span class={`cover-status ${r.status}`}>{t(`cv.status.${r.status}`)}</span>
              {r.coveredByName ? <span>{t('cv.coveredBy', { name: r.coveredByName })}</span> : null}
              {r.status === 'open' ? <Resolve request={r} onDone={done} /> : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

function Resolve({ request, onDone }: { request: CoverRequest; onDone: (m: Message) => void }) {
  const ctx = useApp();
  const { t } = ctx;
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [doctorId, setDoctorId] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<Candidate[]>(`/api/rosters/cover-requests/${request.id}/candidates`).then(
      (c) => {
        setCandidates(c);
        setDoctorId(c[0]?.id ?? '');
      },
      () => setCandidates([]),
    );
  }, [request.id]);
  const window = windowLabel(ctx, request.windowKey);
  const run = async (path: string, body: object, ok: Message) => {
    setBusy(true);
    try {
      await post(`/api/rosters/cover-requests/${request.id}/${path}`, body);
      onDone(ok);
    } catch (err) {
      onDone({ kind: 'error', ...errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const chosen = candidates?.find((c) => c.id === doctorId);
  const selectId = `cover-candidate-${request.id}`;
  return (
    <div class="cover-resolve">
      {candidates === null ? (
        <span class="muted">{t('common.loading')}</span>
      ) : candidates.length === 0 ? (
        <span class="muted">{t('cv.noCandidate')}</span>
      ) : (
        <>
          <label class="field inline" for={selectId}>
            <span class="label">{t('cv.candidate')}</span>
            <select id={selectId} value={doctorId} onChange={(e) => setDoctorId(e.currentTarget.value)}>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.fullName}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="btn primary"
            disabled={busy || !chosen}
            onClick={() =>
              void run(
                'assign',
                { doctorId },
                { kind: 'ok', key: 'cv.assigned', params: { window, name: chosen?.fullName ?? '' } },
              )
            }
          >
            {t('cv.assign')}
          </button>
        </>
      )}
      <button
        type="button"
        class="btn"
        disabled={busy}
        onClick={() =>
          void run(
            'cancel',
            {},
            { kind: 'ok', key: 'cv.declined', params: { window, name: request.requestedByName ?? '?' } },
          )
        }
      >
        {t('cv.decline')}
      </button>
    </div>
  );
}
