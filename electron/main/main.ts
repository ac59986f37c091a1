/**
 * Electron main: one window, one engine, the contract over IPC. Kept small: the security policy is in
 * window-policy.ts, the IPC binding in ipc-bridge.ts, and everything else is the engine's.
 */
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { connectDefaultBackend, createLabEngine, sweepCrashedRuns } from '../../core/lab/compose';
import { createLabBackends } from '../../core/backends/kind/lab-backends.compose';
import { projectRoot } from '../../core/cli/project-paths';
import { bindIpc, forwardEvents } from './ipc-bridge';
import { isTrustedSender, lockDown, windowOptions } from './window-policy';

const here = fileURLToPath(new URL('.', import.meta.url));
const indexHtml = join(here, '..', 'renderer', 'index.html');
const appUrl = pathToFileURL(indexHtml).toString();

app.enableSandbox();

void app.whenReady().then(async () => {
  const dataDir = app.getPath('userData');
  const lab = createLabBackends({ dataDir, projectRoot: projectRoot(), runPrefix: 'electron' });
  const sweep = await sweepCrashedRuns(lab);
  const engine = createLabEngine({ host: 'electron', dataDir, labBackends: lab });
  const window = new BrowserWindow(windowOptions(join(here, 'preload.cjs')));
  lockDown(window.webContents, session.defaultSession, appUrl);
  const unbind = bindIpc(ipcMain, engine, (event) => isTrustedSender(event.senderFrame, window, appUrl));
  const stopEvents = forwardEvents(engine, window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appUrl);
  void connectDefaultBackend(engine);

  app.on('window-all-closed', () => {
    stopEvents();
    unbind();
    void engine
      .dispose()
      .then(() => lab.docker.sweep({ onlyRun: lab.runId }))
      .catch(() => undefined)
      .finally(() => {
        sweep.unregister();
        app.quit();
      });
  });
});
