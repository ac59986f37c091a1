import { describe, expect, it } from 'vitest';
import { embeddedSessions } from '../embedded-session.test-support';
import { stepOutcomes } from '../step-outcomes.test-support';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '../../core/kube/manifest-parse';
import { DECLARED, iacDriftScenario } from './iac-drift.scenario';

const openSession = embeddedSessions();

describe('iac-drift', () => {
  it('the declared values in the check mirror manifests/app.yaml', () => {
    type Doc = {
      kind: string;
      spec: { replicas: number; selector: unknown; template: { spec: { containers: { image: string }[] } } };
      data: unknown;
    };
    const docs = parseManifests(
      readFileSync(join(import.meta.dirname, 'manifests', 'app.yaml'), 'utf8'),
      'app.yaml',
    ) as unknown as Doc[];
    const deployment = docs.find((d) => d.kind === 'Deployment');
    const service = docs.find((d) => d.kind === 'Service');
    const config = docs.find((d) => d.kind === 'ConfigMap');
    expect(deployment?.spec.replicas).toBe(DECLARED.replicas);
    expect(deployment?.spec.template.spec.containers[0]?.image).toBe(DECLARED.image);
    expect(service?.spec.selector).toEqual(DECLARED.selector);
    expect(config?.data).toEqual(DECLARED.config);
  });

  it('the solution passes every check (--auto)', async () => {
    const session = await openSession(iacDriftScenario, { speed: 50, seed: 1 });
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['declare', true, []],
      ['drift', true, []],
    ]);
    expect(ok).toBe(true);
    await session.dispose();
  });

  it('fixing only the replica count by hand leaves the image drift, and the check names it', async () => {
    const session = await openSession(iacDriftScenario, { speed: 50, seed: 2 });
    await session.showMe();
    // Entering the drift step on a live cluster: reset applies the step's start (the hand edits).
    await session.reset();
    await session.perform([{ do: 'scale', deployment: 'web', replicas: 3 }]);
    const evaluation = await session.evaluate({ settleSeconds: 20 });
    const converged = evaluation.results.find((r) => r.id === 'converged');
    expect(converged?.passed).toBe(false);
    expect(converged?.message).toBe(
      'The cluster differs from app.yaml: Deployment web image: declared deploy-lab/pyweb:2.0, live deploy-lab/pyweb:1.0.',
    );
    await session.dispose();
  });
});
