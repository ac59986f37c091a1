/**
 * The live graph in headless Chromium against the real app in web mode (`deploy-lab web`, embedded
 * cluster), driven with kubectl and the Kubernetes/lab API:
 * - render: a cluster of 1,000 pods (20 Deployments of 50; pods fold into one pod group per
 *   ReplicaSet) — ms from navigation start to every Deployment, ReplicaSet, pod group and node card
 *   drawn inside the viewport (target < 2,000 ms; median of 5 page loads);
 * - rolling update of a 300-pod Deployment at speed 1x: requestAnimationFrame callbacks per second
 *   and the longest 'longtask' over a 6 s window mid-rollout (targets >= 30 fps, no task > 200 ms;
 *   median of 3 rollouts);
 * - a change appears on screen: PATCH of a Deployment's replicas through the Kubernetes API to the
 *   card's text changing (MutationObserver timestamp, same machine clock), p95 of 20 (target
 *   < 100 ms; median of 3 runs), at speed 1x in a small lab and in the 1,000-pod lab.
 * Run with `npm run bench -- graph`. Prints one JSON line (plus progress on stderr).
 * GRAPH_BENCH_ONLY=small|thousand|rolling runs one part; GRAPH_BENCH_LAB_NODE_ARGS passes node flags to the lab.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFile, spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

// test/support has the same two helpers, but it belongs to the test project, not to this one.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

interface RunningLab {
  url: string;
  kubeconfig: string;
  stop(): Promise<void>;
}

/** `deploy-lab web` as a user starts it (the built bin), with the URL and kubeconfig it prints. */
async function startWebLab(): Promise<RunningLab> {
  const home = mkdtempSync(join(tmpdir(), 'deploy-lab-graphbench-'));
  // GRAPH_BENCH_LAB_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the lab's engine.
  const nodeArgs = process.env.GRAPH_BENCH_LAB_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/deploy-lab.mjs', 'web', '--port', '0'], {
    env: { ...process.env, DEPLOY_LAB_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+).*\n/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`deploy-lab web exited ${code}:\n${output}`)));
  });
  return {
    url,
    kubeconfig: /KUBECONFIG=(\S+)\)/.exec(output)?.[1] ?? '',
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

const run = promisify(execFile);
const agent = new Agent({ keepAlive: true, rejectUnauthorized: false });
const log = (message: string) => process.stderr.write(`graph.bench: ${message}\n`);
const load: number[][] = [];
const sampleLoad = () => load.push(loadavg().map((v) => Math.round(v * 100) / 100));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (n: number) => Math.round(n * 10) / 10;

interface Api {
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown>;
  kubectl(...args: string[]): Promise<string>;
}

/** The embedded cluster's API server and token, read from the kubeconfig the lab printed. */
function apiOf(lab: RunningLab): Api {
  interface KubeConfig {
    clusters: { cluster: { server: string } }[];
    users: { user: { token?: string } }[];
  }
  const config = parse(readFileSync(lab.kubeconfig, 'utf8')) as KubeConfig;
  const server = new URL(config.clusters[0]?.cluster.server ?? '');
  const token = config.users[0]?.user.token ?? '';
  const cacheDir = mkdtempSync(join(tmpdir(), 'deploy-lab-bench-kubectl-'));
  return {
    call(method, path, body, contentType = 'application/json') {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: server.hostname,
            port: server.port,
            path,
            method,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json',
              ...(body === undefined ? {} : { 'content-type': contentType }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              if ((res.statusCode ?? 500) >= 300)
                reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
              else resolve(text ? (JSON.parse(text) as unknown) : undefined);
            });
          },
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    },
    async kubectl(...args) {
      const { stdout } = await run('kubectl', ['--cache-dir', cacheDir, ...args], {
        env: { ...process.env, KUBECONFIG: lab.kubeconfig },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    },
  };
}

const setSpeed = (api: Api, speed: number) => api.call('POST', '/lab/v1/clock/speed', { speed });

