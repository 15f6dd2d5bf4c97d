import { useEffect, useMemo, useState } from 'preact/hooks';
import { type components, get, post } from '../../api';
import { Notice, Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { coalesce, formatWait, waitLevel, waitNow } from '../../lib/board';
import './coordinator.css';
import { errorMessage, type Message } from '../../lib/messages';

type Board = components['schemas']['BoardDto'];
type Caller = Board['waiting'][number];
type BoardDoctor = Board['doctors'][number];

/** At most one read of the board a second, whatever the burst of events. */
const MIN_GAP_MS = 1000;
/** A safety re-read, in case an event was missed; waits tick on this device meanwhile. */
const REFRESH_MS = 30_000;

/**
 * The supervisor board (Twilio Flex's queues and agents view): every waiting caller with the wait
 * (amber from 2 min, red from 5), how many doctors passed on them and a cancel button; every doctor on
 * shift now with their status as the server derives it. Re-read on `queue:updated`,
 * `board:doctor-changed` and reconnect, coalesced to once a second.
 */
export function BoardPanel() {
  const [board, setBoard] = useState<{ data: Board; readAt: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [message, setMessage] = useState<Message | null>(null);

  const loader = useMemo(
    () =>
      coalesce(
        async () => {
          try {
            const data = await get<Board>('/api/consults/board');
            setBoard({ data, readAt: Date.now() });
            setFailed(false);
          } catch {
            setFailed(true);
          }
        },
        MIN_GAP_MS,
        {
          now: () => Date.now(),
          setTimeout: (fn, ms) => window.setTimeout(fn, ms),
          clearTimeout: (h) => window.clearTimeout(h as number),
        },
      ),
    [],
  );
  useEffect(() => {
    loader.request();
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    const refresh = window.setInterval(() => loader.request(), REFRESH_MS);
    return () => {
      loader.cancel();
      window.clearInterval(tick);
      window.clearInterval(refresh);
    };
  }, [loader]);
  useOnReconnect(() => loader.request());
  useSocketEvent('queue:updated', () => loader.request());
  useSocketEvent('board:doctor-changed', () => loader.request());

  const cancel = async (c: Caller, name: string) => {
    setMessage(null);
    try {
      await post(`/api/consults/${c.id}/cancel`);
      setMessage({ kind: 'ok', key: 'board.cancelled', params: { name } });
    } catch (err) {
      setMessage({ kind: 'error', ...errorMessage(err) });
    }
    loader.request();
  };

  return (
    <div class="board" data-testid="board">
      {failed ? <Notice kind="error" msg={{ key: 'board.loadFailed' }} /> : null}
      {message ? <Notice kind={message.kind} msg={message} /> : null}
      <WaitingCallers
        callers={board?.data.waiting ?? []}
        readAt={board?.readAt ?? now}
        now={now}
        loaded={board !== null}
        onCancel={(c, name) => void cancel(c, name)}
      />
      <OnShiftDoctors doctors={board?.data.doctors ?? []} loaded={board !== null} />
    </div>
  );
}

function WaitingCallers({
  callers,
  readAt,
  now,
  loaded,
  onCancel,
}: {
  callers: Caller[];
  readAt: number;
  now: number;
  loaded: boolean;
  onCancel: (c: Caller, name: string) => void;
}) {
  const { t } = useApp();
  const [confirming, setConfirming] = useState<string | null>(null);
  return (
    <Section title={t('board.waiting.title', { n: callers.length })} id="board-waiting">
      {loaded && callers.length === 0 ? <p class="muted">{t('board.waiting.none')}</p> : null}
      {callers.length ? (
        <div class="table-scroll">
          <table class="board-table">
            <thead>
              <tr>
                <th scope="col">{t('board.col.caller')}</th>
                <th scope="col">{t('board.col.reason')}</th>
                <th scope="col">{t('board.col.language')}</th>
                <th scope="col">{t('board.col.wait')}</th>
                <th scope="col">{t('board.col.passed')}</th>
                <th scope="col">{t('board.col.state')}</th>
                <th scope="col">{t('board.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {callers.map((c) => {
                const seconds = waitNow(c.waitSeconds, readAt, now);
                const level = waitLevel(seconds);
                const name = c.callerName ?? t('board.caller.unnamed');
                return (
                  <tr key={c.id} data-testid="queue-row" data-wait={level} class={`wait-${level}`}>
                    <th scope="row">{name}</th>
                    <td class="reason-cell">{c.reason}</td>
                    <td>{languageName(c.language, t)}</td>
                    <td class="wait-cell">
                      <span class={`wait-badge wait-${level}`}>
                        <span aria-hidden="true">
                          {level === 'red' ? '■ ' : level === 'amber' ? '▲ ' : ''}
                        </span>
                        {formatWait(seconds)}
                        {level !== 'ok' ? <small> {t(`board.wait.${level}`)}</small> : null}
                      </span>
                    </td>
                    <td data-testid="passed">{c.passedBy ? t('board.passed', { n: c.passedBy }) : '0'}</td>
                    <td>
                      {c.status === 'offered' && c.offeredTo
                        ? t('board.offeredTo', { name: c.offeredTo })
                        : t('board.queued')}
                    </td>
                    <td>
                      {confirming === c.id ? (
                        <button
                          type="button"
                          class="btn danger"
                          onClick={() => {
                            setConfirming(null);
                            onCancel(c, name);
                          }}
                          onBlur={() => setConfirming(null)}
                        >
                          {t('board.cancelConfirm')}
                        </button>
                      ) : (
                        <button type="button" class="btn" onClick={() => setConfirming(c.id)}>
                          {t('board.cancel')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Section>
  );
}

const languageName = (code: string | null, t: (key: string) => string): string =>
  code === null ? t('board.lang.any') : code === 'vi' || code === 'en' ? t(`board.lang.${code}`) : code;

const STATUS_SYMBOL: Record<BoardDoctor['status'], string> = {
  available: '●',
  offered: '◔',
  on_call: '☎',
  wrap_up: '✎',
  away: '○',
  offline: '✕',
};

function OnShiftDoctors({ doctors, loaded }: { doctors: BoardDoctor[]; loaded: boolean }) {
  const { t, time } = useApp();
  return (
    <Section title={t('board.doctors.title', { n: doctors.length })} id="board-doctors">
      {loaded && doctors.length === 0 ? <p class="muted">{t('board.doctors.none')}</p> : null}
      <ul class="doctor-statuses">
        {doctors.map((d) => (
          <li
            key={d.id}
            class={`doctor-status st-${d.status}`}
            data-testid="doctor-status"
            data-status={d.status}
          >
            <span class="st-chip">
              <span aria-hidden="true">{STATUS_SYMBOL[d.status]}</span> {t(`board.status.${d.status}`)}
            </span>
            <strong class="st-name">{d.fullName}</strong>
            <span class="muted st-meta">
              {d.languages.map((l) => l.toUpperCase()).join(' · ')}
              {d.since ? ` · ${t('board.since', { time: time(d.since) })}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
