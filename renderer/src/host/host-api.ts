/**
 * HostApi: the renderer's one way to the engine. Inside Electron the preload provides
 * `window.deployLab`; in web mode the contract travels over a WebSocket to the page's own origin.
 * Components never look at either directly: they use the client this returns.
 */
import {
  createLabClient,
  type LabClient,
  type LabResult,
  type LabTransport,
  type LabEvent,
} from '../../../core/contract';
import { createWebSocketTransport } from './websocket.transport';

interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<LabResult<unknown>>;
  onEvent(listener: (event: LabEvent) => void): () => void;
}

function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as { deployLab?: PreloadBridge }).deployLab;
}

export function connectHost(): LabClient {
  const bridge = preloadBridge();
  const transport: LabTransport = bridge
    ? {
        invoke: (channel, payload) => bridge.invoke(channel, payload),
        subscribe: (listener) => bridge.onEvent(listener),
      }
    : createWebSocketTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  return createLabClient(transport);
}
