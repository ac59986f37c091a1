import { useEffect } from 'react';
import { useInspector } from '../state/inspector.slice';
import { useLab } from '../state/lab.store';
import { useScenario } from '../state/scenario.slice';
import { ClusterPanel } from './ClusterPanel';
import { GraphArea } from './GraphArea';
import { Inspector } from './Inspector';
import { InstrumentsDock } from './InstrumentsDock';
import { ProgressStrip } from './ProgressStrip';
import { ScenarioList } from './ScenarioList';
import { ThemeToggle } from './ThemeToggle';
import { TimelineBar } from './TimelineBar';

export function App() {
  const theme = useLab((state) => state.settings?.theme ?? 'system');
  const error = useLab((state) => state.error);
  const info = useLab((state) => state.info);
  const inspecting = useInspector((state) => state.selectedId !== null);
  const inScenario = useScenario((state) => state.view !== null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className={`shell${inspecting ? ' inspecting' : ''}${inScenario ? ' in-scenario' : ''}`}>
      <header className="shell-header">
        <h1>Deploy Lab</h1>
        <span className="muted" data-testid="host-info">
          {info ? `v${info.version} · ${info.host} mode` : 'connecting…'}
        </span>
        <ThemeToggle />
      </header>
      {error ? (
        <div className="error-banner" role="alert">
          {error}
        </div>
      ) : null}
      <aside className="shell-left">
        <ScenarioList />
      </aside>
      <main className="shell-main">
        <TimelineBar />
        <ProgressStrip />
        <div className="shell-graph">
          <GraphArea />
        </div>
      </main>
      <div className="shell-dock">
        <InstrumentsDock />
      </div>
      <aside className="shell-right">{inspecting ? <Inspector /> : <ClusterPanel />}</aside>
    </div>
  );
}
