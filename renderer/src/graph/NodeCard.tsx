import { Handle, Position } from '@xyflow/react';
import type { ReactNode } from 'react';
import type { GraphNode } from '../../../core/graph';

const KIND_BADGE: Record<GraphNode['kind'], string> = {
  client: 'client',
  service: 'svc',
  deployment: 'deploy',
  replicaset: 'rs',
  podgroup: 'pods',
  pod: 'pod',
  node: 'node',
  hpa: 'hpa',
  configmap: 'cm',
  secret: 'secret',
  pipelinerun: 'ci/cd',
};

export interface NodeCardProps {
  node: GraphNode;
  selected: boolean;
  /** Extra lines under the summary (kind-specific facts). */
  children?: ReactNode;
  className?: string;
  handles?: 'both' | 'in' | 'out';
}

/**
 * The chrome every card shares: kind badge, name, status colour, summary, the reason chain as a
 * tooltip, and left/right handles (the picture flows left to right like the traffic).
 */
export function NodeCard({ node, selected, children, className, handles = 'both' }: NodeCardProps) {
  const tooltip =
    node.reasons.length > 0
      ? `${node.summary}\n${node.reasons.map((r, i) => `${'  '.repeat(i)}← ${r}`).join('\n')}`
      : node.summary;
  return (
    <div
      className={`graph-card kind-${node.kind} status-${node.status}${selected ? ' is-selected' : ''}${className ? ` ${className}` : ''}`}
      title={tooltip}
      data-status={node.status}
    >
      {handles !== 'out' && <Handle type="target" position={Position.Left} isConnectable={false} />}
      <div className="graph-card-head">
        <span className="graph-card-badge">{KIND_BADGE[node.kind]}</span>
        <span className="graph-card-title">{node.label}</span>
        {node.reasons.length > 0 && (
          <span className="graph-card-alert" aria-hidden="true">
            !
          </span>
        )}
      </div>
      <div className="graph-card-summary">{node.summary}</div>
      {children}
      {handles !== 'in' && <Handle type="source" position={Position.Right} isConnectable={false} />}
    </div>
  );
}
