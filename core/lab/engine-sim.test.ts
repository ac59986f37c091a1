/**
 * The engine on the embedded cluster, end to end: the sim served over the Kubernetes API, reached
 * through client-node, driven through the contract exactly as the UI drives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from './engine';
import { createInProcessClient } from './in-process.host';
import { createSimBackend } from '../backends/sim/sim.backend';
import {
  LabClientError,
  type GraphChange,
  type LabClient,
  type LabEvent,
  type GraphSnapshot,
} from '../contract';
import { applyGraphDelta, EMPTY_GRAPH } from '../graph';

let engine: Engine;
let client: LabClient;
const events: LabEvent[] = [];

const APP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: deploy-lab/pyweb:1.0
        ports: [{containerPort: 8000}]
        readinessProbe: {httpGet: {path: /ready, port: 8000}, periodSeconds: 2}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8000}]
`;

async function until(
  what: string,
  predicate: (snapshot: GraphSnapshot) => boolean,
  timeoutMs = 20_000,
): Promise<GraphSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: GraphSnapshot | undefined;
  while (Date.now() < deadline) {
    last = await client.api.graph.snapshot({});
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `timed out waiting for ${what}; last graph: ${JSON.stringify(last?.model?.nodes.map((n) => `${n.id}:${n.summary}`))}`,
  );
}

const pods = (s: GraphSnapshot) => s.model?.nodes.filter((n) => n.kind === 'pod') ?? [];
const readyPods = (s: GraphSnapshot) => pods(s).filter((n) => n.status === 'ok');

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deploy-lab-engine-sim-'));
  engine = createEngine({
    host: 'test',
    version: 'test',
    dataDir,
    clock: { now: () => Date.now() },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: [],
    // 20x: a pod's image pull and startup take a fraction of a real second.
    backends: { sim: createSimBackend({ dataDir, seed: 11, speed: () => 20 }) },
  });
  engine.onEvent((event) => events.push(event));
  client = createInProcessClient(engine);
  const status = await client.api.clusters.connect({ backend: 'sim' });
  expect(status).toMatchObject({ state: 'connected', backend: 'sim' });
  expect(status.kubeconfigPath).toBe(join(dataDir, 'sim', 'kubeconfig'));
});

afterAll(async () => {
  await engine?.dispose();
});

describe('engine on the embedded cluster (real API, client-node)', () => {
  it('draws the three nodes, then what an applied manifest creates', async () => {
    const first = await client.api.graph.snapshot({});
    expect(first.available).toBe(true);
    expect(first.model?.nodes.filter((n) => n.kind === 'node').map((n) => n.name)).toEqual([
      'deploy-lab-control-plane',
      'deploy-lab-worker',
      'deploy-lab-worker2',
    ]);
    const applied = await client.api.clusters.action({ type: 'apply', yaml: APP, source: 'web.yaml' });
    expect(applied.message).toBe('deployment/web created\nservice/web created');
    const ready = await until('3 ready pods', (s) => readyPods(s).length === 3);
    expect(ready.model?.nodes.find((n) => n.id === 'service/default/web')?.summary).toMatch(/3 endpoints/);
    expect(events.some((e) => e.type === 'graph.changed')).toBe(true);
  });

  it('sends numbered deltas that, applied to a snapshot, give the next snapshot exactly', async () => {
    const start = await client.api.graph.snapshot({});
    const from = events.length;
    await client.api.clusters.action({ type: 'scale', namespace: 'default', name: 'web', replicas: 4 });
    await until('4 ready pods', (s) => readyPods(s).length === 4);
    const end = await client.api.graph.snapshot({});
    const changes = events
      .slice(from)
      .flatMap((e) =>
        e.type === 'graph.changed' ? [JSON.parse(JSON.stringify(e.change)) as GraphChange] : [],
      )
      .filter((c) => c.seq > (start.seq ?? 0));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => (start.seq ?? 0) + 1 + i));
    expect(changes.at(-1)?.seq).toBe(end.seq);
    let model = start.model ?? EMPTY_GRAPH;
    let partial = 0;
    for (const change of changes) {
      const delta = change.delta!;
      // Only what changed travels: most deltas name a few nodes, not every node of the graph.
      if (delta.nodes.added.length + delta.nodes.updated.length < model.nodes.length) partial += 1;
      model = applyGraphDelta(model, delta);
    }
    expect(partial).toBeGreaterThan(0);
    expect(model).toEqual(end.model);
    // Nothing changed since: a snapshot now publishes nothing new.
    expect((await client.api.graph.snapshot({})).seq).toBe(end.seq);
  });

  it('scales, replaces a deleted pod, and rolls out and back', async () => {
    await client.api.clusters.action({ type: 'scale', namespace: 'default', name: 'web', replicas: 5 });
    await until('5 ready pods', (s) => readyPods(s).length === 5);

    const victim = readyPods(await client.api.graph.snapshot({}))[0]!;
    await client.api.clusters.action({ type: 'delete-pod', namespace: 'default', name: victim.name });
    await until(
      'a replacement for the deleted pod',
      (s) => readyPods(s).length === 5 && !pods(s).some((p) => p.name === victim.name),
      40_000,
    );

    await client.api.clusters.action({
      type: 'set-image',
      namespace: 'default',
      name: 'web',
      container: 'web',
      image: 'deploy-lab/pyweb:2.0',
    });
    const rolled = await until(
      '5 ready pods of version 2.0',
      (s) =>
        readyPods(s).filter((p) => p.summary && (p as { version?: string }).version === '2.0').length === 5,
      40_000,
    );
    expect(rolled.model?.nodes.filter((n) => n.kind === 'replicaset')).toHaveLength(2);

    const back = await client.api.clusters.action({ type: 'rollback', namespace: 'default', name: 'web' });
    expect(back.message).toBe('deployment.apps/web rolled back to revision 1');
    await until(
      '5 ready pods of version 1.0 again',
      (s) => readyPods(s).filter((p) => (p as { version?: string }).version === '1.0').length === 5,
      40_000,
    );
  });

  it('inspects a pod: live YAML, its events and its logs', async () => {
    const pod = readyPods(await client.api.graph.snapshot({}))[0]!;
    const inspection = await client.api.graph.inspect({ id: pod.id });
    expect(inspection.kind).toBe('Pod');
    expect(inspection.yaml).toContain(`name: ${pod.name}`);
    expect(inspection.events.map((e) => e.reason)).toEqual(expect.arrayContaining(['Scheduled', 'Started']));
    expect(inspection.logs).toMatch(/gunicorn|Listening|Booting/i);
    await expect(client.api.graph.inspect({ id: 'pod/default/nope' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('runs the synthetic client and reports traffic by version', async () => {
    await client.api.traffic.start({ service: 'web', rate: 20 });
    await new Promise((r) => setTimeout(r, 600));
    // While it runs, the graph draws it: a client node and traffic edges into the Service and its pods.
    const flowing = await until('traffic edges in the graph', (s) =>
      (s.model?.edges ?? []).some((e) => e.kind === 'traffic'),
    );
    expect(flowing.model?.nodes.some((n) => n.kind === 'client')).toBe(true);
    const stats = await client.api.traffic.stop({});
    expect((await client.api.graph.snapshot({})).model?.edges.some((e) => e.kind === 'traffic')).toBe(false);
    expect(stats.available).toBe(true);
    expect(stats.total).toBeGreaterThan(50);
    expect(stats.failed).toBe(0);
    // The ledger names versions as the graph does (the image tag the real app reports too).
    expect(stats.byVersion.map((v) => v.version)).toEqual(['1.0']);
  });

  it('pauses and steps the virtual clock', async () => {
    const paused = await client.api.clusters.clock({ action: 'pause' });
    expect(paused).toMatchObject({ available: true, paused: true });
    const stepped = await client.api.clusters.clock({ action: 'step', seconds: 90 });
    expect(Date.parse(stepped.now ?? '') - Date.parse(paused.now ?? '')).toBe(90_000);
    await client.api.clusters.clock({ action: 'resume' });
  });

  it('runs kubectl in the command panel against the same cluster, streaming its output', async () => {
    const exited = new Promise<LabEvent>((resolve) => {
      engine.onEvent((e) => {
        if (e.type === 'terminal.exit') resolve(e);
      });
    });
    const { id } = await client.api.terminal.run({ args: ['kubectl', 'get', 'deploy', 'web'] });
    expect(await exited).toMatchObject({ type: 'terminal.exit', id, code: 0 });
    const output = events
      .filter(
        (e): e is Extract<LabEvent, { type: 'terminal.output' }> =>
          e.type === 'terminal.output' && e.id === id,
      )
      .map((e) => e.text)
      .join('');
    expect(output).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+5\/5\s+5\s+5\s+/);
    await expect(client.api.terminal.run({ args: ['kubectl', 'exec', 'web', '--', 'sh'] })).rejects.toThrow(
      /not available/,
    );
  });

  it('keeps a timeline: the graph as it was before the deployment existed', async () => {
    const frames = await client.api.graph.history({});
    expect(frames.length).toBeGreaterThan(5);
    const before = await client.api.graph.at({ t: frames[0]!.t });
    expect(before.model?.nodes.some((n) => n.kind === 'deployment')).toBe(false);
    const now = await client.api.graph.at({ t: Date.now() });
    expect(now.model?.nodes.some((n) => n.id === 'deployment/default/web')).toBe(true);
  });

  it('answers bad actions with a field error or the API server message', async () => {
    const bad = await client.api.clusters
      .action({ type: 'scale', namespace: 'default', name: 'Web!', replicas: 2 })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(LabClientError);
    expect((bad as LabClientError).message).toMatch(
      /^clusters\.action: name: must be a lowercase DNS-1123 name/,
    );
    const missing = await client.api.clusters
      .action({ type: 'scale', namespace: 'default', name: 'nope', replicas: 2 })
      .catch((e: unknown) => e);
    expect((missing as LabClientError).message).toMatch(/not found/);
  });
});
