import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { NodeCard } from './NodeCard';
import type { FlowNode } from './to-flow';

/**
 * Pod names are <deployment>-<template hash>-<suffix>; the hash is the same for every pod of a
 * ReplicaSet and the card is narrow, so it is elided (the full name is in the tooltip and aria label).
 */
function shortName(name: string): string {
  const parts = name.split('-');
  return parts.length > 2 ? `${parts.slice(0, -2).join('-')}-…${parts[parts.length - 1] ?? ''}` : name;
}

export const PodNode = memo(function PodNode({ data, selected }: NodeProps<FlowNode>) {
  const node = data.node;
  if (node.kind !== 'pod') return null;
  return (
    <div className="pod-node" data-terminating={node.terminating ? 'true' : undefined}>
      <NodeCard node={{ ...node, label: shortName(node.label) }} selected={selected} className="pod-card">
        {node.version ? <span className="graph-chip pod-version">{node.version}</span> : null}
      </NodeCard>
    </div>
  );
});
