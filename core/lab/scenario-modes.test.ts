/**
 * Drill and interview runs through the contract, on the embedded cluster, as the app runs them: the
 * learner acts through the contract's cluster actions (what the graph's inspector sends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from './engine';
import { createInProcessClient } from './in-process.host';
import { createSimBackend } from '../backends/sim/sim.backend';
import { scenarioRegistry } from '../../scenarios/registry';
import type { LabClient, ScenarioView } from '../contract';

const dataDir = mkdtempSync(join(tmpdir(), 'deploy-lab-scenario-modes-'));
let engine: Engine;
let client: LabClient;

beforeAll(async () => {
  engine = createEngine({
    host: 'test',
    version: 'test',
    dataDir,
    clock: { now: () => Date.now() },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: scenarioRegistry,
    backends: { sim: createSimBackend({ dataDir, seed: 3, speed: () => 20 }) },
  });
  client = createInProcessClient(engine);
  await client.api.clusters.connect({ backend: 'sim' });
});
afterAll(async () => {
  await client?.api.scenarios.stop({}).catch(() => undefined);
  await engine?.dispose();
});

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('drill mode in the app', () => {
  it('the list says which scenarios have a drill; drill mode is refused for the others', async () => {
    const list = await client.api.scenarios.list({});
    expect(list.find((s) => s.id === 'bad-release')?.drill).toBe(true);
    expect(list.find((s) => s.id === 'node-failure')?.drill).toBe(true);
    expect(list.find((s) => s.id === 'first-deployment')?.drill).toBeUndefined();
    await expect(client.api.scenarios.start({ id: 'first-deployment', mode: 'drill' })).rejects.toMatchObject(
      {
        code: 'invalid-request',
        message: expect.stringMatching(/has no drill; drills exist for: .*bad-release/),
      },
    );
    await expect(
      client.api.scenarios.start({ id: 'bad-release', mode: 'rehearsal' as never }),
    ).rejects.toMatchObject({
      code: 'invalid-request',
    });
  });

  it('runs with a timer and no hints; the learner rolls back from the graph; the report has time to recover and the chart', async () => {
    const started = await client.api.scenarios.start({ id: 'bad-release', mode: 'drill', seed: 4 });
    expect(started).toMatchObject({ scenarioId: 'bad-release', mode: 'drill', status: 'working' });
    expect(started.drill).toMatchObject({ seed: 4, phase: 'running' });
    expect(started.drill?.outcome).toBeUndefined();
    expect(started.timer?.running).toBe(true);
    expect(started.timer?.startedAt).toBeGreaterThan(0);
    expect(started.step.solution).toEqual([]);

    await expect(client.api.scenarios.hint({})).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/no hints/),
    });
    await expect(client.api.scenarios.showMe({})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(client.api.scenarios.reset({})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(client.api.scenarios.report({})).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/still running/),
    });

    // The symptom, as the learner sees it: failed requests on the traffic chart.
    await eventually('failed requests after the fault', async () => {
      const stats = await client.api.traffic.stats({});
      return stats.failed > 0 ? stats : undefined;
    });
    await client.api.clusters.action({ type: 'rollback', namespace: 'default', name: 'web' });

    const done = await eventually('the drill to end', async () => {
      const view = await client.api.scenarios.view({});
      return view?.drill?.phase === 'done' ? view : undefined;
    });
    expect(done.status).toBe('done');
    expect(done.timer?.running).toBe(false);
    const outcome = done.drill?.outcome;
    expect(outcome?.passed).toBe(true);
    expect(outcome?.fault).toMatch(/release [23]\.0/);
    expect(outcome?.timeToDetectMs).toBeGreaterThan(0);
    expect(outcome?.timeToRecoverMs).toBeGreaterThan(outcome?.timeToDetectMs ?? 0);
    expect(outcome?.failedRequests).toBeGreaterThan(0);
    expect(
      outcome?.timeline.some(
        (i) => i.kind === 'command' && i.text === 'kubectl rollout undo deployment/web (graph action)',
      ),
    ).toBe(true);
    expect(outcome?.timeline.some((i) => i.kind === 'event')).toBe(true);

    const file = await client.api.scenarios.report({});
    expect(file.filename).toBe('drill-bad-release-4.html');
    expect(file.mimeType).toBe('text/html');
    expect(file.content).toMatch(/^<!doctype html>/);
    expect(file.content).toContain('Time to recover');
    expect(file.content).toContain('<svg');
    expect(file.content).toContain('kubectl rollout undo deployment/web');
    await client.api.scenarios.stop({});
  });
});

describe('giving up a drill', () => {
  it('ends it at once: not recovered, and the report says so', async () => {
    await client.api.scenarios.start({ id: 'node-failure', mode: 'drill', seed: 9 });
    const ended = await client.api.scenarios.end({});
    expect(ended.status).toBe('done');
    expect(ended.timer?.running).toBe(false);
    expect(ended.drill?.outcome).toMatchObject({ passed: false, message: expect.stringMatching(/ended/) });
    expect(ended.drill?.outcome?.timeToRecoverMs).toBeUndefined();
    const file = await client.api.scenarios.report({});
    expect(file.content).toContain('Not recovered');
    expect(file.content).toContain('<svg');
    await client.api.scenarios.stop({});
  });
});

describe('interview mode in the app', () => {
  function podNames(view: Awaited<ReturnType<LabClient['api']['graph']['snapshot']>>): string[] {
    return (view.model?.nodes ?? [])
      .filter((n) => n.kind === 'pod' && n.name.startsWith('web-') && !('terminating' in n && n.terminating))
      .map((n) => n.name);
  }

  async function checkUntil(stepIndex: number): Promise<ScenarioView> {
    return eventually(`step ${stepIndex + 1}`, async () => {
      const view = await client.api.scenarios.check({});
      return view.stepIndex >= stepIndex || view.status === 'done' ? view : undefined;
    });
  }

  it('no hints, a timer, and after the last step the questions with the evidence of the run', async () => {
    const started = await client.api.scenarios.start({ id: 'first-deployment', mode: 'interview' });
    expect(started).toMatchObject({ mode: 'interview', stepIndex: 0, resumed: false });
    expect(started.timer?.running).toBe(true);
    expect(started.interview).toEqual({ ended: false, questions: [] });
    await expect(client.api.scenarios.hint({})).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/Interview mode has no hints/),
    });
    await expect(client.api.scenarios.showMe({})).rejects.toMatchObject({ code: 'invalid-request' });

    // Step 1: apply the manifest (the inspector's apply); step 2: delete a pod; step 3: scale to 4.
    await client.api.clusters.action({
      type: 'apply',
      yaml: readFileSync('scenarios/first-deployment/manifests/web.yaml', 'utf8'),
      source: 'web.yaml',
    });
    await checkUntil(1);
    const pod = await eventually('a web pod', async () => podNames(await client.api.graph.snapshot({}))[0]);
    await client.api.clusters.action({ type: 'delete-pod', namespace: 'default', name: pod });
    await checkUntil(2);
    await client.api.clusters.action({ type: 'scale', namespace: 'default', name: 'web', replicas: 4 });
    const done = await checkUntil(3);

    expect(done.status).toBe('done');
    expect(done.timer?.running).toBe(false);
    expect(done.hints).toEqual({});
    const interview = done.interview;
    expect(interview?.ended).toBe(true);
    expect(interview?.questions.length).toBeGreaterThanOrEqual(3);
    expect(interview?.questions[0]?.answer.length).toBeGreaterThan(40);
    const evidence = interview?.evidence;
    expect(evidence?.steps.map((s) => s.stepId)).toEqual(['deploy', 'self-healing', 'spread']);
    expect(evidence?.steps.every((s) => s.passed && s.seconds >= 0)).toBe(true);
    expect(evidence?.events.some((e) => e.reason === 'ScalingReplicaSet')).toBe(true);
    expect(evidence?.events.some((e) => e.reason === 'Killing')).toBe(true);
    expect(evidence?.commands.map((c) => c.text)).toEqual([
      'kubectl apply -f web.yaml (graph action)',
      `kubectl delete pod ${pod} (graph action)`,
      'kubectl scale deployment/web --replicas=4 (graph action)',
    ]);

    const file = await client.api.scenarios.report({});
    expect(file.filename).toBe('interview-first-deployment.html');
    expect(file.content).toContain(interview?.questions[0]?.question ?? 'missing');
    expect(file.content).toContain('<svg');
  });

  it('the user can end an interview run early: the questions come with the evidence so far', async () => {
    const started = await client.api.scenarios.start({ id: 'iac-drift', mode: 'interview' });
    expect(started.interview?.ended).toBe(false);
    const ended = await client.api.scenarios.end({});
    expect(ended.status).toBe('done');
    expect(ended.interview?.ended).toBe(true);
    expect(ended.interview?.questions.length).toBeGreaterThanOrEqual(3);
    expect(ended.interview?.evidence?.steps).toEqual([]);
    // Checks after the end change nothing.
    expect((await client.api.scenarios.check({})).interview?.ended).toBe(true);
    await client.api.scenarios.stop({});
    await expect(client.api.scenarios.end({})).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('a guided run cannot be ended and has no report', async () => {
    await client.api.scenarios.start({ id: 'first-deployment' });
    await expect(client.api.scenarios.end({})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(client.api.scenarios.report({})).rejects.toMatchObject({ code: 'invalid-request' });
    await client.api.scenarios.stop({});
  });
});
