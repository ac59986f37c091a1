/**
 * The renderer's state layer against a real engine, across the real contract (in-process host):
 * what the UI shows is exactly what the engine answered.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../core/lab/engine';
import { createInProcessClient } from '../../core/lab/in-process.host';
import { useLab } from '../../renderer/src/state/lab.store';

function engineForTest() {
  return createEngine({
    host: 'test',
    version: '9.9.9',
    dataDir: mkdtempSync(join(tmpdir(), 'deploy-lab-int-')),
    clock: { now: () => 0 },
    runDoctor: async () => ({
      checkedAt: new Date(0).toISOString(),
      checks: [
        { id: 'docker', name: 'Docker', status: 'ok', version: '28.2', detail: 'Docker engine reachable' },
        { id: 'kind', name: 'kind', status: 'missing', detail: 'kind is not on PATH', fix: 'install kind' },
        { id: 'kubectl', name: 'kubectl', status: 'ok', detail: 'kubectl v1.32' },
        { id: 'embedded', name: 'Embedded cluster', status: 'ok', detail: 'Built in' },
      ],
    }),
    scenarios: [],
  });
}

describe('renderer state over the in-process contract', () => {
  it('loads what the engine reports and keeps it current from LabEvents', async () => {
    const engine = engineForTest();
    const client = createInProcessClient(engine);
    client.onEvent((event) => useLab.getState().applyEvent(event));
    await useLab.getState().load(client);

    const state = useLab.getState();
    expect(state.loading).toBe(false);
    expect(state.error).toBeUndefined();
    expect(state.info).toMatchObject({ version: '9.9.9', host: 'test' });
    expect(state.backends.find((b) => b.id === 'kind')).toMatchObject({
      available: false,
      reason: 'kind: kind is not on PATH',
    });
    expect(state.backends.find((b) => b.id === 'docker')).toMatchObject({ available: true });
    expect(state.graph?.available).toBe(false);

    // A change made by another UI (another window, the CLI) reaches this one through events.
    await engine.api.settings.update({ theme: 'dark' });
    expect(useLab.getState().settings?.theme).toBe('dark');

    // A failing request shows its message; it does not break the store.
    await useLab.getState().connect('context');
    expect(useLab.getState().error).toMatch(/not built into this version/);
    await engine.dispose();
  });
});