async function podCount(api: Api): Promise<number> {
  const list = (await api.call('GET', '/api/v1/namespaces/default/pods')) as { items: unknown[] };
  return list.items.length;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Code run in the page is passed as text: this file is type-checked with the engine (no DOM types).
 * Resolves to performance.now() (ms since navigation start) when the expected cards are drawn
 * inside the graph's viewport.
 */
const RENDERED = `(expected) => {
  const pane = document.querySelector('.react-flow');
  if (!pane) return false;
  const view = pane.getBoundingClientRect();
  const shown = (prefix) => Array.from(document.querySelectorAll('.react-flow__node[data-id^="' + prefix + '"]'))
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.left >= view.left - 1 && r.right <= view.right + 1 &&
        r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    }).length;
  const done = Object.entries(expected).every(([prefix, count]) => shown(prefix) === count);
  return done ? performance.now() : false;
}`;

async function timeToRender(page: Page, url: string, expected: Record<string, number>): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(`(${RENDERED})(${JSON.stringify(expected)})`, undefined, {
    polling: 'raf',
    timeout: 30_000,
  });
  return (await handle.jsonValue()) as number;
}

interface FrameStats {
  fps: number;
  longestTaskMs: number;
  longTasks: number;
}

/** rAF callbacks per second and the longest 'longtask' entry over the window. */
const FRAME_RATE = `(windowMs) => new Promise((resolve) => {
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  let frames = 0;
  const start = performance.now();
  const tick = (now) => {
    frames += 1;
    if (now - start < windowMs) requestAnimationFrame(tick);
    else {
      observer.disconnect();
      resolve({ fps: (frames * 1000) / (now - start), longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length });
    }
  };
  requestAnimationFrame(tick);
})`;

async function frameRate(page: Page, ms: number): Promise<FrameStats> {
  return (await page.evaluate(`(${FRAME_RATE})(${ms})`)) as FrameStats;
}

/**
 * Installed before the app loads: stamps (epoch ms) every WebSocket message, so a change's latency
 * can be split into engine + transport (API call -> last message before the DOM change) and page
 * (that message -> DOM change, i.e. parse, store, layout, React).
 */
const STAMP_MESSAGES = `(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__lastMessageAt = performance.timeOrigin + performance.now(); });
    }
  };
})()`;

/** Arms a MutationObserver that stamps (epoch ms) the first moment a card's text matches. */
const ARM = `({ id, want }) => {
  delete window.__seenAt;
  delete window.__messageAt;
  const observer = new MutationObserver(() => {
    const card = document.querySelector('.react-flow__node[data-id="' + id + '"]');
    if (!card || !new RegExp(want).test(card.textContent || '')) return;
    window.__seenAt = performance.timeOrigin + performance.now();
    window.__messageAt = window.__lastMessageAt;
    observer.disconnect();
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}`;

/**
 * API call -> DOM change, n times: each PATCH toggles a Deployment's replicas and the time is taken
 * when its card's text shows the new desired count (first MutationObserver callback that sees it).
 */
interface Latency {
  total: number;
  /** From the last WebSocket message before the DOM change to the change: the page's own work. */
  page: number;
}

async function changeLatencies(page: Page, api: Api, name: string, n: number): Promise<Latency[]> {
  const out: Latency[] = [];
  const path = `/apis/apps/v1/namespaces/default/deployments/${name}/scale`;
  for (let i = 0; i < n; i += 1) {
    const replicas = i % 2 === 0 ? 2 : 1;
    const armed = { id: `deployment/default/${name}`, want: `\\d+/${replicas} ready` };
    await page.evaluate(`(${ARM})(${JSON.stringify(armed)})`);
    const sent = performance.timeOrigin + performance.now();
    await api.call('PATCH', path, { spec: { replicas } }, 'application/merge-patch+json');
    const seen = await page.waitForFunction('window.__seenAt || false', undefined, {
      polling: 20,
      timeout: 10_000,
    });
    const seenAt = (await seen.jsonValue()) as number;
    const messageAt = (await page.evaluate('window.__messageAt || 0')) as number;
    out.push({ total: seenAt - sent, page: messageAt > sent ? seenAt - messageAt : NaN });
    await page.waitForTimeout(250);
  }
  return out;
}

