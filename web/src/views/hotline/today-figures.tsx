import { useEffect, useState } from 'preact/hooks';
import { type components, get, query } from '../../api';
import { Section } from '../../components';
import { useApp } from '../../context';
import { BRANCHES } from '../../lib/hotline';

type HotlineDay = components['schemas']['DailyStatsDto'];

const FIGURES = [
  'contactsReceived',
  'contactsResolved',
  'contactsForwarded',
  'contactsTransferred',
  'forwardedHandled',
  'forwardedOverdue',
] as const satisfies readonly (keyof HotlineDay)[];

/** Today's figures (GET /api/stats/daily for today), read again whenever `refresh` changes. */
export function TodayFigures({ date, refresh }: { date: string; refresh: number }) {
  const { t, dayLabel } = useApp();
  const [day, setDay] = useState<HotlineDay | null>(null);
  useEffect(() => {
    get<HotlineDay[]>(`/api/stats/daily${query({ from: date, to: date })}`).then(
      (days) => setDay(days[0] ?? null),
      () => setDay(null),
    );
  }, [date, refresh]);
  return (
    <Section title={t('hl.today.title', { date: dayLabel(date) })} id="hotline-today">
      <dl class="stats" data-testid="hotline-today">
        {FIGURES.map((f) => (
          <div key={f}>
            <dt>{t(`hl.fig.${f}`)}</dt>
            <dd data-figure={f}>{day ? day[f] : '–'}</dd>
          </div>
        ))}
      </dl>
      <dl class="stats">
        {BRANCHES.map((b) => (
          <div key={b}>
            <dt>
              <kbd>{b}</kbd> {t(`hl.branch.${b}`)}
            </dt>
            <dd data-branch={b}>{day ? (day.byBranch[String(b)] ?? 0) : '–'}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
