/** Guided scenarios through the contract, on the embedded cluster, as the app runs them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from './engine';
import { createInProcessClient } from './in-process.host';
import { createSimBackend } from '../backends/sim/sim.backend';
import { scenarioRegistry } from '../../scenarios/registry';
import type { LabClient, LabEvent } from '../contract';

const dataDir = mkdtempSync(join(tmpdir(), 'deploy-lab-scenario-host-'));
let engine: Engine;
let client: LabClient;
const events: LabEvent[] = [];

function makeEngine(): Engine {
  return createEngine({
    host: 'test',
    version: 'test',
    dataDir,
    clock: { now: () => Date.now() },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: scenarioRegistry,
    backends: { sim: createSimBackend({ dataDir, seed: 2, speed: () => 20 }) },
  });
}

beforeAll(async () => {
  engine = makeEngine();
  engine.onEvent((e) => events.push(e));
  client = createInProcessClient(engine);
  await client.api.clusters.connect({ backend: 'sim' });
});
afterAll(async () => {
  await engine?.dispose();
});

describe('scenarios in the app (contract -> scenario engine -> embedded cluster)', () => {
  it('lists the scenario pack', async () => {
    const list = await client.api.scenarios.list({});
    expect(list.map((s) => s.id)).toContain('first-deployment');
    expect(await client.api.scenarios.view({})).toBeNull();
  });

  it('starts a scenario, fails the check with reasons, shows the solution, and moves to the next step', async () => {
    const started = await client.api.scenarios.start({ id: 'first-deployment' });
    expect(started).toMatchObject({ scenarioId: 'first-deployment', stepIndex: 0, resumed: false });
    expect(started.step.text.length).toBeGreaterThan(50);
    expect(started.step.solution.length).toBeGreaterThan(0);

    const checked = await client.api.scenarios.check({});
    expect(checked.stepIndex).toBe(0);
    expect(checked.checks?.passed).toBe(false);
    const failing = checked.checks?.results.filter((r) => !r.passed) ?? [];
    expect(failing.length).toBeGreaterThan(0);
    expect(failing[0]?.message).toBeTruthy();

    const hinted = await client.api.scenarios.hint({});
    expect(Object.values(hinted.hints).flat().length).toBe(1);

    const solved = await client.api.scenarios.showMe({});
    expect(solved.stepIndex).toBe(1);
    expect(solved.explanations[0]?.stepId).toBe(started.step.id);
    expect(events.some((e) => e.type === 'scenario.changed')).toBe(true);
  });

  it('a scenario id that does not exist is a clear error', async () => {
    await expect(client.api.scenarios.start({ id: 'no-such-scenario' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(client.api.scenarios.start({ id: 'Bad Id' })).rejects.toMatchObject({
      code: 'invalid-request',
    });
  });
});
