import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedRun, type EmbeddedRun } from './sim-session';
import { createScenarioSession } from './scenario-session';
import { createProgressStore, progressPath, PROGRESS_FORMAT_VERSION } from './progress.store';
import { systemRealTime } from '../traffic/real-time';
import { firstDeploymentScenario } from '../../scenarios/first-deployment/first-deployment.scenario';
import { named, specReplicas } from '../../scenarios/scenario-kit';

const runs: EmbeddedRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.stop();
});

async function embedded(seed: number) {
  const run = await startEmbeddedRun({ realTime: systemRealTime, speed: 50, seed });
  runs.push(run);
  return run;
}

describe('scenario session', () => {
  it('progress survives a restart: a new engine on a new cluster resumes at the same step, restored to its start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-progress-'));
    const first = await embedded(1);
    const session = createScenarioSession({
      definition: firstDeploymentScenario,
      ports: first.ports,
      progress: createProgressStore(dir),
    });
    expect((await session.start()).resumed).toBe(false);
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    await session.dispose();
    await first.stop();
    runs.splice(0);

    const saved = JSON.parse(readFileSync(progressPath(dir, 'first-deployment'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(saved.formatVersion).toBe(PROGRESS_FORMAT_VERSION);
    expect(saved.scenarioVersion).toBe(firstDeploymentScenario.meta.version);

    const second = await embedded(2);
    const resumed = createScenarioSession({
      definition: firstDeploymentScenario,
      ports: second.ports,
      progress: createProgressStore(dir),
    });
    expect((await resumed.start()).resumed).toBe(true);
    expect(resumed.stepIndex()).toBe(1);
    const view = await resumed.view();
    expect(view.step.id).toBe('self-healing');
    expect(view.explanations.map((e) => e.stepId)).toEqual(['deploy']);
    // The fresh cluster was given the step's starting state (web.yaml, 3 ready pods).
    const ctx = await resumed.checkContext();
    expect(Number(named(ctx.objects('deployments'), 'web')?.status?.readyReplicas)).toBe(3);
    await resumed.dispose();
  });

  it('a saved snapshot of another scenario version starts over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-lab-progress-'));
    writeFileSync(
      progressPath(dir, 'first-deployment'),
      JSON.stringify({
        formatVersion: PROGRESS_FORMAT_VERSION,
        scenarioId: 'first-deployment',
        scenarioVersion: 999,
        snapshot: {},
      }),
    );
    expect(
      await createProgressStore(dir).load('first-deployment', firstDeploymentScenario.meta.version),
    ).toBeUndefined();
  });

  it('hints come one at a time for the failing sub-check; reset puts the cluster back to the step start', async () => {
    const run = await embedded(3);
    const session = createScenarioSession({ definition: firstDeploymentScenario, ports: run.ports });
    await session.start();
    await session.showMe();
    // Step 2 (self-healing): checking before doing anything fails on "a pod was deleted".
    const evaluation = await session.check();
    expect(evaluation?.passed).toBe(false);
    expect(session.hint()).toEqual({
      checkId: 'pod-deleted',
      hints: [firstDeploymentScenario.steps[1]?.checks[0]?.hints[0]],
    });
    expect((await session.view()).hints).toEqual({
      'pod-deleted': [firstDeploymentScenario.steps[1]?.checks[0]?.hints[0]],
    });

    await session.perform([{ do: 'scale', deployment: 'web', replicas: 1 }]);
    await session.reset();
    const ctx = await session.checkContext();
    const web = named(ctx.objects('deployments'), 'web');
    expect(specReplicas(web)).toBe(3);
    expect(Number(web?.status?.readyReplicas)).toBe(3);
    expect((await session.view()).hints).toEqual({});
    expect(session.stepIndex()).toBe(1);
    await session.dispose();
  });
});

describe('backends', () => {
  it('a kube context outside a deploy-lab namespace is refused before anything is deleted', async () => {
    const run = await embedded(4);
    const { openBackend } = await import('./open-backend');
    await expect(
      openBackend({
        choice: { backend: 'context', context: 'deploy-lab-sim' },
        realTime: systemRealTime,
        speed: 1,
        kubeconfig: run.kubeconfigPath,
        warn: () => undefined,
      }),
    ).rejects.toThrow(
      /namespace "default"; scenarios run on a team's cluster only in a namespace of their own/,
    );
  });

  it('destructive faults are refused on a kube context', async () => {
    const { createContextFaults } = await import('./backend-ports');
    await expect(createContextFaults().inject('nodeDown', ['n1'])).rejects.toThrow(
      /destructive and is refused on a kube context/,
    );
  });
});
