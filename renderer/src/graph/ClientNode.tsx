import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';
import { formatErrorRate } from './traffic-style';

/** The synthetic client that sends the steady request stream, with the per-version latency. */
export const ClientNode = memo(function ClientNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'client') return null;
  return (
    <NodeCard node={node} selected={selected} handles="out">
      <div className="graph-card-meta">
        {node.byVersion.map((v) => (
          <span
            key={v.version}
            className="graph-chip"
            title={`p50 ${v.p50Ms} ms · p95 ${v.p95Ms} ms · ${formatErrorRate(v.errorRate)} errors`}
          >
            {v.version} p95 {Math.round(v.p95Ms)}ms
          </span>
        ))}
      </div>
    </NodeCard>
  );
});
