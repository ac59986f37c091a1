import type { ElkNode } from 'elkjs/lib/elk-api';
import type { LayoutWorkerRequest, LayoutWorkerResponse } from './layout-protocol';
import type { XY } from './node-sizes';

export interface LayoutClient {
  layout(id: number, graph: ElkNode): Promise<Record<string, XY>>;
  dispose(): void;
}

/**
 * Starts the layout worker. Returns null where workers are unavailable (tests, or a host that
 * refuses module workers): the graph then keeps the incremental placement, which is always there.
 */
export function createLayoutClient(): LayoutClient | null {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    // Written exactly like this so Vite bundles the worker and rewrites the URL.
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  const pending = new Map<number, { resolve(p: Record<string, XY>): void; reject(e: Error): void }>();
  worker.onmessage = (event: MessageEvent<LayoutWorkerResponse>) => {
    const waiter = pending.get(event.data.id);
    if (!waiter) return;
    pending.delete(event.data.id);
    if ('error' in event.data) waiter.reject(new Error(event.data.error));
    else waiter.resolve(event.data.positions);
  };
  worker.onerror = (event) => {
    for (const waiter of pending.values()) waiter.reject(new Error(event.message || 'layout worker failed'));
    pending.clear();
  };
  return {
    layout(id, graph) {
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const message: LayoutWorkerRequest = { id, graph };
        worker.postMessage(message);
      });
    },
    dispose() {
      worker.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('layout worker stopped'));
      pending.clear();
    },
  };
}
