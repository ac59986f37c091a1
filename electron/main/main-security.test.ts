/** Electron main's security wiring, tested with a fake Electron (testing/fake-electron): no binary here. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { FakeIpcMain, FakeSession, FakeWebContents } from '../../testing/fake-electron/fake-electron';
import { CONTENT_SECURITY_POLICY, isTrustedSender, lockDown, windowOptions } from './window-policy';
import { bindIpc, forwardEvents } from './ipc-bridge';
import { createEngine } from '../../core/lab/engine';
import { allChannels, LAB_EVENT_CHANNEL } from '../../core/contract';

const APP_URL = 'file:///opt/deploy-lab/out/renderer/index.html';

function engineForTest() {
  return createEngine({
    host: 'electron',
    version: 'test',
    dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-electron-')),
    clock: { now: () => 0 },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: [],
  });
}

describe('Electron main security (fake Electron)', () => {
  it('creates the window isolated, sandboxed and without Node', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(prefs?.preload).toBe('/x/preload.cjs');
  });

  it('blocks navigation and new windows, denies permissions and sets a CSP', () => {
    const contents = new FakeWebContents(APP_URL);
    const session = new FakeSession();
    lockDown(contents as unknown as WebContents, session as unknown as Session, APP_URL);

    let prevented = 0;
    contents.emit('will-navigate', { preventDefault: () => (prevented += 1) }, 'https://example.com/');
    contents.emit('will-navigate', { preventDefault: () => (prevented += 1) }, APP_URL);
    expect(prevented).toBe(1);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });

    const answers: boolean[] = [];
    session.permissionRequestHandler?.(contents, 'media', (granted) => answers.push(granted));
    session.permissionRequestHandler?.(contents, 'notifications', (granted) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(session.permissionCheckHandler?.()).toBe(false);

    let headers: Record<string, string[]> = {};
    session.headersListener?.({ responseHeaders: {} }, (response) => (headers = response.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it('trusts only the main frame of its own window showing the app', () => {
    const contents = new FakeWebContents(APP_URL);
    const window = { webContents: contents as unknown as WebContents };
    const main = contents.mainFrame as unknown as Parameters<typeof isTrustedSender>[0];
    expect(isTrustedSender(main, window, APP_URL)).toBe(true);
    expect(
      isTrustedSender({ url: APP_URL } as unknown as Parameters<typeof isTrustedSender>[0], window, APP_URL),
    ).toBe(false);
    expect(isTrustedSender(null, window, APP_URL)).toBe(false);
    contents.mainFrame.url = 'https://evil.example/';
    expect(isTrustedSender(main, window, APP_URL)).toBe(false);
  });

  it('handles every contract channel, checks the sender first and parses payloads before the engine', async () => {
    const ipc = new FakeIpcMain();
    const engine = engineForTest();
    let trusted = true;
    const unbind = bindIpc(ipc as unknown as IpcMain, engine, () => trusted);
    expect([...ipc.handlers.keys()].sort()).toEqual(allChannels().sort());

    expect(await ipc.invoke('lab:system.info', {}, {})).toMatchObject({
      ok: true,
      value: { host: 'electron' },
    });
    expect(await ipc.invoke('lab:clusters.connect', {}, { backend: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    trusted = false;
    expect(await ipc.invoke('lab:system.info', {} as IpcMainInvokeEvent, {})).toMatchObject({
      ok: false,
      error: { message: 'request from an untrusted frame refused' },
    });
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });

  it('pushes engine events to the window on the event channel', async () => {
    const engine = engineForTest();
    const contents = new FakeWebContents(APP_URL);
    const stop = forwardEvents(engine, contents as unknown as WebContents);
    await engine.api.settings.update({ theme: 'dark' });
    expect(contents.sent).toEqual([
      {
        channel: LAB_EVENT_CHANNEL,
        payload: { type: 'settings.changed', settings: expect.objectContaining({ theme: 'dark' }) },
      },
    ]);
    stop();
  });
});
