/**
 * Web mode: the built renderer and the contract over a WebSocket, for machines where Electron cannot
 * start. Bound to 127.0.0.1 only. A per-launch token (in the printed URL) is required for every
 * request: the page's first load trades it for an HttpOnly, SameSite=Strict cookie, and the WebSocket
 * upgrade additionally checks the Origin, so another site open in the same browser cannot drive the lab.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { LAB_EVENT_CHANNEL, type WireMessage, type WireRequest } from '../contract';
import type { Engine } from '../lab/engine';
import { routeRequest } from '../lab/request-router';

export interface WebHostOptions {
  engine: Engine;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use (another deploy-lab web?). Pick another with --port N, or --port 0 for any free port.`,
    );
    this.name = 'PortInUseError';
  }
}

const COOKIE = 'deploy_lab_token';
const MAX_MESSAGE_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

// The same policy Electron applies: scripts only from the app itself, connections only back to it.
function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return undefined;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${message}\n`);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  let port = options.port;

  async function serveFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return refuse(res, 404, 'Not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(res, 404, 'Not found');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy(port),
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      refuse(res, 404, 'Not found');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    const queryToken = url.searchParams.get('token');
    if (sameToken(queryToken, token)) {
      // Trade the URL token for a cookie so assets and the WebSocket are authorised too.
      res.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!sameToken(cookieToken(req), token)) {
      return refuse(res, 401, 'Deploy Lab: this URL needs the token printed by `deploy-lab web`.');
    }
    void serveFile(req, res, url);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const authorised = sameToken(cookieToken(req), token) || sameToken(url.searchParams.get('token'), token);
    const originOk = typeof req.headers.origin === 'string' && allowedOrigins().has(req.headers.origin);
    if (url.pathname !== '/ws' || !authorised || !originOk) {
      const status = !authorised ? '401 Unauthorized' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (message: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.engine.onEvent((event) => send({ kind: 'event', event }));
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      let request: WireRequest;
      try {
        const parsed = JSON.parse(String(data)) as Partial<WireRequest>;
        if (typeof parsed.id !== 'number' || typeof parsed.channel !== 'string')
          throw new Error('bad envelope');
        request = parsed as WireRequest;
      } catch {
        send({
          kind: 'response',
          id: -1,
          ok: false,
          error: {
            code: 'invalid-request',
            message: 'message is not a {id, channel, payload} JSON envelope',
          },
        });
        return;
      }
      if (request.channel === LAB_EVENT_CHANNEL) return;
      void routeRequest(options.engine.api, request.channel, request.payload).then((result) =>
        send(
          result.ok
            ? { kind: 'response', id: request.id, ok: true, value: result.value }
            : { kind: 'response', id: request.id, ok: false, error: result.error },
        ),
      );
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(options.port) : err);
    });
    server.listen(options.port, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
