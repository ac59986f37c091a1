/**
 * A steady client sending requests into a Service, routed the way kube-proxy would: a random
 * endpoint among those kube-proxy knows. kube-proxy's view is the EndpointSlice state about one
 * second late (PROXY_LAG_MS), so a pod that just began terminating may still get traffic.
 * Like kube-proxy (ProxyTerminatingEndpoints, GA in 1.28) it prefers ready endpoints and falls
 * back to serving+terminating ones when no ready endpoint is left.
 */
import type { TimerHandle } from '../clock/virtual-clock.js';
import type { EndpointSlice, SliceEndpoint } from '../store/kube-types.js';
import type { FakeKubelet } from '../kubelet/fake-kubelet.js';
import type { Controller, SimContext } from '../controllers/sim-context.js';

export const PROXY_LAG_MS = 1000;
const TICK_MS = 100;
const LEDGER_CAPACITY = 100_000;
const SECONDS_KEPT = 3600;

export type RequestOutcome = 'ok' | 'error' | 'refused' | 'no-endpoints';

export interface RequestRecord {
  t: number;
  outcome: RequestOutcome;
  status?: number;
  latencyMs: number;
  pod?: string;
  node?: string;
  version?: string;
  service: string;
}

export interface SecondAggregate {
  /** Epoch second. */
  t: number;
  version: string;
  ok: number;
  error: number;
  refused: number;
  noEndpoints: number;
  latencyMsSum: number;
}

export interface TrafficStartOptions {
  namespace?: string;
  service: string;
  ratePerSecond: number;
  path?: string;
  /** Service port (number or name); default the first. */
  port?: number | string;
}

/** The same shape core/graph reads as its traffic input (kept structural: the simulator does not import the graph). */
export interface TrafficFlow {
  windowSeconds: number;
  perPod: Record<string, { rps: number; errorRate: number; version?: string }>;
  perService: Record<string, { rps: number; errorRate: number }>;
  byVersion: Record<string, { rps: number; errorRate: number; p50Ms: number; p95Ms: number }>;
}

export interface TrafficSummary {
  totals: Record<RequestOutcome, number> & { total: number };
  running: boolean;
  series: {
    t: number;
    version: string;
    ok: number;
    failed: number;
    meanMs: number;
    p50Ms: number;
    p95Ms: number;
  }[];
}

export interface Ledger {
  /** The most recent requests (bounded ring, oldest first). */
  records: RequestRecord[];
  totals: Record<RequestOutcome, number> & { total: number };
  perSecond: SecondAggregate[];
  /** Requests dropped from `records` because of the bound. */
  dropped: number;
}

interface Stream {
  id: number;
  opts: Required<Omit<TrafficStartOptions, 'port'>> & { port?: number | string };
  carry: number;
  timer?: TimerHandle;
}

export class TrafficModel implements Controller {
  /** kube-proxy's view: service key -> slice name -> slice. */
  private readonly proxy = new Map<string, Map<string, EndpointSlice>>();
  private readonly streams = new Map<number, Stream>();
  private nextId = 1;
  private ring: RequestRecord[] = [];
  private ringStart = 0;
  private dropped = 0;
  private readonly totals = { ok: 0, error: 0, refused: 0, 'no-endpoints': 0, total: 0 };
  private readonly perSecond = new Map<string, SecondAggregate>();
  private readonly secondsOrder: string[] = [];
  private readonly unwatch: () => void;
  private readonly listeners = new Set<(r: RequestRecord) => void>();

  constructor(
    private readonly ctx: SimContext,
    private readonly kubelet: FakeKubelet,
  ) {
    this.unwatch = ctx.store.watch('endpointslices', {}, (e) => {
      const slice = e.object;
      const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
      if (!svc) return;
      const key = `${slice.metadata.namespace}/${svc}`;
      ctx.clock.after(PROXY_LAG_MS, () => {
        let m = this.proxy.get(key);
        if (!m) this.proxy.set(key, (m = new Map()));
        if (e.type === 'DELETED') m.delete(slice.metadata.name!);
        else m.set(slice.metadata.name!, slice);
      });
    });
  }

  dispose(): void {
    this.unwatch();
    this.stop();
  }

  /** Starts a client; returns its id. */
  start(opts: TrafficStartOptions): number {
    const id = this.nextId++;
    const s: Stream = {
      id,
      opts: {
        namespace: opts.namespace ?? 'default',
        service: opts.service,
        ratePerSecond: opts.ratePerSecond,
        path: opts.path ?? '/',
        port: opts.port,
      },
      carry: 0,
    };
    this.streams.set(id, s);
    this.arm(s);
    return id;
  }

