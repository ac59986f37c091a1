/**
 * The "any kube context" backend against a real Kubernetes API: the embedded cluster stands in for a
 * team's cluster, reached through its own kubeconfig exactly as a remote cluster would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSimServer, type SimServer } from '../../sim/serve/sim-server';
import { createEngine, type Engine } from '../../lab/engine';
import { createInProcessClient } from '../../lab/in-process.host';
import { createContextBackend, listContexts, runNamespace } from './context.backend';
import type { LabClient } from '../../contract';

let team: SimServer;
let engine: Engine;
let client: LabClient;
const dataDir = mkdtempSync(join(tmpdir(), 'deploy-lab-context-'));

beforeAll(async () => {
  team = await startSimServer({ kubeconfigPath: join(dataDir, 'team-kubeconfig'), seed: 4, speed: 10 });
  engine = createEngine({
    host: 'test',
    version: 'test',
    dataDir,
    clock: { now: () => Date.now() },
    runDoctor: async () => ({ checkedAt: '', checks: [] }),
    scenarios: [],
    backends: {
      context: createContextBackend({ kubeconfigPath: team.kubeconfigPath, dataDir, runId: 'ctx-test' }),
    },
    listContexts: () => listContexts(team.kubeconfigPath),
  });
  client = createInProcessClient(engine);
});
afterAll(async () => {
  await engine?.dispose();
  await team?.stop();
});

describe('any kube context (against a real API server)', () => {
  it("lists the user's contexts", async () => {
    expect(await client.api.clusters.contexts({})).toEqual([
      { name: 'deploy-lab-sim', cluster: 'deploy-lab-sim', current: true },
    ]);
  });

  it('works in a namespace of its own, never edits the user kubeconfig, refuses node stops, and cleans up', async () => {
    const userKubeconfig = readFileSync(team.kubeconfigPath, 'utf8');
    const status = await client.api.clusters.connect({ backend: 'context', context: 'deploy-lab-sim' });
    const namespace = runNamespace('ctx-test');
    expect(status.message).toContain(`namespace ${namespace}`);
    expect(status.kubeconfigPath).not.toBe(team.kubeconfigPath);
    const own = parse(readFileSync(status.kubeconfigPath!, 'utf8')) as {
      contexts: { context: { namespace: string } }[];
    };
    expect(own.contexts.map((c) => c.context.namespace)).toEqual([namespace]);
    expect(team.cluster.store.get('namespaces', undefined, namespace).metadata.labels).toMatchObject({
      'dev.deploy-lab.run': 'ctx-test',
    });

    await client.api.clusters.action({
      type: 'apply',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: rehearsal}\n',
    });
    expect(team.cluster.store.get('configmaps', namespace, 'settings')).toBeTruthy();
    await expect(
      client.api.clusters.action({ type: 'node-power', name: 'deploy-lab-worker', up: false }),
    ).rejects.toThrow(/disabled on this cluster/);
    expect((await client.api.clusters.clock({ action: 'status' })).available).toBe(false);

    await client.api.clusters
      .connect({ backend: 'context', context: 'deploy-lab-sim' })
      .catch(() => undefined);
    await engine.dispose();
    const ns = team.cluster.store.list('namespaces', {}).items.find((n) => n.metadata.name === namespace);
    expect(ns === undefined || ns.status?.phase === 'Terminating').toBe(true);
    expect(readFileSync(team.kubeconfigPath, 'utf8')).toBe(userKubeconfig);
  });

  it('says which context is missing', async () => {
    const other = createEngine({
      host: 'test',
      version: 'test',
      dataDir,
      clock: { now: () => Date.now() },
      runDoctor: async () => ({ checkedAt: '', checks: [] }),
      scenarios: [],
      backends: {
        context: createContextBackend({ kubeconfigPath: team.kubeconfigPath, dataDir, runId: 'ctx-missing' }),
      },
    });
    await expect(
      createInProcessClient(other).api.clusters.connect({ backend: 'context', context: 'prod' }),
    ).rejects.toThrow('no kube context named "prod"');
    await other.dispose();
  });
});
