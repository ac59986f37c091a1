import { useEffect } from 'react';
import { useLab } from '../state/lab.store';
import { ClusterPanel } from './ClusterPanel';
import { GraphArea } from './GraphArea';
import { ScenarioList } from './ScenarioList';
import { ThemeToggle } from './ThemeToggle';

export function App() {
  const theme = useLab((state) => state.settings?.theme ?? 'system');
  const error = useLab((state) => state.error);
  const info = useLab((state) => state.info);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="shell">
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
        <GraphArea />
      </main>
      <aside className="shell-right">
        <ClusterPanel />
      </aside>
    </div>
  );
}
