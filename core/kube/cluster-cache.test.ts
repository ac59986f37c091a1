/** The engine's informer cache against the embedded cluster's real API server (client-node 1.4). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimServer, type SimServer } from '../sim/serve/sim-server';
import { openKubeConnection, type KubeConnection } from './kube-connection';
import { createClusterCache, type ClusterCache } from './cluster-cache';
import { applyManifests } from './kube-operations';
import { graphIgnores } from '../lab/cluster-view';

let sim: SimServer;
let connection: KubeConnection;
let cache: ClusterCache;
const changes: string[][] = [];

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const configMaps = () =>
  cache.list('configmaps').map((c) => `${c.metadata?.name}=${(c as { data?: { v?: string } }).data?.v}`);

beforeAll(async () => {
  sim = await startSimServer({
    kubeconfigPath: join(mkdtempSync(join(tmpdir(), 'deploy-lab-cache-')), 'kubeconfig'),
    seed: 9,
  });
  connection = openKubeConnection({ kubeconfigPath: sim.kubeconfigPath });
  cache = createClusterCache(connection, { namespace: 'default', restartDelayMs: 200 });
  cache.onChange((resources) => changes.push([...resources]));
  await cache.ready();
});
afterAll(async () => {
  await cache?.stop();
  await sim?.stop();
});

describe('cluster cache (client-node informers)', () => {
  it('lists what exists, then sees adds, updates and deletes in order, in batches', async () => {
    expect(cache.list('nodes')).toHaveLength(3);
    await applyManifests(
      connection,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "1"}\n',
    );
    await until('a=1', () => configMaps().includes('a=1'));
    await applyManifests(
      connection,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "2"}\n',
    );
    await until('a=2', () => configMaps().includes('a=2'));
    await connection.core.deleteNamespacedConfigMap({ name: 'a', namespace: 'default' });
    await until('a gone', () => !configMaps().some((c) => c.startsWith('a=')));
    expect(changes.flat()).toContain('configmaps');
  });

  it('resumes after the server drops every watch connection, and misses nothing', async () => {
    const before = sim.api.activeWatches();
    expect(before).toBeGreaterThan(0);
    sim.api.close(); // every watch stream ends, as when an apiserver restarts or a proxy times out
    await applyManifests(
      connection,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-drop}\ndata: {v: "1"}\n',
    );
    await until('the object created while the watches were down', () =>
      configMaps().includes('after-drop=1'),
    );
    await until('watches re-established', () => sim.api.activeWatches() >= before);
  });

  it('stores quiet changes without telling listeners: Normal events do not rebuild the graph, Warnings do', async () => {
    const quietCache = createClusterCache(connection, { namespace: 'default', quiet: graphIgnores });
    const heard: string[] = [];
    quietCache.onChange((resources) => heard.push(...resources));
    await quietCache.ready();
    const event = (name: string, type: string) =>
      `apiVersion: v1\nkind: Event\nmetadata: {name: ${name}}\ntype: ${type}\nreason: Test\nmessage: m\n` +
      `involvedObject: {kind: Pod, name: p, namespace: default}\n`;
    const names = () => quietCache.list('events').map((e) => e.metadata?.name);
    try {
      await applyManifests(connection, event('normal-one', 'Normal'));
      await until('the Normal event is stored', () => names().includes('normal-one'));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).not.toContain('events');
      await applyManifests(connection, event('warning-one', 'Warning'));
      await until('the Warning event is heard', () => heard.includes('events'));
      expect(names()).toContain('warning-one');
    } finally {
      await quietCache.stop();
    }
  });
});
