import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from './engine';
import { routeRequest } from './request-router';
import { createInProcessClient } from './in-process.host';
import { LabClientError } from '../contract';

function engineForTest() {
  return createEngine({
    host: 'test',
    version: '1.2.3',
    dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-router-')),
    clock: { now: () => Date.UTC(2026, 0, 1) },
    runDoctor: async () => ({
      checkedAt: new Date(0).toISOString(),
      checks: [
        {
          id: 'docker',
          name: 'Docker',
          status: 'missing',
          detail: 'Docker engine not reachable',
          fix: 'start it',
        },
        { id: 'embedded', name: 'Embedded cluster', status: 'ok', detail: 'Built in' },
      ],
    }),
    scenarios: [],
  });
}

describe('routeRequest', () => {
  it('answers a bad payload with a validation error naming the field, and the engine keeps serving', async () => {
    const engine = engineForTest();
    const bad = await routeRequest(engine.api, 'lab:clusters.connect', { backend: 'minikube' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid-request');
    expect(bad.error.message).toMatch(/^clusters\.connect: backend: /);
    expect(bad.error.details).toMatchObject({ fields: [{ field: 'backend' }] });

    const extra = await routeRequest(engine.api, 'lab:settings.update', { theme: 'dark', colour: 'red' });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.message).toContain('colour');

    const notAnObject = await routeRequest(engine.api, 'lab:settings.update', 'dark');
    expect(notAnObject.ok).toBe(false);

    const good = await routeRequest(engine.api, 'lab:system.info', {});
    expect(good).toMatchObject({ ok: true, value: { version: '1.2.3', host: 'test' } });
  });

  it('refuses channels that are not in the contract', async () => {
    const engine = engineForTest();
    for (const channel of [
      'lab:clusters.delete',
      'lab:constructor.name',
      '__proto__',
      'lab:system.__proto__',
    ]) {
      const result = await routeRequest(engine.api, channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('carries engine failures as { code, message } through the client', async () => {
    const client = createInProcessClient(engineForTest());
    const error = await client.api.clusters.connect({ backend: 'kind' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LabClientError);
    expect(error).toMatchObject({ code: 'not-implemented' });
  });

  it('derives backend availability from doctor', async () => {
    const client = createInProcessClient(engineForTest());
    const backends = await client.api.clusters.backends({});
    expect(backends.map((b) => b.id)).toEqual(['sim', 'kind', 'docker', 'context']);
    expect(backends.find((b) => b.id === 'sim')?.available).toBe(true);
    const docker = backends.find((b) => b.id === 'docker');
    expect(docker?.available).toBe(false);
    expect(docker?.reason).toContain('Docker engine not reachable');
  });
});
