/**
 * The synthetic client for kind and Docker: real HTTP requests at a steady rate to a port on this
 * machine. It only ever sends to loopback (a load generator pointed elsewhere would be a tool for
 * hurting someone else's service) and stops by itself after a bounded number of requests and time.
 */
import { request } from 'node:http';
import type { RealTime } from './real-time';
import type { RequestRecord, TrafficPort, TrafficTarget } from './traffic.port';

export interface HttpLoadOptions {
  /** Where a Service is reachable from this machine (a kind NodePort/port-forward or a Docker port). */
  resolveUrl(target: TrafficTarget): string;
  realTime: RealTime;
  /** Hard bound on requests per start (default 20 000). */
  maxRequests?: number;
  /** Hard bound on how long one start keeps sending (default 10 minutes). */
  maxDurationMs?: number;
  timeoutMs?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:')
    throw new Error(`the load generator speaks plain http only, not ${parsed.protocol}`);
  if (!LOOPBACK.has(parsed.hostname)) {
    throw new Error(`the load generator only sends to this machine (127.0.0.1), not ${parsed.hostname}`);
  }
  return parsed;
}

function send(url: URL, timeoutMs: number, realTime: RealTime, service: string): Promise<RequestRecord> {
  const started = realTime.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'GET', timeout: timeoutMs, headers: { connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let version = res.headers['x-app-version'];
          let pod = res.headers['x-pod'];
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
              version?: string;
              pod?: string;
            };
            version ??= body.version;
            pod ??= body.pod;
          } catch {
            // not the sample app's JSON: outcome and latency still count
          }
          const record: RequestRecord = {
            t: started,
            outcome: status >= 200 && status < 400 ? 'ok' : 'error',
            status,
            latencyMs: realTime.now() - started,
            service,
          };
          if (typeof version === 'string') record.version = version;
          if (typeof pod === 'string') record.pod = pod;
          resolve(record);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () =>
      resolve({ t: started, outcome: 'refused', latencyMs: realTime.now() - started, service }),
    );
    req.end();
  });
}

export function createHttpLoadGenerator(options: HttpLoadOptions): TrafficPort {
  const maxRequests = options.maxRequests ?? 20_000;
  const maxDurationMs = options.maxDurationMs ?? 600_000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const { realTime } = options;
  const records: RequestRecord[] = [];
  const running = new Set<{ stopped: boolean }>();
  const loops: Promise<void>[] = [];

  async function loop(target: TrafficTarget, handle: { stopped: boolean }) {
    const url = assertLoopback(options.resolveUrl(target));
    const service = `${target.namespace}/${target.service}`;
    const interval = 1000 / Math.max(0.1, target.ratePerSecond);
    const began = realTime.now();
    const inFlight = new Set<Promise<void>>();
    for (let sent = 0; !handle.stopped && sent < maxRequests; sent += 1) {
      if (realTime.now() - began > maxDurationMs) break;
      const p = send(url, timeoutMs, realTime, service).then((r) => {
        records.push(r);
        inFlight.delete(p);
      });
      inFlight.add(p);
      // Next send at its slot on the schedule, so slow answers do not lower the rate.
      const next = began + (sent + 1) * interval;
      await realTime.sleep(Math.max(0, next - realTime.now()));
    }
    await Promise.all(inFlight);
    running.delete(handle);
  }

  return {
    async start(target) {
      assertLoopback(options.resolveUrl(target));
      const handle = { stopped: false };
      running.add(handle);
      loops.push(loop(target, handle));
    },
    async stop() {
      for (const handle of running) handle.stopped = true;
      await Promise.all(loops.splice(0));
    },
    async records(since) {
      return records.filter((r) => r.t >= since).sort((a, b) => a.t - b.t);
    },
  };
}
