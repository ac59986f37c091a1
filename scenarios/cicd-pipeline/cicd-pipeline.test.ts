import { afterEach, describe, expect, it } from 'vitest';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { startEmbeddedRun, type EmbeddedRun } from '../../core/scenarios/sim-session';
import { createPipelineRunner } from '../../core/scenarios/pipeline-runner';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { createProgressStore } from '../../core/scenarios/progress.store';
import { applyManifests } from '../../core/kube/kube-operations';
import { systemRealTime } from '../../core/traffic/real-time';
import { buildGraph } from '../../core/graph';
import type { KubeObject } from '../scenario-kit';
import { advanceRun, newRun, readCommit, readPipeline, readRun, runOfCommit, runs } from './pipeline-model';
import { cicdPipelineScenario } from './cicd-pipeline.scenario';

const openSession = embeddedSessions();
const manifest = (name: string) => readFileSync(join(import.meta.dirname, 'manifests', name), 'utf8');

describe('cicd-pipeline', () => {
  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(cicdPipelineScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['delivery', true, []],
      ['failing-test', true, []],
      ['deployment', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it("a reset forgets the step's runs: the next push is pipeline-run-1 again and the solution passes", async () => {
    const session = await openSession(cicdPipelineScenario, { speed: 50, seed: 5 });
    await session.perform([
      { do: 'apply', manifest: 'commit-2.0.yaml' },
      {
        do: 'waitUntil',
        what: 'run 1 exists',
        until: (ctx) => runOfCommit(ctx.objects('configmaps'), 'a41c2e7') !== undefined,
        timeoutSeconds: 60,
      },
    ]);
    await session.reset();
    expect(runs((await session.checkContext()).objects('configmaps'))).toEqual([]);
    const evaluation = await session.showMe();
    expect(evaluation?.passed).toBe(true);
    expect(session.stepIndex()).toBe(1);
    await session.dispose();
  });

  it('releasing 2.0 by hand while the run waits for approval fails "production did not change before the approval"', async () => {
    const session = await openSession(cicdPipelineScenario, { speed: 50, seed: 4 });
    await session.perform([
      { do: 'apply', manifest: 'commit-2.0.yaml' },
      {
        do: 'waitUntil',
        what: 'run 1 waits for approval',
        until: (ctx) => runOfCommit(ctx.objects('configmaps'), 'a41c2e7')?.status === 'waiting-approval',
        timeoutSeconds: 180,
      },
      { do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:2.0' },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const held = evaluation.results.find((r) => r.id === 'gate-held');
    const before = evaluation.results.find((r) => r.id === 'nothing-before-approval');
    const live = evaluation.results.find((r) => r.id === 'approved-and-live');
    expect(held?.passed).toBe(true);
    expect(before?.passed).toBe(false);
    expect(before?.message).toMatch(
      /^Deployment "web" was changed to deploy-lab\/pyweb:2\.0 \d+ s into the step, and nobody has approved a run: with continuous delivery nothing reaches production until a person approves\./,
    );
    expect(live?.message).toBe(
      'pipeline-run-1 waits for approval: kubectl annotate configmap pipeline-run-1 deploy-lab.io/approved=true',
    );
    await session.dispose();
  });

  it('shipping the broken 3.0 by hand, around the failed run, fails "production stayed on 2.0"', async () => {
    const session = await openSession(cicdPipelineScenario, { speed: 50, seed: 2 });
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    // The learner pushes the broken commit, sees the test fail, approves the failed run anyway and
    // then ships 3.0 with kubectl set image.
    await session.perform([
      { do: 'apply', manifest: 'commit-3.0-broken.yaml' },
      {
        do: 'waitUntil',
        what: 'the broken commit failed its tests',
        until: (ctx) => runOfCommit(ctx.objects('configmaps'), '5d0b9f3')?.status === 'failed',
        timeoutSeconds: 120,
      },
      {
        do: 'annotate',
        kind: 'ConfigMap',
        name: 'pipeline-run-2',
        annotations: { 'deploy-lab.io/approved': 'true' },
      },
      { do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:3.0' },
    ]);
    const evaluation = await session.evaluate({ settleSeconds: 30 });
    const stopped = evaluation.results.find((r) => r.id === 'stopped-at-test');
    const unchanged = evaluation.results.find((r) => r.id === 'production-unchanged');
    expect(stopped?.passed).toBe(true);
    expect(unchanged?.passed).toBe(false);
    expect(unchanged?.message).toMatch(
      /^Deployment "web" was changed to deploy-lab\/pyweb:3\.0 \d+ s into the step, but no pipeline run deployed it: that release bypassed the pipeline\./,
    );
    // The approval of the failed run deployed nothing, and the run says so.
    const run = (await session.checkContext())
      .objects('configmaps')
      .find((o) => o.metadata?.name === 'pipeline-run-2');
    expect((run?.data as Record<string, string>).note).toMatch(/^approval ignored/);
    await session.dispose();
  });
});

describe('cicd-pipeline resumed', () => {
  let cluster: EmbeddedRun | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('a resumed session restarts the pipeline runner: step 2 on a new cluster runs its pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-cicd-'));
    cluster = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 6 });
    const first = createScenarioSession({
      definition: cicdPipelineScenario,
      ports: cluster.ports,
      progress: createProgressStore(dir),
    });
    await first.start();
    await first.showMe();
    expect(first.stepIndex()).toBe(1);
    await first.dispose();
    await cluster.stop();

    cluster = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 7 });
    const resumed = createScenarioSession({
      definition: cicdPipelineScenario,
      ports: cluster.ports,
      progress: createProgressStore(dir),
    });
    expect((await resumed.start()).resumed).toBe(true);
    const evaluation = await resumed.showMe();
    expect(evaluation?.results.filter((r) => !r.passed)).toEqual([]);
    expect(runOfCommit((await resumed.checkContext()).objects('configmaps'), '5d0b9f3')?.name).toBe(
      'pipeline-run-2',
    );
    await resumed.dispose();
  });
});

