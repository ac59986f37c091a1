import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

/** ConfigMap or Secret; only key names are ever shown, never values. */
export const ConfigNode = memo(function ConfigNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'configmap' && node.kind !== 'secret') return null;
  return (
    <NodeCard node={node} selected={selected} handles="in">
      <div className="graph-card-meta" title={node.keys.join(', ')}>
        {node.keys.slice(0, 3).join(', ')}
        {node.keys.length > 3 ? '…' : ''}
      </div>
    </NodeCard>
  );
});
