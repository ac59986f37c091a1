// Fuzzing the REST surface: thousands of random and mutated requests against the API server over the real
// simulator. The server must never crash, and must always answer either a well-formed Status (with the HTTP
// code in it) or a well-formed object. Seeded, so a failure reproduces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimCluster, type SimCluster } from '../../core/sim/cluster.js';
import { VirtualClock } from '../../core/sim/clock/virtual-clock.js';
import { createApiServer, type ApiServer } from '../../core/sim/api/api-server.js';
import type { ApiStore } from '../../core/sim/api/cluster-port.js';
import { RESOURCES } from '../../core/sim/api/discovery/resource-registry.js';
import { isStatus } from '../../core/sim/api/status.js';

const REQUESTS = 4000;
const CONCURRENCY = 24;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES: Record<string, Record<string, unknown>> = {
  Deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'fz', labels: { app: 'fz' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'fz' } },
      template: {
        metadata: { labels: { app: 'fz' } },
        spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
      },
    },
  },
  Pod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'fz' },
    spec: { containers: [{ name: 'c', image: 'busybox', args: ['sleep', '100'] }] },
  },
  Service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'fz' },
    spec: { selector: { app: 'fz' }, ports: [{ port: 80, targetPort: 8080 }] },
  },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fz' }, data: { a: 'b' } },
  Secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fz' }, data: { a: 'Yg==' } },
  Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fz' } },
  HorizontalPodAutoscaler: {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'fz' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fz' },
      minReplicas: 1,
      maxReplicas: 3,
    },
  },
};

