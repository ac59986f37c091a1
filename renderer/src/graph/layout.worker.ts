/**
 * elk runs here, off the main thread: a layered layout of a few hundred boxes takes seconds and
 * would freeze the page (langfuse issue 16054). elk.bundled carries its own in-thread "FakeWorker",
 * which is what we want inside a worker.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';
import { positionsFromElk } from './elk-graph';
import type { LayoutWorkerRequest, LayoutWorkerResponse } from './layout-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutWorkerRequest>) => void) | null;
  postMessage(message: LayoutWorkerResponse): void;
}

// The renderer's tsconfig has DOM types, not WebWorker ones; this is the slice of the worker scope used.
const scope = self as unknown as WorkerScope;
/**
 * elk.bundled loads its engine when constructed, and the engine decides what it is by looking for
 * `document`: without one (as in any worker) it installs itself as this worker's `onmessage` and
 * speaks its own protocol, so `new ELK()` then fails with "_Worker is not a constructor" (end of
 * elkjs/lib/elk-worker.js). A placeholder `document` for the duration of the constructor makes it
 * pick the in-thread FakeWorker; nothing in the layout code reads it.
 */
function createElk(): ElkApi {
  const scope = globalThis as { document?: unknown };
  const hadDocument = 'document' in scope;
  if (!hadDocument) scope.document = {};
  try {
    return new ELK();
  } finally {
    if (!hadDocument) delete scope.document;
  }
}

const elk = createElk();

scope.onmessage = (event) => {
  const { id, graph } = event.data;
  elk.layout(graph).then(
    (result) => scope.postMessage({ id, positions: positionsFromElk(result) }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
};
