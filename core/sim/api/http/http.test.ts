import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { wantsTable, mediaType, parseAccept } from './content-negotiation.js';
import { decodeBody, readBody } from './request-body.js';
import { parseQuery } from './query-options.js';
import { openWatchStream } from './watch-stream.js';
import { StatusError } from '../status.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

function fakeReq(body: Buffer, headers: Record<string, string> = {}): IncomingMessage {
  const r = Readable.from([body]) as unknown as IncomingMessage;
  (r as unknown as { headers: Record<string, string> }).headers = headers;
  return r;
}

describe('content negotiation', () => {
  it('detects Table Accept', () => {
    expect(wantsTable(TABLE_ACCEPT)).toBe(true);
    expect(wantsTable('application/json')).toBe(false);
    expect(wantsTable('application/vnd.kubernetes.protobuf,application/json')).toBe(false);
    expect(mediaType('application/json; charset=utf-8')).toBe('application/json');
    expect(parseAccept('a/b;x=1')).toEqual([{ type: 'a/b', params: { x: '1' } }]);
  });
});

describe('request bodies', () => {
  it('reads with a size limit (413)', async () => {
    await expect(readBody(fakeReq(Buffer.alloc(20)), 10)).rejects.toMatchObject({ status: { code: 413 } });
    await expect(readBody(fakeReq(Buffer.from('{}')), 10)).resolves.toEqual(Buffer.from('{}'));
  });
  it('dispatches on content type', () => {
    expect(decodeBody('PUT', undefined, Buffer.from('{"a":1}'))).toEqual({ kind: 'object', value: { a: 1 } });
    expect(decodeBody('POST', 'application/yaml', Buffer.from('a: 1\n'))).toEqual({ kind: 'object', value: { a: 1 } });
    expect(decodeBody('PATCH', 'application/strategic-merge-patch+json', Buffer.from('{}'))).toEqual({ kind: 'patch', type: 'strategic', text: '{}' });
    expect(decodeBody('PATCH', 'application/apply-patch+yaml', Buffer.from('{}'))).toMatchObject({ type: 'apply' });
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof StatusError ? err.code : -1;
      }
      return 0;
    };
    expect(codeOf(() => decodeBody('POST', 'text/plain', Buffer.from('x')))).toBe(415);
    expect(codeOf(() => decodeBody('PATCH', 'application/json', Buffer.from('{}')))).toBe(415);
    expect(codeOf(() => decodeBody('POST', 'application/json', Buffer.from('{nope')))).toBe(400);
    expect(codeOf(() => decodeBody('POST', 'application/json', Buffer.from('[1]')))).toBe(400);
    expect(codeOf(() => decodeBody('POST', 'application/vnd.kubernetes.protobuf', Buffer.from('garbage')))).toBe(400);
  });
});

describe('query options', () => {
  it('parses list, watch, write and log options', () => {
    const q = parseQuery(new URLSearchParams('watch=true&resourceVersion=5&timeoutSeconds=30&dryRun=All&fieldValidation=Strict&tailLines=5&follow=true'));
    expect(q).toMatchObject({ watch: true, resourceVersion: '5', timeoutSeconds: 30, dryRun: true, fieldValidation: 'Strict', tailLines: 5, follow: true });
    expect(() => parseQuery(new URLSearchParams('limit=abc'))).toThrow(StatusError);
    expect(() => parseQuery(new URLSearchParams('dryRun=Some'))).toThrow(StatusError);
  });
});

describe('watch stream', () => {
  it('flushes headers at once, frames events per line, ends on timeout', async () => {
    let closedCount = 0;
    const server = http.createServer((_req, res) => {
      const w = openWatchStream(res, { timeoutMs: 200, onClose: () => closedCount++, bookmarkIntervalMs: 50, bookmark: () => ({ kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '7' } }) });
      w.send('ADDED', { kind: 'Pod', metadata: { name: 'a' } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const text = await new Promise<string>((resolve) => {
      http.get({ port, host: '127.0.0.1', path: '/' }, (res) => {
        expect(res.headers['content-type']).toBe('application/json');
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () => resolve(data));
      });
    });
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]).toEqual({ type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a' } } });
    expect(lines.some((l) => l.type === 'BOOKMARK')).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(closedCount).toBe(1);
  });

  it('drops a watcher that does not read', async () => {
    let dropped = false;
    const server = http.createServer((_req, res) => {
      const w = openWatchStream(res, { maxBufferedBytes: 64 * 1024, onClose: () => (dropped = true) });
      const big = { data: 'x'.repeat(16 * 1024) };
      const pump = () => {
        for (let i = 0; i < 100 && w.send('MODIFIED', big); i++);
        if (!w.closed) setTimeout(pump, 5);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const req = http.get({ port, host: '127.0.0.1', path: '/' }, (res) => res.pause());
    req.on('error', () => undefined);
    for (let i = 0; i < 100 && !dropped; i++) await new Promise((r) => setTimeout(r, 20));
    expect(dropped).toBe(true);
    req.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
