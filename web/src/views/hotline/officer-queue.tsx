import './hotline.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, type Page, query } from '../../api';
import { Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';
import { ContactSummary } from './contact-item';
import { ReportActions } from './report-actions';
import type { Contact, ReportEvent } from './types';

const OPEN = ['forwarded', 'in_progress'] as const satisfies readonly Contact['status'][];

/**
 * A district officer's page: the reports forwarded to their district (the server shows no other),
 * new ones arriving live over the socket (`report:forwarded`), oldest first; handled ones below.
 */
export function OfficerQueue() {
  const { t, user } = useApp();
  const [open, setOpen] = useState<Contact[]>([]);
  const [done, setDone] = useState<Contact[]>([]);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const load = useCallback(async () => {
    const [a, b, h] = await Promise.all(
      [...OPEN, 'handled'].map((status) =>
        get<Page<Contact>>(`/api/contacts${query({ status, limit: 100 })}`),
      ),
    );
    setOpen([...a.items, ...b.items].sort((x, y) => forwardedAt(x) - forwardedAt(y)));
    setDone(h.items.slice(0, 20));
  }, []);
  const reload = () => void load().catch(() => undefined);
  useEffect(reload, [load]);
  useOnReconnect(reload);
  useSocketEvent<ReportEvent>('report:forwarded', (p) => {
    setFresh((s) => new Set(s).add(p.contactId));
    reload();
  });
  return (
    <div class="hotline-layout">
      <Section title={t('hl.queue.title', { district: user.district ?? '' })} id="officer-queue">
        <div aria-live="polite">
          {open.length === 0 ? <p class="muted">{t('hl.queue.empty')}</p> : null}
          <ul class="list contacts" data-testid="officer-queue">
            {open.map((c) => (
              <li
                key={c.id}
                data-id={c.id}
                data-status={c.status}
                class={`${fresh.has(c.id) ? 'fresh' : ''} ${c.forward?.overdue ? 'is-overdue' : ''}`}
              >
                <ContactSummary contact={c} />
                {c.forward?.note ? (
                  <p>
                    {t('hl.note')}: {c.forward.note}
                  </p>
                ) : null}
                <ReportActions contact={c} onDone={reload} />
              </li>
            ))}
          </ul>
        </div>
      </Section>
      <Section title={t('hl.queue.handled')} id="officer-handled">
        {done.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
        <ul class="list contacts" data-testid="officer-handled">
          {done.map((c) => (
            <li key={c.id} data-id={c.id} data-status={c.status}>
              <ContactSummary contact={c} />
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

const forwardedAt = (c: Contact): number => Date.parse(c.forward?.forwardedAt ?? c.receivedAt);
