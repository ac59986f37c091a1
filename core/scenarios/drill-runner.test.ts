import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedRun, type EmbeddedRun } from './sim-session';
import { runDrill, seededRandom } from './drill-runner';
import { renderDrillReportHtml } from './drill-report.html';
import { systemRealTime } from '../traffic/real-time';
import { badReleaseScenario } from '../../scenarios/bad-release/bad-release.scenario';

let run: EmbeddedRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('drill', () => {
  it('the seeded generator repeats itself', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('injects a fault at a seeded moment, measures detect and recover, and renders a self-contained HTML report', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 60, seed: 4 });
    const report = await runDrill({ definition: badReleaseScenario, ports: run.ports, seed: 4, auto: true });
    expect(report.passed).toBe(true);
    expect(report.faultAtMs).toBeGreaterThanOrEqual(5000);
    expect(report.faultAtMs).toBeLessThanOrEqual(31_000);
    expect(report.timeToDetectMs).toBeGreaterThan(0);
    expect(report.timeToRecoverMs).toBeGreaterThan(report.timeToDetectMs ?? 0);
    expect(report.failedRequests).toBeGreaterThan(0);
    expect(report.timeline.some((i) => i.kind === 'command' && i.text.includes('kubectl rollout undo'))).toBe(
      true,
    );
    expect(report.timeline.some((i) => i.kind === 'event')).toBe(true);
    const html = renderDrillReportHtml(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('Time to recover');
    // Self-contained: nothing fetched from elsewhere.
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });
});

describe('node-failure drill', () => {
  it('a stopped node, drained by the runbook, recovers long before the 340 s eviction', async () => {
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 60, seed: 5 });
    const { nodeFailureScenario } = await import('../../scenarios/node-failure/node-failure.scenario');
    const report = await runDrill({ definition: nodeFailureScenario, ports: run.ports, seed: 5, auto: true });
    expect(report.passed).toBe(true);
    expect(report.fault).toMatch(/worker node stops/);
    expect(report.timeToRecoverMs).toBeLessThan(340_000);
    expect(report.timeline.some((i) => i.kind === 'command' && i.text.startsWith('kubectl cordon'))).toBe(
      true,
    );
  });
});

describe('a learner who responds from an outside terminal', () => {
  it('a rollback the app did not see (straight to the API) counts as the response, and the drill ends recovered', async () => {
    // 5x: the rollback 450 ms (wall) after the fault lands ~2 s of cluster time in, before 2.0 serves.
    run = await startEmbeddedRun({ realTime: systemRealTime, speed: 5, seed: 4 });
    const ports = run.ports;
    const { createActionRunner } = await import('./scenario-actions');
    const outside = createActionRunner(ports);
    let rollback: Promise<void> | undefined;
    const report = await runDrill({
      definition: badReleaseScenario,
      ports,
      seed: 4,
      auto: false,
      // As soon as the fault is in, the "other terminal" rolls back: before 3 requests can fail.
      onFault: () => {
        const fault = badReleaseScenario.drill?.faults.find((f) => f.recovery.length > 0);
        rollback = systemRealTime.sleep(450).then(() =>
          outside.run(badReleaseScenario, fault?.recovery ?? [], async () => {
            throw new Error('the rollback needs no check context');
          }),
        );
      },
    });
    await rollback;
    expect(report.message).not.toMatch(/timed out|did not/);
    expect(report.passed).toBe(true);
    const response = report.timeline.find((i) => i.text.includes('outside the app'));
    expect(response?.text).toMatch(/^response began: deployment\/web changed \(outside the app\)/);
    expect(report.timeToDetectMs).toBeLessThan(report.timeToRecoverMs ?? 0);
  });
});
