import { useEffect, useMemo, useState } from 'react';
import { useColorMode } from '../graph/use-color-mode';
import { trafficCharts } from '../state/chart-series';
import { useInstruments } from '../state/instruments.slice';
import { useLab } from '../state/lab.store';
import { UPlotChart } from './UPlotChart';

const POLL_MS = 1000;
/** Three charts, their legends and the control row fit the 272 px dock without scrolling. */
const CHART_HEIGHT = 112;

/**
 * The synthetic client: where it sends requests and how fast, and what came back per version
 * (traffic.stats, polled every second while this tab is shown).
 */
export function TrafficPanel() {
  const stats = useInstruments((s) => s.traffic);
  const error = useInstruments((s) => s.trafficError);
  const busy = useInstruments((s) => s.busy);
  const poll = useInstruments((s) => s.pollTraffic);
  const start = useInstruments((s) => s.startTraffic);
  const stop = useInstruments((s) => s.stopTraffic);
  const graph = useLab((s) => s.graph);
  const theme = useColorMode();
  const services = useMemo(
    () => (graph?.model?.nodes ?? []).filter((n) => n.kind === 'service' && n.name !== 'kubernetes'),
    [graph],
  );
  const [serviceId, setServiceId] = useState('');
  const [rate, setRate] = useState('10');
  const chosen = services.find((s) => s.id === serviceId) ?? services[0];

  useEffect(() => {
    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [poll]);

  const charts = useMemo(() => trafficCharts(stats?.series ?? []), [stats]);
  const rateNumber = Number(rate);
  const rateOk = Number.isFinite(rateNumber) && rateNumber > 0 && rateNumber <= 1000;

  return (
    <div className="instrument traffic-panel" data-testid="traffic-panel">
      <form
        className="control-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen && rateOk) void start(chosen.name, chosen.namespace, rateNumber);
        }}
      >
        <label>
          Service{' '}
          <select
            value={chosen?.id ?? ''}
            onChange={(e) => setServiceId(e.target.value)}
            disabled={services.length === 0}
            aria-label="Service"
          >
            {services.length === 0 ? <option value="">no Service deployed</option> : null}
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.namespace}/{s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rate{' '}
          <input
            type="number"
            min={1}
            max={1000}
            value={rate}
            onChange={(e) => setRate(e.target.value)}
            className="num-input"
            aria-label="Requests per second"
          />{' '}
          req/s
        </label>
        <button type="submit" disabled={busy || !chosen || !rateOk || stats?.available === false}>
          {stats?.running ? 'Restart' : 'Start'}
        </button>
        <button type="button" onClick={() => void stop()} disabled={busy || !stats?.running}>
          Stop
        </button>
        <span className="muted small" data-testid="traffic-message">
          {error ?? stats?.message ?? 'Asking the engine…'}
          {stats && stats.total > 0
            ? ` ${stats.total} requests, ${stats.failed} failed${stats.byVersion.length ? ` (${stats.byVersion.map((v) => `${v.version}: ${v.ok} ok / ${v.failed} failed`).join(', ')})` : ''}.`
            : ''}
        </span>
      </form>
      <div className="chart-row">
        <UPlotChart
          title="Requests per second, by version"
          data={charts.requestRate}
          unit="req/s"
          theme={theme}
          height={CHART_HEIGHT}
        />
        <UPlotChart
          title="Error rate, by version"
          data={charts.errorRate}
          unit="% failed"
          theme={theme}
          height={CHART_HEIGHT}
        />
        <UPlotChart
          title="Latency p50 / p95, by version"
          data={charts.latency}
          unit="ms"
          theme={theme}
          height={CHART_HEIGHT}
        />
      </div>
    </div>
  );
}
