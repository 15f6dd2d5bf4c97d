import { useState } from 'preact/hooks';
import { Tabs } from '../../components';
import { useApp } from '../../context';
import { RosterBoard } from './roster-board';
import { QueuePanel } from './queue-panel';
import { EscalationsPanel } from './escalations-panel';
import { DoctorsPanel } from './doctors-panel';
import { HotlineOverview } from '../hotline/hotline-overview';
import { CoordinatorCover } from '../cover/coordinator-cover';
import { DailyStats } from '../stats/daily-stats';

export function CoordinatorView() {
  const { t } = useApp();
  const [tab, setTab] = useState<'roster' | 'doctors' | 'hotline' | 'cover' | 'stats'>('roster');
  return (
    <div class="coord-layout">
      <div class="coord-main">
        <Tabs
          keys={['roster', 'doctors', 'hotline', 'cover', 'stats'] as const}
          active={tab}
          onSelect={setTab}
          label={t('app.name')}
        />
        {tab === 'cover' ? (
          <CoordinatorCover />
        ) : tab === 'stats' ? (
          <DailyStats />
        ) : tab === 'roster' ? (
          <RosterBoard />
        ) : tab === 'doctors' ? (
          <DoctorsPanel />
        ) : (
          <HotlineOverview />
        )}
      </div>
      <aside class="coord-side">
        <QueuePanel />
        <EscalationsPanel />
      </aside>
    </div>
  );
}
