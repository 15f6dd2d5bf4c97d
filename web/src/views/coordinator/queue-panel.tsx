import { useCallback, useEffect, useState } from 'preact/hooks';
import { get, type QueueStats } from '../../api';
import { Section } from '../../components';
import { useApp, useOnReconnect, useSocketEvent } from '../../context';

export function QueuePanel() {
  const { t } = useApp();
  const [stats, setStats] = useState<QueueStats | null>(null);
  const load = useCallback(() => {
    get<QueueStats>('/api/consults/queue').then(setStats, () => undefined);
  }, []);
  useEffect(load, [load]);
  useOnReconnect(load);
  useSocketEvent<QueueStats>('queue:updated', setStats);
  const wait = stats
    ? `${Math.floor(stats.longestWaitSeconds / 60)}:${String(stats.longestWaitSeconds % 60).padStart(2, '0')}`
    : '–';
  return (
    <Section title={t('queue.title')} id="queue">
      <dl class="stats" data-testid="queue">
        <div>
          <dt>{t('queue.queued')}</dt>
          <dd data-testid="queue-queued">{stats?.queued ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('queue.offered')}</dt>
          <dd>{stats?.offered ?? '–'}</dd>
        </div>
        <div>
          <dt>{t('queue.longest')}</dt>
          <dd>{wait}</dd>
        </div>
        <div>
          <dt>{t('queue.available')}</dt>
          <dd>{stats?.doctorsAvailable ?? '–'}</dd>
        </div>
      </dl>
    </Section>
  );
}
