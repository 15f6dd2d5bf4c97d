import { useState } from 'preact/hooks';
import { Tabs } from '../../components';
import { useApp } from '../../context';
import { BoardPanel } from './board-panel';
import { RosterBoard } from './roster-board';
import { QueuePanel } from './queue-panel';
import { EscalationsPanel } from './escalations-panel';
import { DoctorsPanel } from './doctors-panel';
import { HotlineOverview } from '../hotline/hotline-overview';
import { CoordinatorCover } from '../cover/coordinator-cover';
import { DailyStats } from '../stats/daily-stats';

const TABS = ['board', 'roster', 'doctors', 'hotline', 'cover', 'stats'] as const;

export function CoordinatorView() {
  const { t } = useApp();
  const [tab, setTab] = useState<(typeof TABS)[number]>('board');
  return (
    <div class="coord-layout">
      <div class="coord-main">
        {/* the view's heading under the page's one h1 (the app's name in the top bar): where the coordinator is */}
        <h2 class="visually-hidden">
          {t('coord.heading')} · {t(`nav.${tab}`)}
        </h2>
        <Tabs keys={TABS} active={tab} onSelect={setTab} label={t('app.name')} />
        {tab === 'board' ? (
          <BoardPanel />
        ) : tab === 'cover' ? (
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
