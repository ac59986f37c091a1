// Serves the embedded cluster on 127.0.0.1 for kubectl and @kubernetes/client-node: creates the simulator,
// paces its virtual clock against real time, and writes an app-owned kubeconfig.
//
// Transport: https with an in-process self-signed CA by default, because kubectl never sends a bearer token
// over plain http (see self-signed-cert.ts). `tls: false` serves http for debugging; the token is then not
// enforced (kubectl could not present it anyway) and the listener is still loopback-only.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../cluster.js';
import { ClockDriver } from '../clock/clock-driver.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { createApiServer, type ApiServer } from '../api/api-server.js';
import type {
  ApiStore,
  LabControl,
  LogLine,
  LogRequest,
  LogSource,
  SimClusterPort,
} from '../api/cluster-port.js';
import { writeKubeconfig } from '../api/kubeconfig.js';
import { badRequest, StatusError } from '../api/status.js';
import { createSelfSignedCertificate } from './self-signed-cert.js';

export interface SimServerOptions {
  /** 0 or undefined: any free port. */
  readonly port?: number;
  readonly kubeconfigPath: string;
  readonly nodes?: number;
  readonly seed?: number;
  /** Virtual ms per real ms. Default 1; 0 starts paused. */
  readonly speed?: number;
  /** Minor version reported by /version (the gcloud kubectl dispatcher runs kubectl.1.<minor>). Default 32. */
  readonly kubeVersion?: number;
  readonly tls?: boolean;
  /** Bearer token; a random one when omitted. */
  readonly token?: string;
  readonly log?: (line: string) => void;
}

export interface SimServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly token: string;
  readonly cluster: SimCluster;
  readonly api: ApiServer;
  readonly driver: ClockDriver;
  stop(): Promise<void>;
}

const LOG_POLL_MS = 250;
const CATCH_UP_MS = 100;

/** `2026-01-01T00:00:05.123000000Z text` -> LogLine (the kubelet renders with nanosecond timestamps). */
function parseRenderedLogs(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    const space = raw.indexOf(' ');
    const stamp = space > 0 ? raw.slice(0, space) : raw;
    const t = Date.parse(stamp.replace(/\.(\d{3})\d*Z$/, '.$1Z'));
    out.push(
      Number.isNaN(t) ? { time: 0, text: raw } : { time: t, text: space > 0 ? raw.slice(space + 1) : '' },
    );
  }
  return out;
}

/** Line-level log access, offered by newer simulator versions (`SimCluster.logLines` / `followLogs`). */
interface LineLogs {
  logLines?(ns: string, pod: string, opts: Record<string, unknown>): LogLine[];
  followLogs?(
    ns: string,
    pod: string,
    opts: Record<string, unknown>,
    onLine: (l: LogLine) => void,
    onEnd: () => void,
  ): () => void;
}

/**
 * Adapts the kubelet's logs to the API's LogSource: the simulator's line-level calls when it has them,
 * otherwise its rendered text (timestamps parsed back) with follow implemented by polling.
 */
function logSource(cluster: SimCluster): LogSource {
  const lines = cluster as unknown as LineLogs;
  if (typeof lines.logLines === 'function' && typeof lines.followLogs === 'function') {
    const { logLines, followLogs } = lines;
    const opts = (req: LogRequest): Record<string, unknown> => {
      const o: Record<string, unknown> = { container: req.container, previous: req.previous };
      if (req.tailLines !== undefined) o.tailLines = req.tailLines;
      if (req.sinceSeconds !== undefined) o.sinceSeconds = req.sinceSeconds;
      if (req.sinceTime !== undefined) o.sinceTime = req.sinceTime;
      return o;
    };
    return {
      read: (ns, pod, req) => logLines.call(cluster, ns, pod, opts(req)),
      follow: (ns, pod, req, onLine, onEnd) => followLogs.call(cluster, ns, pod, opts(req), onLine, onEnd),
    };
  }
  return pollingLogSource(cluster);
}

