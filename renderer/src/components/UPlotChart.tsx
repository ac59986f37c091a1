import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartData } from '../state/chart-series';

/** Distinct in light and dark themes; series keep their colour by position in the sorted label list. */
const PALETTE = ['#2f6fed', '#e8590c', '#1f9d55', '#ae3ec9', '#d6336c', '#0c8599', '#f59f00'];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length] as string;
}

interface Props {
  title: string;
  data: ChartData;
  unit: string;
  /** Changes when the theme does, so axes are redrawn in the theme's colours. */
  theme: string;
  height?: number;
  /** Stepped lines for counts that jump (ready replicas), straight for rates. */
  stepped?: boolean;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * One uPlot chart. The plot is created once per set of series (and theme) and fed new columns with
 * setData after that, so polling every second does not rebuild the canvas.
 */
export function UPlotChart({ title, data, unit, theme, height = 150, stepped = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const labelsKey = data.labels.join('\u0000');

  useEffect(() => {
    const el = host.current;
    if (!el) return undefined;
    const text = cssVar('--muted', '#5d6678');
    const grid = cssVar('--border', '#d9dde5');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      // Always from 0, with headroom so a line at its maximum is not drawn on the frame.
      scales: {
        x: { time: true },
        y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, Math.ceil(max * 1.15))] },
      },
      axes: [axis, { ...axis, size: 44, label: unit, labelSize: 14 }],
      series: [
        {},
        ...data.labels.map((label, i) => ({
          label,
          stroke: seriesColor(i),
          width: 2,
          spanGaps: false,
          ...(stepped ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
        })),
      ],
    };
    const chart = new uPlot(opts, data.columns, el);
    plot.current = chart;
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(200, el.clientWidth), height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series or the look change; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelsKey, theme, height, unit, stepped]);

  useEffect(() => {
    plot.current?.setData(data.columns);
  }, [data]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={host} className="chart-canvas" />
    </figure>
  );
}
