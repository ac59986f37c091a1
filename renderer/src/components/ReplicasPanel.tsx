import { useMemo } from 'react';
import { useColorMode } from '../graph/use-color-mode';
import { replicaChart } from '../state/chart-series';
import { useReplicas } from '../state/replicas.slice';
import { UPlotChart } from './UPlotChart';

/** Ready replicas per Deployment, from the graph snapshots this window has received. */
export function ReplicasPanel() {
  const samples = useReplicas((s) => s.samples);
  const theme = useColorMode();
  const data = useMemo(() => replicaChart(samples), [samples]);
  return (
    <div className="instrument" data-testid="replicas-panel">
      {data.labels.length === 0 ? (
        <p className="muted small">
          No Deployment seen yet. The chart starts from the first one this window sees.
        </p>
      ) : null}
      <UPlotChart
        title="Ready replicas per Deployment (since this window opened)"
        data={data}
        unit="ready"
        theme={theme}
        stepped
        height={170}
      />
    </div>
  );
}
