/**
 * The in-process host: the contract carried by function calls. Tests and the CLI use it so they cross
 * the same router (schema parsing, error shape) as Electron IPC and the WebSocket do.
 */
import { createLabClient, type LabClient, type LabTransport } from '../contract';
import type { Engine } from './engine';
import { routeRequest } from './request-router';

export function createInProcessTransport(engine: Engine): LabTransport {
  return {
    // A structured clone on the way in and out, as IPC and JSON would do, so tests catch non-plain data.
    invoke: async (channel, payload) =>
      structuredClone(await routeRequest(engine.api, channel, structuredClone(payload))),
    subscribe: (listener) => engine.onEvent((event) => listener(structuredClone(event))),
  };
}

export function createInProcessClient(engine: Engine): LabClient {
  return createLabClient(createInProcessTransport(engine));
}
