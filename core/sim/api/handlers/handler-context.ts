// What the request handlers outside api-server.ts share.
import type { Route } from '../api-paths.js';
import type { ApiStore, SimClusterPort } from '../cluster-port.js';

export type ResourceRoute = Extract<Route, { type: 'resource' }>;

export interface HandlerContext {
  readonly store: ApiStore;
  readonly cluster: SimClusterPort;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