/** 3 runs of 20 changes: the median of the runs' p95 (total, and the page's share), and p50 of all. */
async function latencyRuns(page: Page, api: Api, label: string): Promise<Record<string, unknown>> {
  const totals: number[] = [];
  const pages: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < 3; r += 1) {
    const samples = await changeLatencies(page, api, 'probe', 20);
    all.push(...samples.map((sample) => sample.total));
    totals.push(
      percentile(
        samples.map((sample) => sample.total),
        95,
      ),
    );
    const onPage = samples.map((sample) => sample.page).filter((ms) => !Number.isNaN(ms));
    pages.push(percentile(onPage, 95));
  }
  log(
    `${label} change latency p95 per run: ${totals.map(round).join(', ')} ms (page share ${pages.map(round).join(', ')} ms)`,
  );
  return {
    changeP95Ms: round(median(totals)),
    changeP50Ms: round(median(all)),
    pageShareP95Ms: round(median(pages)),
    changeRunsP95Ms: totals.map(round),
  };
}

async function withLab<T>(
  browser: Browser,
  body: (lab: RunningLab, api: Api, page: Page) => Promise<T>,
): Promise<T> {
  const lab = await startWebLab();
  const page = await browser.newPage({
    viewport: { width: 1360, height: 820 },
    // The page's CSP forbids eval, and Playwright evals string predicates (see RENDERED).
    bypassCSP: true,
  });
  await page.addInitScript(STAMP_MESSAGES);
  try {
    return await body(lab, apiOf(lab), page);
  } finally {
    await page.close();
    await lab.stop();
  }
}

