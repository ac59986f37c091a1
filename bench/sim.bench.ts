/**
 * Simulator benchmark. tsx is not installed; bundle with esbuild and run with node:
 *
 *   npx esbuild bench/sim.bench.ts --bundle --platform=node --format=esm --outfile=/tmp/simbench.mjs \
 *     "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
 *     && node /tmp/simbench.mjs
 *
 * (The banner gives the bundled CommonJS build of `yaml` the `require` it needs inside an ESM bundle.)
 *
 * Run it from the repository root (the image catalog is found under ./lab-clusters/images).
 * Measures: 10,000 pods on 200 nodes created and Ready (wall time, median of 3; target < 10 s),
 * a 1,000-replica rolling update (virtual/wall time ratio; target >= 100x), and memory at 10,000
 * pods (target < 1 GB RSS). Prints one JSON line.
 *
 * The rollout's virtual length is what a kind cluster would take: the ReplicaSet controller's
 * client sends 20 requests a second (1,000 creates and 1,000 deletes: about 100 s). The rollout's
 * CPU ms, printed beside the ratio, is also the CPU in microseconds per pod replaced (1,000 pods):
 * the cost that does not depend on that pacing.
 */
import { createSimCluster } from '../core/sim/cluster.js';
import { webDeployment } from '../core/sim/testing/fixtures.js';

function wallNow(): number {
  return performance.now();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface ScaleRun {
  wallMs: number;
  /** CPU time of this process (user + system): less sensitive than wall time to a loaded machine. */
  cpuMs: number;
  virtualMs: number;
  rssMB: number;
  heapMB: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function tenThousandPods(seed: number): ScaleRun {
  const t0 = wallNow();
  const c0 = cpuNow();
  const c = createSimCluster({ seed, nodes: 200 });
  const v0 = c.clock.now();
  c.store.create('deployments', webDeployment({ name: 'big', replicas: 10_000 }));
  // The ReplicaSet controller's client (20 requests/s) paces creation: about 500 s of virtual time.
  for (let i = 0; i < 1200; i++) {
    c.advance(1000);
    const d = c.store.get('deployments', 'default', 'big');
    if ((d.status?.availableReplicas ?? 0) === 10_000) break;
  }
  const wallMs = wallNow() - t0;
  const cpuMs = cpuNow() - c0;
  const d = c.store.get('deployments', 'default', 'big');
  if ((d.status?.availableReplicas ?? 0) !== 10_000) throw new Error(`only ${d.status?.availableReplicas} pods available`);
  const mem = process.memoryUsage();
  const run = { wallMs, cpuMs, virtualMs: c.clock.now() - v0, rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20 };
  c.dispose();
  return run;
}

function rollingUpdate1000(): { wallMs: number; cpuMs: number; virtualMs: number; ratio: number; steadyRatio: number } {
  const c = createSimCluster({ seed: 7, nodes: 20 });
  c.store.create('deployments', webDeployment({ name: 'web', replicas: 1000, readinessProbe: true }));
  c.advance(300_000);
  const before = c.store.get('deployments', 'default', 'web');
  if ((before.status?.availableReplicas ?? 0) !== 1000) throw new Error('initial rollout incomplete');
  const d = structuredClone(before);
  d.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
  c.store.update('deployments', d);
  const v0 = c.clock.now();
  const t0 = wallNow();
  const c0 = cpuNow();
  for (let i = 0; i < 3600; i++) {
    c.advance(1000);
    const s = c.store.get('deployments', 'default', 'web').status;
    if (s?.updatedReplicas === 1000 && s.availableReplicas === 1000 && s.replicas === 1000) break;
  }
  const wallMs = wallNow() - t0;
  const cpuMs = cpuNow() - c0;
  const virtualMs = c.clock.now() - v0;
  const s = c.store.get('deployments', 'default', 'web').status;
  if (s?.updatedReplicas !== 1000 || s.replicas !== 1000) throw new Error(`rollout incomplete: ${JSON.stringify(s)}`);
  // Steady state afterwards: 1,000 pods with readiness probes every 2 s, heartbeats, controllers.
  const t1 = wallNow();
  c.advance(600_000);
  const steadyRatio = 600_000 / (wallNow() - t1);
  c.dispose();
  return { wallMs, cpuMs, virtualMs, ratio: virtualMs / wallMs, steadyRatio };
}

const runs: ScaleRun[] = [];
for (let i = 0; i < 3; i++) {
  runs.push(tenThousandPods(100 + i));
  if (typeof globalThis.gc === 'function') globalThis.gc();
}
const ru = rollingUpdate1000();
const result = {
  bench: 'core/sim',
  node: process.version,
  pods10kReadyWallMsMedian: Math.round(median(runs.map((r) => r.wallMs))),
  pods10kReadyWallMsRuns: runs.map((r) => Math.round(r.wallMs)),
  pods10kReadyCpuMsMedian: Math.round(median(runs.map((r) => r.cpuMs))),
  pods10kVirtualMs: runs[0]!.virtualMs,
  pods10kRssMBMax: Math.round(Math.max(...runs.map((r) => r.rssMB))),
  pods10kHeapMBMax: Math.round(Math.max(...runs.map((r) => r.heapMB))),
  rollingUpdate1000VirtualMs: ru.virtualMs,
  rollingUpdate1000WallMs: Math.round(ru.wallMs),
  rollingUpdate1000CpuMs: Math.round(ru.cpuMs),
  rollingUpdate1000SpeedRatio: Math.round(ru.ratio),
  steady1000PodsSpeedRatio: Math.round(ru.steadyRatio),
  loadAverage1m: (await import('node:os')).loadavg()[0],
  targets: { pods10kReadyWallMs: 10_000, rollingUpdateSpeedRatio: 100, rssMB: 1024 },
};
console.log(JSON.stringify(result));
