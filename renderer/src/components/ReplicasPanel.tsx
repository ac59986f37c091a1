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
  // The HPA's desired and current replicas, on the same time axis.
  const hpa = useMemo(() => replicaChart(samples.map((s) => ({ t: s.t, ready: s.hpa ?? {} }))), [samples]);
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
        height={hpa.labels.length > 0 ? 120 : 170}
      />
      {hpa.labels.length > 0 ? (
        <UPlotChart
          title="HorizontalPodAutoscaler: desired vs current replicas"
          data={hpa}
          unit="replicas"
          theme={theme}
          stepped
          height={120}
        />
      ) : null}
    </div>
  );
}
