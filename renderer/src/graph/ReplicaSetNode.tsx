import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

export const ReplicaSetNode = memo(function ReplicaSetNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'replicaset') return null;
  return (
    <NodeCard node={node} selected={selected}>
      <div className="graph-card-meta" title={node.image}>
        {node.version ? <span className="graph-chip">{node.version}</span> : null} {node.replicas.current}{' '}
        pods
      </div>
    </NodeCard>
  );
});
