import { useCallback, useEffect, useState } from 'preact/hooks';
import { type DoctorShift, get, query, serverNow } from '../../api';
import { Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { addDays, localDateOf } from '../../lib/dates';

export function ShiftsPanel({ doctorId }: { doctorId: string }) {
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
