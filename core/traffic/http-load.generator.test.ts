import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertLoopback, createHttpLoadGenerator } from './http-load.generator';
import { systemRealTime } from './real-time';
import { summarizeTraffic } from './traffic.port';

let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    if (hits % 5 === 0) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'boom', version: '2.0' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-app-version': '2.0', 'x-pod': 'web-1' });
    res.end(JSON.stringify({ version: '2.0', pod: 'web-1' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('http load generator', () => {
  it('refuses anything but this machine', () => {
    expect(() => assertLoopback('http://example.com/')).toThrow(/only sends to this machine/);
    expect(() => assertLoopback('http://10.0.0.1:80/')).toThrow(/only sends to this machine/);
    expect(assertLoopback('http://127.0.0.1:8080/').port).toBe('8080');
  });

  it('sends a bounded number of requests and records outcome, version and pod', async () => {
    const load = createHttpLoadGenerator({
      resolveUrl: () => `http://127.0.0.1:${port}/`,
      realTime: systemRealTime,
      maxRequests: 10,
    });
    await load.start({ namespace: 'default', service: 'web', ratePerSecond: 100 });
    // The bound stops it by itself; stop() waits for the in-flight requests.
    await systemRealTime.sleep(300);
    await load.stop();
    const records = await load.records(0);
    expect(records).toHaveLength(10);
    const totals = summarizeTraffic(records);
    expect(totals.failed).toBe(2);
    expect(totals.byVersion['2.0']).toEqual({ ok: 8, failed: 2 });
    expect(records[0]?.pod).toBe('web-1');
  });

  it('counts a closed port as refused', async () => {
    const load = createHttpLoadGenerator({
      resolveUrl: () => 'http://127.0.0.1:1/',
      realTime: systemRealTime,
      maxRequests: 3,
    });
    await load.start({ namespace: 'default', service: 'web', ratePerSecond: 50 });
    await systemRealTime.sleep(200);
    await load.stop();
    const records = await load.records(0);
    expect(records.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
  });
});
