import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { PodCounts } from '../../../core/graph';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

const SEGMENTS: (keyof PodCounts)[] = ['ready', 'notReady', 'pending', 'terminating', 'failed'];

/** Many pods of one ReplicaSet as one card: a bar of counts by state instead of a node per pod. */
export const PodGroupNode = memo(function PodGroupNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'podgroup') return null;
  const total = Math.max(1, node.total);
  return (
    <NodeCard node={node} selected={selected}>
      <div
        className="podgroup-bar"
        role="img"
        aria-label={SEGMENTS.map((s) => `${node.counts[s]} ${s}`).join(', ')}
      >
        {SEGMENTS.filter((s) => node.counts[s] > 0).map((s) => (
          <span
            key={s}
            className={`podgroup-seg seg-${s}`}
            style={{ width: `${(node.counts[s] / total) * 100}%` }}
          />
        ))}
      </div>
      {node.version ? <span className="graph-chip">{node.version}</span> : null}
    </NodeCard>
  );
});
