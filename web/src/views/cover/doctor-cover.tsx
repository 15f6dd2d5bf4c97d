import '../stats/stats.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type DoctorShift, get, type Page, post, query, serverNow } from '../../api';
import { Notice, Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { addDays, localDateOf } from '../../lib/dates';
import { type CoverRequest, windowLabel } from './cover-common';
import { errorMessage, type Message } from '../../lib/messages';

/**
 * A doctor's cover requests: ask for cover on an upcoming published shift, withdraw an open request,
 * and take a colleague's open window they are eligible for (`roster:cover-offered` reloads the list).
 */
export function DoctorCover({ doctorId }: { doctorId: string }) {
  const ctx = useApp();
  const { t, config } = ctx;
  const [requests, setRequests] = useState<CoverRequest[]>([]);
  const [shifts, setShifts] = useState<DoctorShift[]>([]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const load = useCallback(() => {
    const today = localDateOf(new Date(), config.operationsTz);
    get<Page<CoverRequest>>(`/api/rosters/cover-requests${query({ limit: 100 })}`).then(
      (p) => setRequests(p.items),
      () => undefined,
    );
    get<{ windows: DoctorShift[] }>(
      `/api/doctors/${doctorId}/shifts${query({ from: today, to: addDays(today, 28) })}`,
    ).then(
      (res) => setShifts(res.windows),
      () => undefined,
    );
  }, [doctorId, config.operationsTz]);
  useEffect(load, [load]);
  useOnReconnect(load);
  useSocketEvent('roster:cover-offered', load);
  useSocketEvent('roster:published', load);

  const mine = requests.filter((r) => r.requestedBy === doctorId);
  const others = requests.filter((r) => r.requestedBy !== doctorId);
  const asked = new Set(mine.map((r) => r.windowKey));
  const now = serverNow();
  const askable = shifts
    .filter((s) => Date.parse(s.endsAt) > now && !asked.has(s.windowKey))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const selected = askable.some((s) => s.windowKey === choice) ? choice : (askable[0]?.windowKey ?? '');

  const act = async (run: () => Promise<Message>) => {
    setBusy(true);
    try {
      setMessage(await run());
      load();
    } catch (err) {
      setMessage({ kind: 'error', ...errorMessage(err) });
      load();
    } finally {
      setBusy(false);
    }
  };
  const ask = (e: Event) => {
    e.preventDefault();
    if (!selected) return;
    void act(async () => {
      await post('/api/rosters/cover-requests', { windowKey: selected });
      return { kind: 'ok', key: 'cv.asked', params: { window: windowLabel(ctx, selected) } };
    });
  };
  const withdraw = (r: CoverRequest) =>
    act(async () => {
      await post(`/api/rosters/cover-requests/${r.id}/cancel`);
      return { kind: 'ok', key: 'cv.withdrawn', params: { window: windowLabel(ctx, r.windowKey) } };
    });
  const take = (r: CoverRequest) =>
    act(async () => {
      await post(`/api/rosters/cover-requests/${r.id}/accept`);
      return { kind: 'ok', key: 'cv.taken', params: { window: windowLabel(ctx, r.windowKey) } };
    });

  return (
    <Section title={t('cv.title')} id="cover">
      <div class="cover-page" data-testid="doctor-cover">
        {message ? <Notice kind={message.kind} msg={message} /> : null}
        <form class="cover-resolve" onSubmit={ask} aria-label={t('cv.ask')}>
          {askable.length ? (
            <>
              <label class="field inline">
                <span class="label">{t('cv.ask')}</span>
                <select
                  name="coverWindow"
                  value={selected}
                  onChange={(e) => setChoice(e.currentTarget.value)}
                >
                  {askable.map((s) => (
                    <option key={s.windowKey} value={s.windowKey}>
                      {windowLabel(ctx, s.windowKey)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="btn primary" disabled={busy}>
                {t('cv.askFor', { window: windowLabel(ctx, selected) })}
              </button>
            </>
          ) : (
            <p class="muted">{t('cv.noShifts')}</p>
          )}
        </form>
        <p class="muted">{t('cv.askHint')}</p>
        <h3 class="sub">{t('cv.mine')}</h3>
        {mine.length === 0 ? <p class="muted">{t('cv.noneMine')}</p> : null}
        <ul class="list cover-list">
          {mine.map((r) => (
            <li key={r.id} data-testid="my-cover-request" data-status={r.status}>
              <span class="when">{windowLabel(ctx, r.windowKey)}</span>
              <span class={`cover-status ${r.status}`}>{t(`cv.status.${r.status}`)}</span>
              <button type="button" class="btn" disabled={busy} onClick={() => void withdraw(r)}>
                {t('cv.withdraw')}
              </button>
            </li>
          ))}
        </ul>
        {others.length ? (
          <>
            <h3 class="sub">{t('cv.canTake')}</h3>
            <ul class="list cover-list">
              {others.map((r) => (
                <li key={r.id} data-testid="offered-cover-request">
                  <span class="when">{windowLabel(ctx, r.windowKey)}</span>
                  <span class="muted">{t('cv.requestedBy', { name: r.requestedByName ?? '?' })}</span>
                  <button type="button" class="btn primary" disabled={busy} onClick={() => void take(r)}>
                    {t('cv.take')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </Section>
  );
}