/** GRAPH_BENCH_ONLY=small|thousand|rolling runs one part (for working on it). */
const only = process.env.GRAPH_BENCH_ONLY;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});
const result: Record<string, unknown> = { bench: 'graph', cpus: cpus().length };
try {
  sampleLoad();
  // --- A small lab at 1x: the latency a learner sees.
  if (!only || only === 'small')
    result.smallLab = await withLab(browser, async (lab, api, page) => {
      await api.kubectl('create', 'deployment', 'web', '--image=deploy-lab/pyweb:1.0', '--replicas=3');
      await api.kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=8000');
      await api.kubectl('create', 'deployment', 'probe', '--image=deploy-lab/pyweb:1.0', '--replicas=1');
      await page.goto(lab.url);
      await page.locator('.react-flow__node[data-id="deployment/default/probe"]').waitFor();
      return latencyRuns(page, api, 'small lab');
    });
  sampleLoad();

  // --- 1,000 pods: first picture, then latency under that load.
  if (!only || only === 'thousand')
    result.thousandPods = await withLab(browser, async (lab, api, page) => {
      const deployments = 20;
      await setSpeed(api, 20);
      for (let i = 0; i < deployments; i += 1)
        await api.kubectl(
          'create',
          'deployment',
          `d${String(i).padStart(2, '0')}`,
          '--image=deploy-lab/pyweb:1.0',
          '--replicas=50',
        );
      await waitFor('1,000 pods', async () => (await podCount(api)) >= 1000, 180_000);
      await setSpeed(api, 1);
      await api.kubectl('create', 'deployment', 'probe', '--image=deploy-lab/pyweb:1.0', '--replicas=1');
      await waitFor('probe pod', async () => (await podCount(api)) >= 1001, 30_000);
      const loads: number[] = [];
      // Every Deployment and ReplicaSet, a pod group per 50-pod ReplicaSet (not the 1-pod probe), 3 nodes.
      const expected = {
        'deployment/': deployments + 1,
        'replicaset/': deployments + 1,
        'podgroup/': deployments,
        'node/': 3,
      };
      for (let i = 0; i < 5; i += 1) loads.push(await timeToRender(page, lab.url, expected));
      log(`1,000 pods first picture: ${loads.map(round).join(', ')} ms`);
      await page.waitForTimeout(500);
      await page.screenshot({ path: 'test-results/graph-bench-1000-pods.png' });
      const nodes = await page.locator('.react-flow__node').count();
      const idle = await frameRate(page, 3000);
      const latency = await latencyRuns(page, api, '1,000 pods');
      return {
        pods: await podCount(api),
        domNodes: nodes,
        renderMs: round(median(loads)),
        renderRuns: loads.map(round),
        idleFps: round(idle.fps),
        ...latency,
      };
    });
  sampleLoad();

  // --- Rolling update of 300 pods at 1x.
  if (!only || only === 'rolling')
    result.rollingUpdate300 = await withLab(browser, async (lab, api, page) => {
      // The lab has two workers (110 pods each); tolerating the control-plane taint gives room for
      // 300 pods, so the rollout can run instead of waiting on unschedulable surge pods.
      const status = async () =>
        (
          (await api.call('GET', '/apis/apps/v1/namespaces/default/deployments/big')) as {
            status?: { updatedReplicas?: number; readyReplicas?: number; replicas?: number };
          }
        ).status ?? {};
      const settled = async () => {
        const st = await status();
        return st.updatedReplicas === 300 && st.readyReplicas === 300 && st.replicas === 300;
      };
      await setSpeed(api, 20);
      const labels = { app: 'big' };
      await api.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'big', labels },
        spec: {
          replicas: 300,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                { name: 'pyweb', image: 'deploy-lab/pyweb:1.0', ports: [{ containerPort: 8000 }] },
              ],
              tolerations: [
                { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
              ],
            },
          },
        },
      });
      await api.kubectl('expose', 'deployment', 'big', '--port=80', '--target-port=8000');
      await waitFor('300 ready pods', settled, 180_000);
      await page.goto(lab.url);
      await page.locator('.react-flow__node[data-id^="podgroup/default/big-"]').first().waitFor();
      await page.waitForTimeout(2000);
      const runs: FrameStats[] = [];
      const progress: string[] = [];
      for (let r = 0; r < 3; r += 1) {
        await setSpeed(api, 20);
        await waitFor('the previous rollout to finish', settled, 180_000);
        await setSpeed(api, 1);
        await api.kubectl(
          'set',
          'image',
          'deployment/big',
          `pyweb=deploy-lab/pyweb:${r % 2 === 0 ? '2.0' : '1.0'}`,
        );
        await page.waitForTimeout(1000);
        // Proof the window saw a rollout: updated replicas before and after it.
        const updated = async () => (await status()).updatedReplicas ?? 0;
        const before = await updated();
        runs.push(await frameRate(page, 6000));
        progress.push(`${before}->${await updated()}`);
        if (r === 0) await page.screenshot({ path: 'test-results/graph-bench-rolling-300.png' });
      }
      log(
        `rolling update fps: ${runs.map((run) => `${round(run.fps)} (longest task ${round(run.longestTaskMs)} ms)`).join(', ')}`,
      );
      return {
        pods: await podCount(api),
        domNodes: await page.locator('.react-flow__node').count(),
        fps: round(median(runs.map((run) => run.fps))),
        longestTaskMs: round(median(runs.map((run) => run.longestTaskMs))),
        updatedReplicasDuringWindows: progress,
        worstTaskMs: round(Math.max(...runs.map((run) => run.longestTaskMs))),
        runs: runs.map((run) => ({
          fps: round(run.fps),
          longestTaskMs: round(run.longestTaskMs),
          longTasks: run.longTasks,
        })),
      };
    });
  sampleLoad();
} finally {
  await browser.close();
  agent.destroy();
}
result.loadavg = load;
console.log(JSON.stringify(result));