describe('pipeline runner (embedded cluster, paused virtual clock)', () => {
  let run: EmbeddedRun | undefined;
  afterEach(async () => {
    await run?.stop();
    run = undefined;
  });

  async function until(what: string, check: () => boolean) {
    for (let i = 0; i < 500; i += 1) {
      if (check()) return;
      await systemRealTime.sleep(10);
    }
    throw new Error(`timed out waiting until ${what}`);
  }

  it('runs test, build, push on cluster time, holds at the gate, deploys on approval', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed: 3 });
    const { ports } = run;
    const { connection, namespace, timeline } = ports.cluster;
    const configMaps = () => timeline.list('configmaps');
    const runOne = () => configMaps().find((o) => o.metadata?.name === 'pipeline-run-1');
    await applyManifests(connection, manifest('app.yaml'), { namespace, source: 'app.yaml' });
    await applyManifests(connection, manifest('pipeline.yaml'), { namespace, source: 'pipeline.yaml' });
    await until('the pipeline is cached', () => readPipeline(configMaps()) !== undefined);
    await ports.clock.setSpeed(0);
    const runner = createPipelineRunner(ports, { loop: false });
    const tick = async () => {
      await runner.tick();
      await systemRealTime.sleep(30);
    };

    await applyManifests(connection, manifest('commit-2.0.yaml'), { namespace, source: 'commit-2.0.yaml' });
    await until('the commit is cached', () =>
      configMaps().some((o) => o.metadata?.name === 'commit-a41c2e7'),
    );
    const t0 = await ports.clock.sync();
    await tick();
    await until('run 1 exists', () => runOne() !== undefined);
    expect(readRun(runOne() as KubeObject).stages.map((s) => s.status)).toEqual([
      'running',
      'pending',
      'pending',
      'pending',
    ]);
    // The commit is marked, so a second pass starts no second run.
    await tick();
    expect(runs(configMaps()).length).toBe(1);

    // 65 s later (test 20 + build 30 + push 10): one pass moves it through three stages to the gate.
    await ports.clock.advance(65_000);
    await tick();
    await until('run 1 waits', () => readRun(runOne() as KubeObject).status === 'waiting-approval');
    const waiting = readRun(runOne() as KubeObject);
    expect(waiting.stages.map((s) => [s.name, s.status, (s.start ?? t0) - t0, (s.end ?? t0) - t0])).toEqual([
      ['test', 'passed', 0, 20_000],
      ['build', 'passed', 20_000, 50_000],
      ['push', 'passed', 50_000, 60_000],
      ['deploy', 'waiting-approval', 0, 0],
    ]);
    expect((waiting.waitingSince ?? 0) - t0).toBe(60_000);
    // Nothing deployed while it waits, however long.
    await ports.clock.advance(120_000);
    await tick();
    const web = () => timeline.list('deployments').find((d) => d.metadata?.name === 'web');
    expect(JSON.stringify(web()?.spec)).toContain('deploy-lab/pyweb:1.0');

    // What `kubectl annotate configmap pipeline-run-1 deploy-lab.io/approved=true` sends.
    await connection.core.patchNamespacedConfigMap(
      {
        name: 'pipeline-run-1',
        namespace,
        body: { metadata: { annotations: { 'deploy-lab.io/approved': 'true' } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await until(
      'the approval is cached',
      () => readRun(runOne() as KubeObject).approvedAnnotation === 'true',
    );
    await tick();
    await until('the image changed', () => JSON.stringify(web()?.spec).includes('deploy-lab/pyweb:2.0'));
    expect(web()?.metadata?.annotations?.['kubernetes.io/change-cause']).toBe(
      'pipeline-run-1: commit a41c2e7 (2.0)',
    );
    // The rollout itself needs the cluster's clock running (pods start, probes pass).
    await ports.clock.setSpeed(50);
    for (let i = 0; i < 300 && readRun(runOne() as KubeObject).status !== 'succeeded'; i += 1) await tick();
    const done = readRun(runOne() as KubeObject);
    expect(done.status).toBe('succeeded');
    expect(done.stages.find((s) => s.name === 'deploy')?.log).toBe(
      'deployment/web rolled out deploy-lab/pyweb:2.0',
    );

    // The graph draws the run as a row of stages, connected to the Deployment it deploys.
    const graph = buildGraph(
      { deployments: timeline.list('deployments') as never, configMaps: configMaps() as never, now: t0 },
      { namespace },
    );
    const node = graph.nodes.find((n) => n.kind === 'pipelinerun');
    expect(node?.kind === 'pipelinerun' && node.stages.map((s) => `${s.name}:${s.status}`)).toEqual([
      'test:passed',
      'build:passed',
      'push:passed',
      'deploy:passed',
    ]);
    expect(graph.edges.some((e) => e.kind === 'deploys' && e.source === node?.id)).toBe(true);

    // Deleting the commit (a reset does) removes its run.
    await connection.core.deleteNamespacedConfigMap({ name: 'commit-a41c2e7', namespace });
    await until('the commit is gone', () => !configMaps().some((o) => o.metadata?.name === 'commit-a41c2e7'));
    await runner.tick();
    await until('the run is gone', () => runOne() === undefined);
  });
});

describe('pipeline model (pure)', () => {
  const pipeline = readPipeline([
    { metadata: { name: 'pipeline' }, data: { stages: 'test,build,push,deploy', approval: 'automatic' } },
  ]);
  const commit = (tests: string) =>
    readCommit({
      metadata: { name: 'commit-x', uid: 'u', labels: { 'deploy-lab.io/commit': 'x' } },
      data: { version: '3.0', tests, failingTest: 't::test_a', failure: 'boom' },
    });

  it('a failing test fails the run at 20 s and skips every later stage', () => {
    const data = newRun(7, commit('fail'), pipeline!, 1_000_000);
    const { patch, deploy } = advanceRun(data, { now: 1_000_000 + 500_000, rolledOut: false });
    expect(deploy).toBe(false);
    expect(patch).toMatchObject({
      status: 'failed',
      'test.status': 'failed',
      'test.end': new Date(1_020_000).toISOString(),
      'build.status': 'skipped',
      'push.status': 'skipped',
      'deploy.status': 'skipped',
    });
    expect(patch['test.log']).toBe('pytest: 1 failed, 41 passed: t::test_a - boom');
    expect(patch['build.start']).toBeUndefined();
  });

  it('an automatic pipeline goes from push to deploy in the same pass, and approval is never asked', () => {
    const data = newRun(1, commit('pass'), pipeline!, 0);
    const { patch, deploy } = advanceRun(data, { now: 61_000, rolledOut: false });
    expect(deploy).toBe(true);
    expect(patch['deploy.status']).toBe('running');
    expect(patch['deploy.waitingSince']).toBeUndefined();
    expect(patch['deploy.start']).toBe(new Date(61_000).toISOString());
    const done = advanceRun({ ...data, ...patch }, { now: 90_000, rolledOut: true });
    expect(done.patch).toMatchObject({ 'deploy.status': 'passed', status: 'succeeded' });
  });

  it('a rejected run does not deploy', () => {
    const manual = { ...pipeline!, approval: 'manual' as const };
    const data = newRun(1, commit('pass'), manual, 0);
    const gate = advanceRun(data, { now: 60_000, rolledOut: false });
    expect(gate.patch.status).toBe('waiting-approval');
    const rejected = advanceRun(
      { ...data, ...gate.patch },
      { now: 70_000, approved: 'false', rolledOut: false },
    );
    expect(rejected.deploy).toBe(false);
    expect(rejected.patch).toMatchObject({ status: 'rejected', 'deploy.status': 'rejected' });
  });
});
