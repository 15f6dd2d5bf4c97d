import { type components } from '../../api';
import { useApp } from '../../context';
import { linePath, niceMax, scale, tickCount, ticks } from '../../lib/chart';

export type Hour = components['schemas']['HourStatsDto'];

const W = 720;
const H = 240;
const PAD = { left: 36, right: 44, top: 12, bottom: 28 };
const SERIES = [
  { key: 'received', cls: 'bar-received', value: (h: Hour) => h.contactsReceived },
  { key: 'answered', cls: 'bar-answered', value: (h: Hour) => h.contactsResolved },
  { key: 'forwarded', cls: 'bar-forwarded', value: (h: Hour) => h.contactsForwarded },
] as const;

/**
 * The chart of the day, drawn by hand in SVG: per hour the hotline's received, answered and
 * forwarded contacts as bars (left axis) and the consults' median wait as a line (right axis). It is
 * an image with a title and a description for screen readers, and the same numbers follow as a table.
 */
export function DayChart({ date, hours }: { date: string; hours: Hour[] }) {
  const { t, dayLabel } = useApp();
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const countMax = niceMax(Math.max(0, ...hours.map((h) => h.contactsReceived)));
  const waitMax = niceMax(Math.max(0, ...hours.map((h) => h.medianWaitSeconds ?? 0)));
  const slot = plotW / Math.max(1, hours.length);
  const barW = Math.max(1, (slot - 4) / SERIES.length);
  const y = (v: number, max: number) => PAD.top + plotH - scale(v, max, plotH);
  const wait = linePath(
    hours.map((h, i) =>
      h.medianWaitSeconds === null ? null : [PAD.left + slot * (i + 0.5), y(h.medianWaitSeconds, waitMax)],
    ),
  );
  const titleId = `chart-title-${date}`;
  const descId = `chart-desc-${date}`;
  return (
    <figure class="day-chart" data-testid="day-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{t('st.chart.title', { date: dayLabel(date) })}</title>
        <desc id={descId}>{t('st.chart.desc')}</desc>
        {ticks(countMax, tickCount(countMax)).map((v) => (
          <g key={`c${v}`} class="axis">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v, countMax)} y2={y(v, countMax)} />
            <text x={PAD.left - 4} y={y(v, countMax) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {(wait ? ticks(waitMax, tickCount(waitMax)) : []).map((v) => (
          <text key={`w${v}`} class="axis wait-axis" x={W - PAD.right + 4} y={y(v, waitMax) + 4}>
            {v}
          </text>
        ))}
        {hours.map((h, i) => (
          <g key={h.startsAt} data-hour={h.label}>
            {SERIES.map((s, k) => {
              const v = s.value(h);
              const top = y(v, countMax);
              return (
                <rect
                  key={s.key}
                  class={s.cls}
                  x={PAD.left + slot * i + 2 + barW * k}
                  y={top}
                  width={barW}
                  height={PAD.top + plotH - top}
                />
              );
            })}
            {i % 3 === 0 ? (
              <text class="axis" x={PAD.left + slot * (i + 0.5)} y={H - 8} text-anchor="middle">
                {h.label.slice(0, 2)}
              </text>
            ) : null}
          </g>
        ))}
        {wait ? <path class="wait-line" d={wait} fill="none" /> : null}
      </svg>
      <figcaption class="chart-legend">
        {SERIES.map((s) => (
          <span key={s.key}>
            <i class={`swatch ${s.cls}`} aria-hidden="true" /> {t(`st.chart.${s.key}`)}
          </span>
        ))}
        <span>
          <i class="swatch wait-line" aria-hidden="true" /> {t('st.chart.wait')}
        </span>
      </figcaption>
      <details class="chart-table">
        <summary>{t('st.chart.table')}</summary>
        <table class="figures" data-testid="day-chart-table">
          <thead>
            <tr>
              <th scope="col">{t('st.chart.hour')}</th>
              <th scope="col">{t('st.chart.received')}</th>
              <th scope="col">{t('st.chart.answered')}</th>
              <th scope="col">{t('st.chart.forwarded')}</th>
              <th scope="col">{t('st.chart.consults')}</th>
              <th scope="col">{t('st.chart.wait')}</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.startsAt}>
                <th scope="row">{h.label}</th>
                <td>{h.contactsReceived}</td>
                <td>{h.contactsResolved}</td>
                <td>{h.contactsForwarded}</td>
                <td>{h.consultsReceived}</td>
                <td>{h.medianWaitSeconds ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
