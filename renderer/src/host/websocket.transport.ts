/** The contract over a WebSocket (web mode). Requests made before the socket opens are queued. */
import type { LabEvent, LabResult, LabTransport, WireMessage, WireRequest } from '../../../core/contract';

export function createWebSocketTransport(url: string): LabTransport {
  const listeners = new Set<(event: LabEvent) => void>();
  const pending = new Map<number, (result: LabResult<unknown>) => void>();
  const queue: WireRequest[] = [];
  let nextId = 1;
  const socket = new WebSocket(url);

  socket.addEventListener('open', () => {
    for (const request of queue.splice(0)) socket.send(JSON.stringify(request));
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as WireMessage;
    if (data.kind === 'event') {
      for (const listener of listeners) listener(data.event);
      return;
    }
    const resolve = pending.get(data.id);
    if (!resolve) return;
    pending.delete(data.id);
    resolve(data.ok ? { ok: true, value: data.value } : { ok: false, error: data.error });
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: { code: 'unavailable', message: 'The connection to the lab engine closed.' },
      });
    }
    pending.clear();
  });

  return {
    invoke(channel, payload) {
      return new Promise((resolve) => {
        const request: WireRequest = { id: nextId++, channel, payload };
        pending.set(request.id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(request));
        else if (socket.readyState === WebSocket.CONNECTING) queue.push(request);
        else {
          pending.delete(request.id);
          resolve({ ok: false, error: { code: 'unavailable', message: 'Not connected to the lab engine.' } });
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
