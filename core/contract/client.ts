/**
 * A typed LabApi built over any transport (Electron preload, WebSocket, in-process). The renderer, the
 * CLI and tests all talk to the engine through this one client.
 */
import type { LabApi } from './api';
import type { LabError, LabResult } from './error';
import type { LabEvent } from './events';
import { labMethods, channelFor, type LabDomain, type LabMethodName } from './methods';

export interface LabTransport {
  invoke(channel: string, payload: unknown): Promise<LabResult<unknown>>;
  subscribe(listener: (event: LabEvent) => void): () => void;
}

/** The error a client call rejects with: the contract's LabError, as an Error. */
export class LabClientError extends Error implements LabError {
  readonly code: LabError['code'];
  readonly details?: unknown;
  constructor(error: LabError) {
    super(error.message);
    this.name = 'LabClientError';
    this.code = error.code;
    this.details = error.details;
  }
}

export interface LabClient {
  api: LabApi;
  onEvent(listener: (event: LabEvent) => void): () => void;
}

export function createLabClient(transport: LabTransport): LabClient {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const domain of Object.keys(labMethods) as LabDomain[]) {
    const group: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const method of labMethods[domain] as readonly LabMethodName<typeof domain>[]) {
      const channel = channelFor(domain, method);
      group[method] = async (input: unknown) => {
        const result = await transport.invoke(channel, input ?? {});
        if (!result.ok) throw new LabClientError(result.error);
        return result.value;
      };
    }
    api[domain] = group;
  }
  return { api: api as unknown as LabApi, onEvent: (listener) => transport.subscribe(listener) };
}
