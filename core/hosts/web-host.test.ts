import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createEngine } from '../lab/engine';
import { startWebHost, PortInUseError, type WebHost } from './web-host';
import type { WireMessage } from '../contract';

const hosts: WebHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function rendererFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Deploy Lab</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  return dir;
}

async function start(): Promise<WebHost> {
  const engine = createEngine({
    host: 'web',
    version: 'test',
    dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-web-')),
    clock: { now: () => 0 },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: [],
  });
  const host = await startWebHost({ engine, rendererDir: rendererFixture(), port: 0 });
  hosts.push(host);
  return host;
}

function openSocket(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function request(socket: WebSocket, id: number, channel: string, payload: unknown): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as WireMessage;
      if (message.kind === 'response' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, channel, payload }));
  });
}

describe('web host', () => {
  it('binds 127.0.0.1 and requires the token for pages and assets', async () => {
    const host = await start();
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[\\w-]{32}$`));
    const base = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    const withToken = await fetch(host.url);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = withToken.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^deploy_lab_token=/);
    expect((await fetch(`${base}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    // No escaping the renderer folder.
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`, { headers: { cookie } })).status).toBe(404);
  });

  it('carries the contract over the WebSocket only with the token and our own Origin', async () => {
    const host = await start();
    const ws = `ws://127.0.0.1:${host.port}/ws`;
    const origin = `http://127.0.0.1:${host.port}`;
    const cookie = `deploy_lab_token=${host.token}`;
    await expect(openSocket(ws, { origin })).rejects.toThrow('HTTP 401');
    await expect(openSocket(ws, { origin: 'http://evil.example', cookie })).rejects.toThrow('HTTP 403');
    const socket = await openSocket(ws, { origin, cookie });
    const info = await request(socket, 1, 'lab:system.info', {});
    expect(info).toMatchObject({ kind: 'response', id: 1, ok: true, value: { host: 'web' } });
    const bad = await request(socket, 2, 'lab:settings.update', { simSpeed: 'fast' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (bad.kind === 'response' && !bad.ok) expect(bad.error.message).toContain('simSpeed');
    // Events reach the socket: a settings change is pushed to every UI.
    const pushed = new Promise<WireMessage>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as WireMessage;
        if (message.kind === 'event') resolve(message);
      }),
    );
    await request(socket, 3, 'lab:settings.update', { theme: 'dark' });
    expect(await pushed).toMatchObject({
      kind: 'event',
      event: { type: 'settings.changed', settings: { theme: 'dark' } },
    });
    socket.close();
  });

  it('says which port is busy when a second host starts on it', async () => {
    const host = await start();
    const engine = createEngine({
      host: 'web',
      version: 'test',
      dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-web-')),
      clock: { now: () => 0 },
      runDoctor: async () => ({ checkedAt: '', checks: [] }),
      scenarios: [],
    });
    const second = startWebHost({ engine, rendererDir: rendererFixture(), port: host.port });
    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    await expect(second).rejects.toThrow(`Port ${host.port} on 127.0.0.1 is already in use`);
  });
});