function pollingLogSource(cluster: SimCluster): LogSource {
  const read = (ns: string, pod: string, req: LogRequest): LogLine[] => {
    const opts: Parameters<SimCluster['logs']>[2] = {
      container: req.container,
      previous: req.previous,
      timestamps: true,
    };
    if (req.tailLines !== undefined) opts.tailLines = req.tailLines;
    if (req.sinceSeconds !== undefined) opts.sinceSeconds = req.sinceSeconds;
    if (req.sinceTime !== undefined) opts.sinceTime = req.sinceTime;
    return parseRenderedLogs(cluster.logs(ns, pod, opts));
  };
  return {
    read,
    follow(ns, pod, req, onLine, onEnd) {
      let last = read(ns, pod, req);
      const timer = setInterval(() => {
        let lines: LogLine[];
        try {
          const p = cluster.store.get('pods', ns, pod);
          const phase = p.status?.phase;
          lines = read(ns, pod, req);
          if (phase === 'Succeeded' || phase === 'Failed') {
            emitNew(lines);
            stop();
            onEnd();
            return;
          }
        } catch {
          stop();
          onEnd();
          return;
        }
        emitNew(lines);
      }, LOG_POLL_MS);
      timer.unref();
      // New lines are those past the last line seen (same time and text), so a bounded buffer that drops old
      // lines does not replay anything.
      const emitNew = (lines: LogLine[]) => {
        const tail = last[last.length - 1];
        let start = 0;
        if (tail) {
          for (let i = lines.length - 1; i >= 0; i--) {
            const l = lines[i];
            if (l && l.time === tail.time && l.text === tail.text) {
              start = i + 1;
              break;
            }
            if (l && l.time < tail.time) {
              start = i + 1;
              break;
            }
          }
        }
        for (const l of lines.slice(start)) onLine(l);
        if (lines.length) last = lines;
      };
      const stop = () => clearInterval(timer);
      return stop;
    },
  };
}

type Body = Record<string, unknown>;

function text(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v === '')
    throw new StatusError(badRequest(`${key} must be a non-empty string`));
  return v;
}
function num(body: Body, key: string): number {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new StatusError(badRequest(`${key} must be a number`));
  return v;
}
function optional<T>(body: Body, key: string, read: (b: Body, k: string) => T): T | undefined {
  return body[key] === undefined ? undefined : read(body, key);
}

/**
 * Arguments arrive either named (`{"name": "deploy-lab-worker"}`) or positional (`{"args": ["deploy-lab-worker"]}`,
 * the order of the simulator method's parameters); `names` maps positions to names. A trailing object argument
 * (options) is merged in.
 */
