import type { GraphNodeKind } from '../../../core/graph';

export interface XY {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Fixed card sizes. Layout runs before React has measured anything (and in a worker that cannot
 * measure), so every card is drawn at the size the layout assumed; CSS uses the same numbers.
 */
export const NODE_SIZE: Record<Exclude<GraphNodeKind, 'node'>, Size> = {
  client: { width: 170, height: 64 },
  service: { width: 200, height: 72 },
  deployment: { width: 200, height: 72 },
  hpa: { width: 200, height: 64 },
  replicaset: { width: 200, height: 64 },
  podgroup: { width: 220, height: 96 },
  pod: { width: 168, height: 52 },
  configmap: { width: 170, height: 52 },
  secret: { width: 170, height: 52 },
  pipelinerun: { width: 280, height: 82 },
};

/** Pods sit in a grid inside their node group. */
export const POD_GRID = {
  columns: 3,
  gap: 10,
  padding: 12,
  header: 40,
} as const;

export function podSlotPosition(slot: number): XY {
  const { columns, gap, padding, header } = POD_GRID;
  const { width, height } = NODE_SIZE.pod;
  return {
    x: padding + (slot % columns) * (width + gap),
    y: header + Math.floor(slot / columns) * (height + gap),
  };
}

/** The slot a cached in-group position stands for (inverse of podSlotPosition). */
export function podSlotOf(position: XY): number {
  const { columns, gap, padding, header } = POD_GRID;
  const { width, height } = NODE_SIZE.pod;
  const col = Math.max(0, Math.round((position.x - padding) / (width + gap)));
  const row = Math.max(0, Math.round((position.y - header) / (height + gap)));
  return row * columns + Math.min(col, columns - 1);
}

/**
 * A node group is sized for its highest occupied slot plus one spare row, so a new pod usually lands
 * in space that already exists and nothing around the group has to move. Until its third slot is in
 * use it is two pod columns wide, not three: groups with few or no pod cards (a control-plane node,
 * or every pod folded into pod groups) otherwise widen the whole picture and force a far zoom. Node
 * groups are the last column, so a width change moves nothing else.
 */
export function nodeGroupSize(slotCount: number): Size {
  const { columns, gap, padding, header } = POD_GRID;
  const { width, height } = NODE_SIZE.pod;
  const rows = Math.max(1, Math.ceil(slotCount / columns)) + 1;
  const shown = slotCount >= columns ? columns : columns - 1;
  return {
    width: padding * 2 + shown * width + (shown - 1) * gap,
    height: header + rows * (height + gap) - gap + padding,
  };
}
