import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

export const ServiceNode = memo(function ServiceNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'service') return null;
  return (
    <NodeCard node={node} selected={selected}>
      <div className="graph-card-meta">
        {node.type} · {node.ports.join(', ') || 'no ports'}
      </div>
    </NodeCard>
  );
});
