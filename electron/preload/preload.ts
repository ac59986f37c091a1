/**
 * The preload: small and generic. It exposes `window.deployLab` with invoke/onEvent and forwards only
 * the contract's channels; it knows nothing else. Main re-checks the sender and parses every payload.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { allChannels, LAB_EVENT_CHANNEL } from '../../core/contract/methods';

const channels = new Set<string>(allChannels());

contextBridge.exposeInMainWorld('deployLab', {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    if (!channels.has(channel)) return Promise.reject(new Error(`not a Deploy Lab channel: ${channel}`));
    return ipcRenderer.invoke(channel, payload);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(LAB_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(LAB_EVENT_CHANNEL, wrapped);
  },
});
