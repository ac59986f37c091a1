/**
 * Binds every contract channel to the engine through the shared request router: the sender frame is
 * checked first, then the payload is parsed by its schema (in routeRequest) before the engine sees it.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { allChannels, LAB_EVENT_CHANNEL, type LabResult } from '../../core/contract';
import type { Engine } from '../../core/lab/engine';
import { routeRequest } from '../../core/lab/request-router';

export function bindIpc(
  ipcMain: IpcMain,
  engine: Engine,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const channels = allChannels();
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<LabResult<unknown>> => {
      if (!isTrusted(event)) {
        return {
          ok: false,
          error: { code: 'invalid-request', message: 'request from an untrusted frame refused' },
        };
      }
      return routeRequest(engine.api, channel, payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

export function forwardEvents(engine: Engine, contents: WebContents): () => void {
  return engine.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(LAB_EVENT_CHANNEL, event);
  });
}
