import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepOutcomes } from '../step-outcomes.test-support';
import { dockerLessonRuns } from '../docker-lesson.test-support';
import { performDocker } from '../../core/scenarios/docker-session';
import { saveImage } from '../../core/scenarios/image-layers';
import { createScenarioSession } from '../../core/scenarios/scenario-session';
import { dockerEnvSecretsScenario, FIXED_TAG, SECRETS_TAG } from './docker-env-secrets.scenario';

const lesson = await dockerLessonRuns('docker-env-secrets');
const { gate, open } = lesson;
const ROTATED = 'dlk_live_rotated_8d21e6f03a9b47c5';

describe.skipIf(gate.skip)('docker-env-secrets on the Docker engine', () => {
  it('the solution passes every check (--auto); the checks read the real layers', async () => {
    const opened = await open('auto');
    const session = createScenarioSession({ definition: dockerEnvSecretsScenario, ports: opened });
    await session.start();
    // The key file left the working folder after the team's build: only the image holds it.
    expect(existsSync(join(opened.docker.workRoot, 'pyweb-secrets', 'secrets'))).toBe(false);
    const ok = await session.runAuto();
    expect(stepOutcomes(session)).toEqual([
      ['config', true, []],
      ['find-secret', true, []],
      ['runtime-secret', true, []],
    ]);
    expect(ok).toBe(true);
    const message = (step: number, id: string) =>
      session.reports()[step]?.results.find((r) => r.id === id)?.message;
    expect(message(0, 'env-flag')).toMatch(
      /config-env answers colour orange \(the image's default is blue\)/,
    );
    expect(message(0, 'env-file')).toMatch(
      /config-file has APP_COLOUR=purple, POD_NAME=staging-web-1: .*"pod":"staging-web-1"/,
    );
    expect(message(1, 'found')).toMatch(
      /^Layer \d+ \(COPY file:\w+ in \/tmp\/api-key\) still holds \/tmp\/api-key with that key; layer \d+ \(RUN rm -f \/tmp\/api-key\) only added a whiteout/,
    );
    expect(message(2, 'leak-free')).toMatch(
      /^All \d+ layers of deploy-lab\/pyweb-secrets:fixed read \(docker save\)/,
    );
    // Independently of the checks: the team's image does hold the key in a layer, the fixed one not.
    const team = await saveImage(opened.docker.client, SECRETS_TAG);
    const holding = team.layers.filter((l) =>
      l.files.some((f) => f.text?.includes('dlk_live_4f9c2a7e81b3d650')),
    );
    expect(holding.map((l) => l.files.map((f) => f.path))).toEqual([['/tmp/api-key']]);
    const fixed = await saveImage(opened.docker.client, FIXED_TAG);
    expect(fixed.layers.some((l) => l.files.some((f) => f.text?.includes('dlk_live_')))).toBe(false);
    expect(existsSync(join(opened.docker.workRoot, 'pyweb-secrets', 'image.tar'))).toBe(true);
    await session.dispose();
  }, 120_000);

  it('a wrong answer in found-key.txt fails "found"', async () => {
    const session = createScenarioSession({
      definition: dockerEnvSecretsScenario,
      ports: await open('wrong'),
    });
    await session.start();
    await session.showMe();
    expect(session.stepIndex()).toBe(1);
    await performDocker(session, [
      { do: 'writeFile', dir: 'pyweb-secrets', path: 'found-key.txt', content: 'APP_COLOUR=blue\n' },
    ]);
    const found = (await session.evaluate()).results.find((r) => r.id === 'found');
    expect(found?.passed).toBe(false);
    expect(found?.message).toMatch(
      /holds "APP_COLOUR=blue", which is not the content of any file the image hides/,
    );
    await session.dispose();
  }, 90_000);

  it('baking the new key in with ENV fails "leak-free": docker history and the image config show it', async () => {
    const session = createScenarioSession({ definition: dockerEnvSecretsScenario, ports: await open('env') });
    await session.start();
    await session.showMe();
    await session.showMe();
    expect(session.stepIndex()).toBe(2);
    // The mistake: "the app needs the key, so set it in the Dockerfile".
    await performDocker(session, [
      { do: 'writeFile', dir: 'pyweb-secrets', path: 'secrets.env', content: `API_KEY=${ROTATED}\n` },
      { do: 'copyFile', dir: 'pyweb-secrets', from: 'Dockerfile.runtime-secret', to: 'Dockerfile' },
      { do: 'appendLine', dir: 'pyweb-secrets', path: 'Dockerfile', line: `ENV API_KEY=${ROTATED}` },
      { do: 'build', name: 'env-baked', dir: 'pyweb-secrets', tag: FIXED_TAG },
      { do: 'run', name: 'secrets-fixed', image: FIXED_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
    ]);
    const results = (await session.evaluate()).results;
    const leakFree = results.find((r) => r.id === 'leak-free');
    expect(leakFree?.passed).toBe(false);
    expect(leakFree?.message).toMatch(
      /^deploy-lab\/pyweb-secrets:fixed still holds the new key: layer \d+'s instruction holds it \(docker history shows ARG and ENV values\); the image config sets API_KEY/,
    );
    expect(results.find((r) => r.id === 'key-at-runtime')?.message).toBe(
      'deploy-lab/pyweb-secrets:fixed sets API_KEY itself (ENV): give it at run time instead.',
    );
    await session.dispose();
  }, 90_000);
});