describe('API fuzz', () => {
  let cluster: SimCluster;
  let api: ApiServer;
  let server: http.Server;
  let port = 0;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    cluster = createSimCluster({ seed: 11, nodes: 2, clock: new VirtualClock() });
    api = createApiServer({
      cluster: {
        store: cluster.store as unknown as ApiStore,
        clock: cluster.clock,
        metrics: { podCpuMilli: (ns, pod) => cluster.podCpu(ns, pod) },
      },
      kubeVersion: 32,
    });
    server = http.createServer((req, res) => api.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    api.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    cluster.dispose();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  });

  it(`answers ${REQUESTS} random requests with a valid Status or object`, async () => {
    const rand = rng(Number(process.env.FUZZ_SEED ?? 20260101));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const names = [
      'fz',
      'web',
      'kubernetes',
      'default',
      'deploy-lab-worker',
      'nope',
      '',
      '..',
      '%2F',
      'a'.repeat(300),
      'UPPER',
      'x y',
    ];
    const subs = ['', '', '', '/status', '/scale', '/log', '/exec', '/bogus'];

    function path(): string {
      const r = pick(RESOURCES);
      const gv = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
      const roll = rand();
      if (roll < 0.08)
        return pick([
          '/',
          '/api',
          '/apis',
          '/version',
          '/openapi/v3',
          '/openapi/v2',
          '/openapi/v3/apis/apps/v1',
          '/healthz',
          '/lab/v1/requests',
          '/lab/v1/clock',
          '/apis/apps',
          '/apis/nope/v1',
          '//',
          '/api/v2/pods',
        ]);
      if (roll < 0.12)
        return `/${Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(['api', 'apis', 'v1', 'namespaces', 'default', 'pods', '%ZZ', '..', 'x'])).join('/')}`;
      const ns =
        r.namespaced && rand() < 0.85 ? `/namespaces/${pick(['default', 'kube-system', 'fz', 'nope'])}` : '';
      const name = rand() < 0.6 ? `/${encodeURIComponent(pick(names))}${pick(subs)}` : '';
      return `${gv}${ns}/${r.resource}${name}`;
    }

    function query(method: string): string {
      const params: string[] = [];
      const pool: [string, () => string][] = [
        [
          'labelSelector',
          () =>
            pick(['app=fz', 'app in (a,b)', '!app', 'a b c', '=', 'x,,y', 'app notin (', 'k'.repeat(400)]),
        ],
        [
          'fieldSelector',
          () =>
            pick([
              'metadata.name=fz',
              'spec.nodeName=deploy-lab-worker',
              'status.phase!=Running',
              'bogus=1',
              '==',
              'metadata.name',
            ]),
        ],
        ['limit', () => pick(['500', '-1', 'abc', '0'])],
        ['resourceVersion', () => pick(['0', '1', '999999999', 'abc', ''])],
        ['dryRun', () => pick(['All', 'Some', ''])],
        ['fieldValidation', () => pick(['Strict', 'Warn', 'Ignore', 'Bogus'])],
        ['includeObject', () => pick(['Object', 'None', 'Metadata', 'x'])],
        ['gracePeriodSeconds', () => pick(['0', '30', '-5', 'x'])],
        ['propagationPolicy', () => pick(['Background', 'Orphan', 'Foreground', 'Nope'])],
        ['tailLines', () => pick(['1', '-1', 'x'])],
        ['container', () => pick(['c', 'nope'])],
        ['timestamps', () => 'true'],
        ['previous', () => pick(['true', 'false'])],
      ];
      for (const [k, v] of pool) if (rand() < 0.15) params.push(`${k}=${encodeURIComponent(v())}`);
      // Watches and follows are bounded so the fuzzer finishes; the stream must still be well-formed.
      if (method === 'GET' && rand() < 0.08) params.push('watch=true', 'timeoutSeconds=1');
      return params.length ? `?${params.join('&')}` : '';
    }

    function mutate(value: unknown, depth = 0): unknown {
      if (depth > 6) return value;
      if (Array.isArray(value)) {
        const out = value.map((v) => mutate(v, depth + 1));
        if (rand() < 0.1) out.push(pick([null, 1, 'x', {}, []]));
        return rand() < 0.05 ? {} : out;
      }
      if (value && typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          const r = rand();
          if (r < 0.05) continue;
          if (r < 0.1) out[k] = pick([null, 42, -1, 'str', true, [], {}, 1e308, 'a'.repeat(1000)]);
          else out[k] = mutate(v, depth + 1);
        }
        if (rand() < 0.05)
          out[pick(['foo', '$patch', '$retainKeys', 'metadata', 'spec', '__proto__', 'constructor'])] = pick([
            'replace',
            'delete',
            [],
            null,
            1,
            {},
          ]);
        return out;
      }
      return rand() < 0.05 ? pick([null, 0, '', 'x']) : value;
    }

    function body(method: string): { body?: Buffer; contentType?: string } {
      if (method === 'GET' || method === 'HEAD' || rand() < 0.05) return {};
      const kind = pick(Object.keys(SAMPLES));
      const sample = SAMPLES[kind] ?? {};
      const roll = rand();
      let text: Buffer;
      if (roll < 0.55) text = Buffer.from(JSON.stringify(mutate(structuredClone(sample))));
      else if (roll < 0.65) text = Buffer.from(JSON.stringify(sample).slice(0, Math.floor(rand() * 60)));
      else if (roll < 0.72)
        text = Buffer.from([
          0x6b,
          0x38,
          0x73,
          0x00,
          ...Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)),
        ]);
      else if (roll < 0.78)
        text = Buffer.from(Array.from({ length: Math.floor(rand() * 128) }, () => Math.floor(rand() * 256)));
      else if (roll < 0.83)
        text = Buffer.from('a: &a [1,2]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c]\n');
      else if (roll < 0.9)
        text = Buffer.from(
          JSON.stringify(
            pick([
              [{ op: 'replace', path: '/spec/replicas', value: 2 }],
              [{ op: 'test', path: '/x', value: 1 }],
              [{ op: 'move' }],
              { spec: null },
              [],
              'str',
              1,
            ]),
          ),
        );
      else
        text = Buffer.from(
          JSON.stringify({
            spec: {
              template: {
                spec: {
                  '$setElementOrder/containers': [{ name: 'c' }],
                  containers: [{ name: 'c', $patch: pick(['delete', 'replace', 'bogus']) }],
                },
              },
            },
          }),
        );
      const types =
        method === 'PATCH'
          ? [
              'application/strategic-merge-patch+json',
              'application/merge-patch+json',
              'application/json-patch+json',
              'application/apply-patch+yaml',
              'application/json',
              'text/plain',
            ]
          : [
              'application/json',
              'application/yaml',
              'application/vnd.kubernetes.protobuf',
              'text/plain',
              '',
              'application/json; charset=utf-8',
            ];
      const contentType = pick(types);
      return contentType ? { body: text, contentType } : { body: text };
    }

    interface Result {
      status: number;
      contentType: string;
      text: string;
      method: string;
      path: string;
      watch: boolean;
    }

    function send(): Promise<Result> {
      const method = pick(['GET', 'GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
      const p = path() + query(method);
      const b = body(method);
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {
          accept: pick([
            'application/json',
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
            '*/*',
            'application/vnd.kubernetes.protobuf,application/json',
            'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
          ]),
        };
        if (b.contentType) headers['content-type'] = b.contentType;
        if (b.body) headers['content-length'] = String(b.body.length);
        const req = http.request({ host: '127.0.0.1', port, path: p, method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              text: Buffer.concat(chunks).toString('utf8'),
              method,
              path: p,
              watch: p.includes('watch=true') || p.includes('follow=true'),
            }),
          );
          res.on('error', reject);
        });
        req.setTimeout(5000, () => req.destroy(new Error(`timeout ${method} ${p}`)));
        req.on('error', reject);
        if (b.body) req.write(b.body);
        req.end();
      });
    }

    const problems: string[] = [];
    function check(r: Result): void {
      const where = `${r.method} ${r.path} -> ${r.status}`;
      if (r.status < 200 || r.status > 599) problems.push(`bad status ${where}`);
      if (r.method === 'HEAD') return;
      if (r.contentType.startsWith('text/plain') || r.contentType === 'application/octet-stream') {
        if (r.status >= 400) problems.push(`error without Status ${where}`);
        return;
      }
      let whole: unknown;
      try {
        whole = JSON.parse(r.text);
      } catch {
        whole = undefined;
      }
      // watch=true on a path that does not watch (discovery, subresources) answers a plain object.
      if (
        r.watch &&
        r.status === 200 &&
        (whole === undefined || (typeof whole === 'object' && whole !== null && 'type' in whole))
      ) {
        for (const line of r.text.split('\n').filter(Boolean)) {
          const ev = JSON.parse(line) as { type?: string; object?: unknown };
          if (
            !['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'].includes(String(ev.type)) ||
            typeof ev.object !== 'object'
          )
            problems.push(`bad watch event ${where}: ${line.slice(0, 200)}`);
          if (ev.type === 'ERROR' && !isStatus(ev.object))
            problems.push(`ERROR event without Status ${where}`);
        }
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(r.text);
      } catch {
        problems.push(`non-JSON body ${where}: ${r.text.slice(0, 200)}`);
        return;
      }
      if (r.status >= 400) {
        if (!isStatus(parsed) || parsed.code !== r.status)
          problems.push(`not a Status ${where}: ${r.text.slice(0, 200)}`);
        if (r.status >= 500) problems.push(`server error ${where}: ${r.text.slice(0, 300)}`);
        return;
      }
      const o = parsed as Record<string, unknown>;
      const wellFormed =
        typeof o.kind === 'string' ||
        typeof o.major === 'string' ||
        typeof o.paths === 'object' ||
        typeof o.items === 'object' ||
        typeof o.swagger === 'string' ||
        typeof o.now === 'string';
      if (!wellFormed) problems.push(`unexpected 2xx body ${where}: ${r.text.slice(0, 200)}`);
    }

    let issued = 0;
    async function worker(): Promise<void> {
      while (issued < REQUESTS) {
        issued++;
        const r = await send();
        check(r);
        if (issued % 200 === 0) cluster.advance(5_000);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));

    expect(crashes).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);
    const version = await fetch(`http://127.0.0.1:${port}/version`);
    expect(((await version.json()) as { minor: string }).minor).toBe('32');
  });
});
