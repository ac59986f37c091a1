import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

export const HpaNode = memo(function HpaNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'hpa') return null;
  return (
    <NodeCard node={node} selected={selected} handles="out">
      <div className="graph-card-meta">{node.metrics.slice(1).join(' · ')}</div>
    </NodeCard>
  );
});