  /** Stops one client, or all of them. */
  stop(id?: number): void {
    for (const s of [...this.streams.values()]) {
      if (id !== undefined && s.id !== id) continue;
      this.ctx.clock.cancel(s.timer);
      this.streams.delete(s.id);
    }
  }

  setRate(id: number, ratePerSecond: number): void {
    const s = this.streams.get(id);
    if (s) s.opts.ratePerSecond = ratePerSecond;
  }

  onRequest(fn: (r: RequestRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Endpoints kube-proxy currently routes to for a service (after the lag). */
  proxyEndpoints(namespace: string, service: string): SliceEndpoint[] {
    const out: SliceEndpoint[] = [];
    for (const s of this.proxy.get(`${namespace}/${service}`)?.values() ?? []) out.push(...s.endpoints);
    return out;
  }

  ledger(): Ledger {
    const perSecond = this.secondsOrder.map((k) => this.perSecond.get(k)!).filter(Boolean);
    return {
      records: this.ring.slice(this.ringStart),
      totals: { ...this.totals },
      perSecond,
      dropped: this.dropped,
    };
  }

  /**
   * What the instruments draw, without shipping every request: totals, and per second and version
   * the successes, failures and latency percentiles of the last `seconds` of recorded requests.
   */
  summary(seconds = 300): TrafficSummary {
    const records = this.ring.slice(this.ringStart);
    // Complete seconds only: the second in progress would show as a dip at the end of every chart.
    const current = Math.floor(this.ctx.clock.now() / 1000);
    const last = current - 1;
    const buckets = new Map<
      string,
      { t: number; version: string; ok: number; failed: number; latencies: number[] }
    >();
    for (const r of records) {
      const t = Math.floor(r.t / 1000);
      if (t <= last - seconds || t > last) continue;
      const version = r.version ?? 'unknown';
      const key = `${t}|${version}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { t, version, ok: 0, failed: 0, latencies: [] };
        buckets.set(key, bucket);
      }
      if (r.outcome === 'ok') bucket.ok += 1;
      else bucket.failed += 1;
      bucket.latencies.push(r.latencyMs);
    }
    const pick = (sorted: number[], q: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    const series = [...buckets.values()]
      .sort((a, b) => a.t - b.t || a.version.localeCompare(b.version))
      .map((b) => {
        const sorted = b.latencies.sort((x, y) => x - y);
        const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
        return {
          t: b.t,
          version: b.version,
          ok: b.ok,
          failed: b.failed,
          meanMs: Math.round(mean),
          p50Ms: pick(sorted, 0.5),
          p95Ms: pick(sorted, 0.95),
        };
      });
    return { totals: { ...this.totals }, running: this.streams.size > 0, series };
  }

  /**
   * Who is serving right now, for the graph's traffic edges: over the last `windowSeconds` complete
   * seconds, requests per second and error rate per pod, per Service (by name) and per version.
   */
  flow(windowSeconds = 10): TrafficFlow {
    const last = Math.floor(this.ctx.clock.now() / 1000) - 1;
    const from = (last - windowSeconds + 1) * 1000;
    const to = (last + 1) * 1000;
    const tally = new Map<string, { n: number; failed: number; version?: string; latencies?: number[] }>();
    const add = (key: string, r: RequestRecord, keepLatency = false) => {
      const entry = tally.get(key) ?? { n: 0, failed: 0 };
      entry.n += 1;
      if (r.outcome !== 'ok') entry.failed += 1;
      if (r.version) entry.version = r.version;
      if (keepLatency) (entry.latencies ??= []).push(r.latencyMs);
      tally.set(key, entry);
    };
    for (let i = this.ring.length - 1; i >= this.ringStart; i--) {
      const r = this.ring[i]!;
      if (r.t >= to) continue;
      if (r.t < from) break;
      add(`svc:${r.service.split('/').pop() ?? r.service}`, r);
      if (r.pod) add(`pod:${r.pod}`, r);
      add(`ver:${r.version ?? 'unknown'}`, r, true);
    }
    const rates = (e: { n: number; failed: number }) => ({
      rps: e.n / windowSeconds,
      errorRate: e.n > 0 ? e.failed / e.n : 0,
    });
    const out: TrafficFlow = { windowSeconds, perPod: {}, perService: {}, byVersion: {} };
    for (const [key, e] of tally) {
      const [kind, name = ''] = [key.slice(0, 3), key.slice(4)];
      if (kind === 'svc') out.perService[name] = rates(e);
      else if (kind === 'pod')
        out.perPod[name] = { ...rates(e), ...(e.version ? { version: e.version } : {}) };
      else {
        const sorted = (e.latencies ?? []).sort((a, b) => a - b);
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
        out.byVersion[name] = { ...rates(e), p50Ms: at(0.5), p95Ms: at(0.95) };
      }
    }
    return out;
  }

  /** Clears the recorded requests (not the running clients). */
  resetLedger(): void {
    this.ring = [];
    this.ringStart = 0;
    this.dropped = 0;
    for (const k of Object.keys(this.totals) as (keyof typeof this.totals)[]) this.totals[k] = 0;
    this.perSecond.clear();
    this.secondsOrder.length = 0;
  }

  private arm(s: Stream): void {
    s.timer = this.ctx.clock.after(TICK_MS, () => {
      if (!this.streams.has(s.id)) return;
      const want = s.opts.ratePerSecond * (TICK_MS / 1000) + s.carry;
      const n = Math.floor(want);
      s.carry = want - n;
      for (let i = 0; i < n; i++) this.request(s);
      this.arm(s);
    });
  }

  private request(s: Stream): void {
    const { store, clock, rng } = this.ctx;
    const { namespace, service, path } = s.opts;
    const svc = store.tryGet('services', namespace, service);
    const now = clock.now();
    const key = `${namespace}/${service}`;
    const record = (r: Omit<RequestRecord, 't' | 'service'>): void =>
      this.push({ t: now, service: key, ...r });
    if (!svc) {
      record({ outcome: 'no-endpoints', latencyMs: 0 });
      return;
    }
    const svcPort =
      typeof s.opts.port === 'string'
        ? svc.spec.ports?.find((p) => p.name === s.opts.port)
        : typeof s.opts.port === 'number'
          ? svc.spec.ports?.find((p) => p.port === s.opts.port)
          : svc.spec.ports?.[0];
    const all = this.proxyEndpoints(namespace, service);
    let usable = all.filter((e) => e.conditions.ready);
    if (usable.length === 0) usable = all.filter((e) => e.conditions.serving && e.conditions.terminating);
    if (usable.length === 0) {
      // kube-proxy installs a REJECT rule for a service without endpoints.
      record({ outcome: 'no-endpoints', latencyMs: 0 });
      return;
    }
    const ep = usable[rng.int(usable.length)]!;
    let port: number | undefined;
    for (const sl of this.proxy.get(key)?.values() ?? []) {
      const p = sl.ports.find((x) => (svcPort?.name ? x.name === svcPort.name : true));
      if (p) {
        port = p.port;
        break;
      }
    }
    const uid = ep.targetRef?.uid ?? '';
    const res = this.kubelet.serve(uid, port ?? 0, path, {
      ip: '10.244.0.1',
      errorRoll: rng.next(),
      jitter: rng.next(),
    });
    record({
      outcome: res.outcome,
      ...(res.status !== undefined ? { status: res.status } : {}),
      latencyMs: res.latencyMs,
      pod: ep.targetRef?.name,
      node: ep.nodeName,
      ...(res.version ? { version: res.version } : {}),
    });
  }

  private push(r: RequestRecord): void {
    this.ring.push(r);
    if (this.ring.length - this.ringStart > LEDGER_CAPACITY) {
      this.ringStart++;
      this.dropped++;
      if (this.ringStart > LEDGER_CAPACITY / 2) {
        this.ring = this.ring.slice(this.ringStart);
        this.ringStart = 0;
      }
    }
    this.totals[r.outcome]++;
    this.totals.total++;
    const sec = Math.floor(r.t / 1000);
    const version = r.version ?? (r.outcome === 'no-endpoints' ? 'none' : 'unknown');
    const k = `${sec}|${version}`;
    let agg = this.perSecond.get(k);
    if (!agg) {
      agg = { t: sec, version, ok: 0, error: 0, refused: 0, noEndpoints: 0, latencyMsSum: 0 };
      this.perSecond.set(k, agg);
      this.secondsOrder.push(k);
      while (
        this.secondsOrder.length > 0 &&
        Number(this.secondsOrder[0]!.split('|')[0]) < sec - SECONDS_KEPT
      ) {
        this.perSecond.delete(this.secondsOrder.shift()!);
      }
    }
    if (r.outcome === 'no-endpoints') agg.noEndpoints++;
    else agg[r.outcome]++;
    agg.latencyMsSum += r.latencyMs;
    for (const l of this.listeners) l(r);
  }
}