function named(body: Body, names: readonly string[]): Body {
  if (!Array.isArray(body.args)) return body;
  const out: Body = {};
  body.args.forEach((v: unknown, i) => {
    const key = names[i];
    if (key === '...' && v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
    else if (key && key !== '...') out[key] = v;
  });
  return out;
}

/**
 * The lab-owned control operations, served as POST /lab/v1/{faults|traffic}/{operation} with a JSON body.
 * Spelled out (not reflected from the classes) so the CLI contract is explicit and every argument is checked.
 */
function labOperations(cluster: SimCluster): Record<string, (body: Body) => unknown> {
  const { faults, traffic } = cluster;
  const op = (names: readonly string[], fn: (b: Body) => unknown) => (body: Body) => fn(named(body, names));
  return {
    'faults.nodeDown': op(['name'], (b) => faults.nodeDown(text(b, 'name'))),
    'faults.nodeUp': op(['name'], (b) => faults.nodeUp(text(b, 'name'))),
    'faults.killPod': op(['namespace', 'name'], (b) =>
      faults.killPod(optional(b, 'namespace', text) ?? 'default', text(b, 'name')),
    ),
    'faults.crashContainer': op(['namespace', 'pod', '...'], (b) => {
      const opts: { container?: string; exitCode?: number } = {};
      const container = optional(b, 'container', text);
      const exitCode = optional(b, 'exitCode', num);
      if (container !== undefined) opts.container = container;
      if (exitCode !== undefined) opts.exitCode = exitCode;
      return {
        crashed: faults.crashContainer(optional(b, 'namespace', text) ?? 'default', text(b, 'pod'), opts),
      };
    }),
    'faults.failReadiness': op(['target', 'on'], (b) =>
      faults.failReadiness(text(b, 'target'), b.on !== false),
    ),
    'faults.injectLatency': op(['version', 'ms'], (b) =>
      faults.injectLatency(text(b, 'version'), num(b, 'ms')),
    ),
    'faults.injectErrors': op(['version', 'rate'], (b) =>
      faults.injectErrors(text(b, 'version'), num(b, 'rate')),
    ),
    'faults.clearAll': () => faults.clearAll(),
    // Returns the new client's id (a JSON number).
    'traffic.start': op(['...'], (b) => {
      const opts: Parameters<typeof traffic.start>[0] = {
        service: text(b, 'service'),
        ratePerSecond: num(b, 'ratePerSecond'),
      };
      const namespace = optional(b, 'namespace', text);
      const path = optional(b, 'path', text);
      if (namespace !== undefined) opts.namespace = namespace;
      if (path !== undefined) opts.path = path;
      if (typeof b.port === 'number' || typeof b.port === 'string') opts.port = b.port;
      return traffic.start(opts);
    }),
    'traffic.stop': op(['id'], (b) => traffic.stop(optional(b, 'id', num))),
    'traffic.setRate': op(['id', 'ratePerSecond'], (b) =>
      traffic.setRate(num(b, 'id'), num(b, 'ratePerSecond')),
    ),
    'traffic.ledger': () => traffic.ledger(),
    // Per second and version over the last N seconds, with latency percentiles: what the app's charts poll.
    'traffic.summary': op(['seconds'], (b) => traffic.summary(optional(b, 'seconds', num) ?? 300)),
    // Rates per pod, Service and version over the last seconds: the graph's traffic edges.
    'traffic.flow': op(['seconds'], (b) => traffic.flow(optional(b, 'seconds', num) ?? 10)),
    'traffic.stats': () => {
      const ledger = traffic.ledger();
      return { totals: ledger.totals, perSecond: ledger.perSecond.slice(-60), dropped: ledger.dropped };
    },
    'traffic.resetLedger': () => traffic.resetLedger(),
  };
}

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const clock = new VirtualClock(Date.now());
  const clusterOpts: Parameters<typeof createSimCluster>[0] = { clock };
  if (options.seed !== undefined) clusterOpts.seed = options.seed;
  if (options.nodes !== undefined) clusterOpts.nodes = options.nodes;
  const cluster = createSimCluster(clusterOpts);
  const speed = options.speed ?? 1;
  const driver = new ClockDriver(clock, {
    now: () => Date.now(),
    setTimer: (ms, fn) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
  });
  driver.setSpeed(speed);
  const tls = options.tls ?? true;
  const token = options.token ?? randomBytes(24).toString('base64url');

  const control: LabControl = {
    clock: {
      status: () => ({ speed: driver.getSpeed(), paused: driver.getSpeed() === 0 }),
      pause: () => driver.pause(),
      resume: (s) => driver.resume(s),
      setSpeed: (s) => driver.setSpeed(s),
      advance: (ms) => cluster.advance(ms),
    },
    operations: labOperations(cluster),
  };
  const port: SimClusterPort = {
    store: cluster.store as unknown as ApiStore,
    clock: cluster.clock,
    logs: logSource(cluster),
    metrics: { podCpuMilli: (ns, pod) => cluster.podCpu(ns, pod) },
    control,
  };
  const apiOptions: Parameters<typeof createApiServer>[0] = {
    cluster: port,
    kubeVersion: options.kubeVersion ?? 32,
  };
  const api = createApiServer(
    tls
      ? { ...apiOptions, token, ...(options.log ? { log: options.log } : {}) }
      : { ...apiOptions, ...(options.log ? { log: options.log } : {}) },
  );

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => api.handle(req, res);
  const cert = tls ? createSelfSignedCertificate() : undefined;
  const server = cert
    ? https.createServer({ cert: cert.certPem, key: cert.keyPem }, handler)
    : http.createServer(handler);
  // Watches and follow streams are long-lived by design.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${boundPort}`;
  await writeKubeconfig(options.kubeconfigPath, { server: url, token, ...(cert ? { caPem: cert.certPem } : {}) });
  driver.start();

  // Pitfall 9: kubectl blocks on a graceful delete until the object is gone. While such deletions are
  // pending and the clock runs slower than real time (or is paused), virtual time is topped up to real time
  // so the client does not hang.
  let lastCatchUp = Date.now();
  const catchUp = setInterval(() => {
    const now = Date.now();
    const elapsed = now - lastCatchUp;
    lastCatchUp = now;
    const s = driver.getSpeed();
    if (s >= 1 || api.pendingDeletions() === 0) return;
    const owed = Math.floor(elapsed * (1 - s));
    if (owed > 0) cluster.advance(owed);
  }, CATCH_UP_MS);
  catchUp.unref();

  let stopped = false;
  return {
    url,
    kubeconfigPath: options.kubeconfigPath,
    token,
    cluster,
    api,
    driver,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(catchUp);
      driver.stop();
      api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      cluster.dispose();
    },
  };
}
