/**
 * A stand-in for the few Electron objects the main process touches, for tests only: the Electron
 * binary cannot be downloaded on these machines, so main's security wiring is tested against this.
 * It records what main registers and lets a test fire the events Electron would.
 */
type Listener = (...args: unknown[]) => void;

export class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' };
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly mainFrame: { url: string };
  destroyed = false;

  constructor(url: string) {
    this.mainFrame = { url };
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeSession {
  permissionRequestHandler?: (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
  ) => void;
  permissionCheckHandler?: () => boolean;
  headersListener?: (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders: Record<string, string[]> }) => void,
  ) => void;
  readonly webRequest = {
    onHeadersReceived: (listener: NonNullable<FakeSession['headersListener']>) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: NonNullable<FakeSession['permissionRequestHandler']>): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: () => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  handle(channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke would get back. */
  invoke(channel: string, event: unknown, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, payload);
  }
}
