import './stats.css';
import { useEffect, useState } from 'preact/hooks';
import { type components, get, query } from '../../api';
import { Notice, Section, TierBadge } from '../../components';
import { useApp } from '../../context';
import { addDays, localDateOf } from '../../lib/dates';
import { RISK_TIERS } from '../../lib/tiers';
import { DayChart, type Hour } from './day-chart';
import { errorMessage, type Msg } from '../../lib/messages';

type Day = components['schemas']['DailyStatsDto'];

/** A median wait in words: "45 giây", "3 phút 20 giây". */
function waitText(t: ReturnType<typeof useApp>['t'], seconds: number | null): string {
  if (seconds === null) return '–';
  return seconds < 60
    ? t('st.seconds', { n: seconds })
    : t('st.minutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
}

/**
 * Coordinators' daily statistics for a chosen date of OPERATIONS_TZ: consults, follow-ups, tiers and the
 * hotline (GET /api/stats/daily), and the chart of the day hour by hour (GET /api/stats/hourly).
 */
export function DailyStats() {
  const { t, config, dayLabel } = useApp();
  const today = localDateOf(new Date(), config.operationsTz);
  const [date, setDate] = useState(today);
  const [day, setDay] = useState<Day | null>(null);
  const [hours, setHours] = useState<Hour[] | null>(null);
  const [error, setError] = useState<Msg | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([
      get<Day[]>(`/api/stats/daily${query({ from: date, to: date })}`),
      get<{ hours: Hour[] }>(`/api/stats/hourly${query({ date })}`),
    ]).then(
      ([days, hourly]) => {
        if (!live) return;
        setDay(days[0] ?? null);
        setHours(hourly.hours);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [date]);
  const figure = (label: string, value: string | number, name: string) => (
    <div key={name}>
      <dt>{label}</dt>
      <dd data-figure={name}>{value}</dd>
    </div>
  );
  return (
    <div class="stats-page" data-testid="daily-stats">
      <h2 class="page-title">{t('st.title')}</h2>
      <div class="toolbar stats-toolbar">
        <button type="button" class="btn" onClick={() => setDate(addDays(date, -1))}>
          {t('st.prevDay')}
        </button>
        <label class="field inline">
          <span class="label">{t('st.date')}</span>
          <input
            type="date"
            name="date"
            value={date}
            max={today}
            onChange={(e) => e.currentTarget.value && setDate(e.currentTarget.value)}
          />
        </label>
        <button type="button" class="btn" onClick={() => setDate(addDays(date, 1))} disabled={date >= today}>
          {t('st.nextDay')}
        </button>
        <button type="button" class="btn" onClick={() => setDate(today)} disabled={date === today}>
          {t('st.today')}
        </button>
      </div>
      {error ? <Notice kind="error" msg={error} /> : null}
      {day && hours ? (
        <>
          <Section title={`${t('st.chart.title', { date: dayLabel(date) })}`} id="stats-chart">
            <DayChart date={date} hours={hours} />
          </Section>
          <div class="stats-grid">
            <Section title={t('st.consults')} id="stats-consults">
              <dl class="stats">
                {figure(t('st.consultsReceived'), day.consultsReceived, 'consultsReceived')}
                {figure(t('st.consultsCompleted'), day.consultsCompleted, 'consultsCompleted')}
                {figure(t('st.medianWait'), waitText(t, day.medianWaitSeconds), 'medianWaitSeconds')}
              </dl>
            </Section>
            <Section title={t('st.followUps')} id="stats-follow-ups">
              <dl class="stats">
                {figure(t('st.followUpsDone'), day.followUpsDone, 'followUpsDone')}
                {figure(t('st.followUpsOverdue'), day.followUpsOverdue, 'followUpsOverdue')}
                {figure(
                  t('st.coverage'),
                  day.coverage === null
                    ? '–'
                    : `${Math.round(day.coverage * 100)}% (${t('st.patientsSeen', { seen: day.patientsSeen, due: day.patientsDue })})`,
                  'coverage',
                )}
              </dl>
              <h3 class="sub">{t('st.byTier')}</h3>
              <ul class="tier-counts plain" data-testid="stats-tiers">
                {[...RISK_TIERS].reverse().map((r) => (
                  <li key={r} data-tier-count={r}>
                    <TierBadge tier={r} /> <strong>{day.patientsByTier[r]}</strong>
                  </li>
                ))}
              </ul>
            </Section>
            <Section title={t('st.hotline')} id="stats-hotline">
              <dl class="stats">
                {figure(t('hl.fig.contactsReceived'), day.contactsReceived, 'contactsReceived')}
                {figure(t('hl.fig.contactsResolved'), day.contactsResolved, 'contactsResolved')}
                {figure(t('hl.fig.contactsForwarded'), day.contactsForwarded, 'contactsForwarded')}
                {figure(t('hl.fig.contactsTransferred'), day.contactsTransferred, 'contactsTransferred')}
                {figure(t('hl.fig.forwardedOverdue'), day.forwardedOverdue, 'forwardedOverdue')}
              </dl>
            </Section>
          </div>
        </>
      ) : error ? null : (
        <p class="muted">{t('common.loading')}</p>
      )}
    </div>
  );
}
