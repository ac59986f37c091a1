/**
 * elk runs here, off the main thread: a layered layout of a few hundred boxes takes seconds and
 * would freeze the page (langfuse issue 16054). elk.bundled carries its own in-process worker shim,
 * which is what we want inside a worker.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { positionsFromElk } from './elk-graph';
import type { LayoutWorkerRequest, LayoutWorkerResponse } from './layout-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutWorkerRequest>) => void) | null;
  postMessage(message: LayoutWorkerResponse): void;
}

// The renderer's tsconfig has DOM types, not WebWorker ones; this is the slice of the worker scope used.
const scope = self as unknown as WorkerScope;
const elk = new ELK();

scope.onmessage = (event) => {
  const { id, graph } = event.data;
  elk.layout(graph).then(
    (result) => scope.postMessage({ id, positions: positionsFromElk(result) }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
};
