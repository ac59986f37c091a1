/**
 * The embedded cluster's Kubernetes API under load (issue targets beside the Kubernetes API SLO):
 * - `kubectl get pods -A` with 10,000 pods (wall, median of 3; target < 2 s);
 * - single-object GET and PATCH at 50 requests per second for 10 s each (p50/p99; target p99 < 20 ms;
 *   the upstream SLO is p99 <= 1 s);
 * - 20 concurrent watchers each see every one of 200 changes.
 * Run with `npm run bench -- api`. Prints one JSON line.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { startSimServer } from '../core/sim/serve/sim-server';
import { webDeployment } from '../core/sim/testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-apibench-'));
const server = await startSimServer({
  kubeconfigPath: join(dir, 'kubeconfig'),
  nodes: 200,
  seed: 5,
  speed: 0,
});
const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 64 });
const base = new URL(server.url);

function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        agent,
        headers: {
          authorization: `Bearer ${server.token}`,
          accept: 'application/json',
          ...(body ? { 'content-type': contentType } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

// 10,000 pods: ten Deployments of 1,000, brought to Ready on the virtual clock (about 520 s of it:
// the ReplicaSet controller's client creates 20 pods a second, as kube-controller-manager's does).
for (let i = 0; i < 10; i++)
  server.cluster.store.create('deployments', webDeployment({ name: `big${i}`, replicas: 1000 }));
for (let i = 0; i < 240; i++) {
  server.cluster.advance(5000);
  const ready = server.cluster.store
    .list('pods', { namespace: 'default' })
    .items.filter((p) => p.status?.phase === 'Running').length;
  if (ready >= 10_000) break;
}
const podCount = server.cluster.store.list('pods', { namespace: 'default' }).items.length;
if (podCount < 10_000) throw new Error(`only ${podCount} pods after the set-up`);

const cacheDir = join(dir, 'kubectl-cache');
// Asynchronously: the API server runs in this very process and must keep serving while kubectl runs.
const kubectl = async (args: string[]) =>
  (
    await promisify(execFile)('kubectl', ['--cache-dir', cacheDir, ...args], {
      env: { ...process.env, KUBECONFIG: server.kubeconfigPath },
      maxBuffer: 256 * 2 ** 20,
    })
  ).stdout;
await kubectl(['get', 'ns']); // warm the discovery cache, as a user's second command would be
const getAll: number[] = [];
let lines = 0;
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  lines = String(await kubectl(['get', 'pods', '-A'])).split('\n').length - 2;
  getAll.push(performance.now() - t0);
}

async function paced(
  rps: number,
  seconds: number,
  send: (i: number) => Promise<{ status: number; ms: number }>,
) {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < rps * seconds; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      send(i).then((r) => {
        latencies.push(r.ms);
        if (r.status >= 400) errors += 1;
      }),
    );
  }
  await Promise.all(pending);
  return {
    count: latencies.length,
    errors,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
  };
}

const pod = server.cluster.store.list('pods', { namespace: 'default' }).items[0]!.metadata.name;
const gets = await paced(50, 10, () => call('GET', `/api/v1/namespaces/default/pods/${pod}`));
const patches = await paced(50, 10, (i) =>
  call(
    'PATCH',
    `/apis/apps/v1/namespaces/default/deployments/big0`,
    { metadata: { annotations: { 'bench/i': String(i) } } },
    'application/merge-patch+json',
  ),
);

// 20 watchers on ConfigMaps, 200 changes: every watcher must see every change.
await call('POST', '/api/v1/namespaces/default/configmaps', {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'watched' },
  data: { n: '0' },
});
const listRv = (
  JSON.parse((await call('GET', '/api/v1/namespaces/default/configmaps')).text) as {
    metadata: { resourceVersion: string };
  }
).metadata.resourceVersion;
const seen = Array.from({ length: 20 }, () => 0);
const streams = seen.map(
  (_, w) =>
    new Promise<() => void>((resolve) => {
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          agent: false,
          rejectUnauthorized: false,
          path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${listRv}`,
          headers: { authorization: `Bearer ${server.token}` },
        },
        (res) => {
          let buffer = '';
          res.on('data', (c: Buffer) => {
            buffer += String(c);
            let nl;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (line.includes('"MODIFIED"')) seen[w] = (seen[w] ?? 0) + 1;
            }
          });
          resolve(() => req.destroy());
        },
      );
      req.end();
    }),
);
const closers = await Promise.all(streams);
for (let i = 1; i <= 200; i++) {
  await call(
    'PATCH',
    '/api/v1/namespaces/default/configmaps/watched',
    { data: { n: String(i) } },
    'application/merge-patch+json',
  );
}
await new Promise((r) => setTimeout(r, 500));
closers.forEach((close) => close());

console.log(
  JSON.stringify({
    bench: 'core/sim/api',
    node: process.version,
    pods: podCount,
    kubectlGetPodsAllMsMedian: Math.round(quantile(getAll, 0.5)),
    kubectlGetPodsAllMsRuns: getAll.map(Math.round),
    kubectlRowsPrinted: lines,
    get50rps: { ...gets, p50: +gets.p50.toFixed(2), p99: +gets.p99.toFixed(2), max: +gets.max.toFixed(2) },
    patch50rps: {
      ...patches,
      p50: +patches.p50.toFixed(2),
      p99: +patches.p99.toFixed(2),
      max: +patches.max.toFixed(2),
    },
    watchers: { count: 20, changes: 200, minSeen: Math.min(...seen), maxSeen: Math.max(...seen) },
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    loadAverage1m: loadavg()[0],
    targets: { kubectlGetPodsAllMs: 2000, p99Ms: 20, kubernetesSloP99Ms: 1000 },
  }),
);
await server.stop();
agent.destroy();
