import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { FlowNode } from './to-flow';

/** A cluster node drawn as a box; the pods placed on it are React Flow children inside it. */
export const NodeGroup = memo(function NodeGroup({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'node') return null;
  const tooltip =
    node.reasons.length > 0
      ? `${node.summary}\n${node.reasons.map((r) => `← ${r}`).join('\n')}`
      : node.summary;
  return (
    <div className={`node-group status-${node.status}${selected ? ' is-selected' : ''}`} title={tooltip}>
      {/* Receives the per-node traffic edges drawn instead of per-pod ones in large graphs. */}
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="node-group-head">
        <span className="graph-card-badge">node</span>
        <span className="graph-card-title">{node.label}</span>
        <span className="node-group-summary">
          {node.summary} · {node.podCount} pod{node.podCount === 1 ? '' : 's'}
        </span>
      </div>
    </div>
  );
});
