import { memo, type CSSProperties } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { FlowEdge } from './to-flow';
import {
  formatErrorRate,
  formatRate,
  trafficDashSeconds,
  trafficHealth,
  trafficStrokeWidth,
} from './traffic-style';

/**
 * Requests flowing: moving dashes (CSS, so no React work per frame), width by rate, colour by error
 * rate. The label shows on the client's edges and on edges of the selected node only, because 1,000
 * labels would be unreadable and slow.
 */
export const TrafficEdge = memo(function TrafficEdge(props: EdgeProps<FlowEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const edge = data?.edge;
  if (!edge || edge.kind !== 'traffic') return null;
  const health = trafficHealth(edge.errorRate);
  const style = {
    strokeWidth: trafficStrokeWidth(edge.rps),
    '--dash-seconds': `${trafficDashSeconds(edge.rps)}s`,
  } as CSSProperties;
  const showLabel = data.highlighted || edge.source.startsWith('client/');
  const split =
    edge.split && edge.split.length > 1
      ? ` · ${edge.split.map((s) => `${s.version} ${Math.round((s.rps / Math.max(edge.rps, 1e-9)) * 100)}%`).join(' / ')}`
      : '';
  const label = showLabel
    ? `${formatRate(edge.rps)}${edge.errorRate > 0 ? ` · ${formatErrorRate(edge.errorRate)} err` : ''}${split}`
    : undefined;
  return (
    <g className={`traffic-edge traffic-${health}`}>
      <BaseEdge
        path={path}
        markerEnd={markerEnd}
        style={style}
        {...(label
          ? {
              label,
              labelX,
              labelY,
              labelShowBg: true,
              labelBgPadding: [4, 2] as [number, number],
              labelBgBorderRadius: 3,
            }
          : {})}
      />
    </g>
  );
});
