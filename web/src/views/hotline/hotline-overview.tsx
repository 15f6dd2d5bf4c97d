import './hotline.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, type Page, query } from '../../api';
import { Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { localDateOf } from '../../lib/dates';
import { countBy } from '../../lib/hotline';
import { ContactSummary } from './contact-item';
import { TodayFigures } from './today-figures';
import type { Contact } from './types';

/**
 * The coordinators' view of the hotline: today's figures, and the forwarded reports not acknowledged
 * or not handled in time, per district and one by one, updated live on `report:overdue`.
 */
export function HotlineOverview() {
  const { t, config } = useApp();
  const [overdue, setOverdue] = useState<Contact[]>([]);
  const [total, setTotal] = useState(0);
  const [tick, setTick] = useState(0);
  const today = localDateOf(new Date(), config.operationsTz);
  const load = useCallback(async () => {
    const page = await get<Page<Contact>>(`/api/contacts${query({ overdue: 'true', limit: 100 })}`);
    setOverdue(page.items);
    setTotal(page.total);
  }, []);
  const reload = () => {
    void load().catch(() => undefined);
    setTick((n) => n + 1);
  };
  useEffect(() => {
    reload();
    // the day's figures move with every call: read them again each minute as well
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [load]);
  useOnReconnect(reload);
  useSocketEvent('report:overdue', reload);
  const byDistrict = countBy(overdue.map((c) => c.forward?.district ?? c.district));
  return (
    <div class="hotline-layout">
      <TodayFigures date={today} refresh={tick} />
      <Section title={`${t('hl.overdue.title')} (${total})`} id="overdue">
        <div aria-live="polite">
          {byDistrict.length === 0 ? <p class="muted">{t('hl.overdue.none')}</p> : null}
          <table class="figures" data-testid="overdue-by-district">
            <tbody>
              {byDistrict.map(([district, n]) => (
                <tr key={district}>
                  <th scope="row">{district}</th>
                  <td>{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul class="list contacts" data-testid="overdue-list">
            {overdue.map((c) => (
              <li key={c.id} data-id={c.id} class="is-overdue">
                <ContactSummary contact={c} />
              </li>
            ))}
          </ul>
        </div>
      </Section>
    </div>
  );
}
