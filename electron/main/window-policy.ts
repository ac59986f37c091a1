/**
 * The security settings of the lab's window, kept apart from main.ts so they can be read and tested
 * on their own (with a fake Electron, since the binary cannot run on CI machines).
 */
import type { BrowserWindowConstructorOptions, Session, WebContents, WebFrameMain } from 'electron';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Deploy Lab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Blocks navigation away from the app, new windows and every permission request. */
export function lockDown(contents: WebContents, session: Session, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Only the top frame of our own window, showing our own page, may call the engine. */
export function isTrustedSender(
  frame: WebFrameMain | null | undefined,
  window: { webContents: WebContents },
  appUrl: string,
): boolean {
  if (!frame) return false;
  if (frame !== window.webContents.mainFrame) return false;
  return frame.url === appUrl;
}
