import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

/** Shows the rollout arithmetic: the surge/unavailable percentages as pod counts for this size. */
export const DeploymentNode = memo(function DeploymentNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'deployment') return null;
  const rollout = node.rollout
    ? `surge +${node.rollout.maxSurge} · unavailable ≤${node.rollout.maxUnavailable}`
    : node.strategy;
  return (
    <NodeCard node={node} selected={selected}>
      <div className="graph-card-meta" title={node.image}>
        {node.revision ? `rev ${node.revision} · ` : ''}
        {rollout}
      </div>
    </NodeCard>
  );
});
