import { useEffect } from 'react';
import { createLayoutClient } from './layout-client';
import type { GraphStore } from './graph.slice';

/** Runs the store's full-layout requests in the worker and hands the positions back. */
export function useLayoutWorker(store: GraphStore): void {
  useEffect(() => {
    const client = createLayoutClient();
    if (!client) return undefined;
    let sent = 0;
    const run = () => {
      const request = store.getState().layoutRequest;
      if (!request || request.id === sent) return;
      sent = request.id;
      client.layout(request.id, request.graph).then(
        (positions) => store.getState().applyLayout(request.id, positions),
        // The incremental placement is already on screen; a failed full layout only costs looks.
        () => undefined,
      );
    };
    run();
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.layoutRequest !== prev.layoutRequest) run();
    });
    return () => {
      unsubscribe();
      client.dispose();
    };
  }, [store]);
}
