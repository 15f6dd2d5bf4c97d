import { useApp } from '../../context';
import type { Contact } from './types';

/** One contact's line: when, branch, category, where, the summary and its status in words. */
export function ContactSummary({ contact: c }: { contact: Contact }) {
  const { t, time } = useApp();
  return (
    <div class="contact-summary">
      <div class="row">
        <strong>{time(c.receivedAt, true)}</strong>
        <span class="badge">
          <kbd>{c.branch}</kbd> {t(`hl.branch.${c.branch}`)}
        </span>
        <span>{t(`hl.cat.${c.category}`)}</span>
        <span class={`status-pill st-${c.status}`} data-status={c.status}>
          {t(`hl.status.${c.status}`)}
        </span>
        {c.forward?.overdue ? (
          <span class="badge overdue-badge" data-overdue={c.forward.overdue}>
            ⚠ {t(`hl.overdue.${c.forward.overdue}`)}
          </span>
        ) : null}
      </div>
      <p class="contact-text">{c.summary}</p>
      <p class="muted">
        {[c.ward, c.district].filter(Boolean).join(', ')}
        {c.address ? ` · ${c.address}` : ''}
        {c.callerName || c.callerPhone ? ` · ${[c.callerName, c.callerPhone].filter(Boolean).join(' ')}` : ''}
      </p>
      {c.consultId ? <p class="muted">{t('hl.consultQueued')}</p> : null}
      {c.status === 'received' && c.lastReturn ? (
        <p class="returned">
          {t('hl.returned', { district: c.forward?.district ?? c.district })}: {c.lastReturn.reason}
        </p>
      ) : null}
      {c.forward?.result ? (
        <p>
          {t('hl.result')}: {c.forward.result}
        </p>
      ) : null}
    </div>
  );
}
