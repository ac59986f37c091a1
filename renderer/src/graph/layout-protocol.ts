import type { ElkNode } from 'elkjs/lib/elk-api';
import type { XY } from './node-sizes';

/** Messages between the page and layout.worker.ts. */
export interface LayoutWorkerRequest {
  id: number;
  graph: ElkNode;
}

export type LayoutWorkerResponse =
  { id: number; positions: Record<string, XY> } | { id: number; error: string };
