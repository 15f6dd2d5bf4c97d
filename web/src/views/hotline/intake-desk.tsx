import './hotline.css';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, type Page, query } from '../../api';
import { Notice, Section } from '../../components';
import { useApp, useOnReconnect } from '../../context';
import { ContactActions } from './contact-actions';
import { ContactSummary } from './contact-item';
import { IntakeForm } from './intake-form';
import type { Contact } from './types';
import { useAreas } from './use-areas';

/** The operator's page: the intake form, and the latest contacts with answer / forward on those still open. */
export function IntakeDesk() {
  const { t, user } = useApp();
  const areas = useAreas();
  const [recent, setRecent] = useState<Contact[]>([]);
  const load = useCallback(() => {
    // the newest contacts of the hotline, of which this operator's own
    get<Page<Contact>>(`/api/contacts${query({ limit: 200 })}`).then(
      (p) => setRecent(p.items.filter((c) => c.operatorId === user.id).slice(0, 20)),
      () => undefined,
    );
  }, [user.id]);
  useEffect(load, [load]);
  useOnReconnect(load);
  const upsert = (c: Contact) => setRecent((list) => [c, ...list.filter((x) => x.id !== c.id)].slice(0, 20));
  const replace = (c: Contact) => setRecent((list) => list.map((x) => (x.id === c.id ? c : x)));
  return (
    <div class="hotline-layout">
      <Section title={t('hl.intake.title')} id="intake">
        {areas.error ? <Notice kind="error">{t('hl.areasError')}</Notice> : null}
        <IntakeForm areas={areas} onRecorded={upsert} />
      </Section>
      <Section title={t('hl.recent')} id="recent">
        {recent.length === 0 ? <p class="muted">{t('common.none')}</p> : null}
        <ul class="list contacts" data-testid="recent-contacts">
          {recent.map((c) => (
            <li key={c.id} data-id={c.id} data-status={c.status}>
              <ContactSummary contact={c} />
              {c.status === 'received' && !c.consultId ? (
                <ContactActions contact={c} areas={areas} onDone={replace} />
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
