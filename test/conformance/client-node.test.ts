// @kubernetes/client-node 1.4 against the embedded cluster over https + bearer token: typed CRUD, the
// patch strategies, /scale, /log, HPA v2, a 404 ApiException and an informer (list + watch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
} from '@kubernetes/client-node';
import { startSimServer, type SimServer } from '../../core/sim/serve/sim-server.js';

let sim: SimServer;
let kc: KubeConfig;

function deployment(name: string, image: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('@kubernetes/client-node 1.4 against the embedded cluster', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-node-'));
    sim = await startSimServer({ kubeconfigPath: join(dir, 'kubeconfig'), nodes: 2, seed: 5, speed: 4 });
    kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('informer sees add, update and delete', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const informer = makeInformer(kc, '/apis/apps/v1/namespaces/default/deployments', () =>
      apps.listNamespacedDeployment({ namespace: 'default' }),
    );
    const seen: string[] = [];
    informer.on('add', (d) => seen.push(`add:${d.metadata?.name}`));
    informer.on('update', (d) => seen.push(`update:${d.metadata?.name}:${d.status?.readyReplicas ?? 0}`));
    informer.on('delete', (d) => seen.push(`delete:${d.metadata?.name}`));
    await informer.start();
    try {
      await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('inf', 'nginx:1.27') });
      await until(() => (seen.some((s) => s === 'update:inf:2') ? true : undefined));
      expect(informer.get('inf', 'default')?.status?.readyReplicas).toBe(2);
      await apps.deleteNamespacedDeployment({ name: 'inf', namespace: 'default' });
      await until(() => (seen.includes('delete:inf') ? true : undefined));
      expect(seen[0]).toBe('add:inf');
    } finally {
      await informer.stop();
    }
  });

  it('typed CRUD, patches, scale, logs, HPA v2 and a 404 ApiException', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('cn', 'nginx:1.26'),
    });
    expect(created.metadata?.uid).toBeTruthy();
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
    expect(Array.isArray(list.items)).toBe(true);

    await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: 'default', body: { metadata: { labels: { patched: 'merge' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    await apps.patchNamespacedDeployment(
      {
        name: 'cn',
        namespace: 'default',
        body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await apps.patchNamespacedDeployment({
      name: 'cn',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    });
    const read = await apps.readNamespacedDeployment({ name: 'cn', namespace: 'default' });
    expect(read.metadata?.labels).toMatchObject({ patched: 'merge' });
    expect(read.spec?.template.spec?.containers[0]?.image).toBe('nginx:1.27');
    expect(read.spec?.replicas).toBe(3);
    expect(read.metadata?.creationTimestamp).toBeInstanceOf(Date);

    const scale = await apps.readNamespacedDeploymentScale({ name: 'cn', namespace: 'default' });
    expect(scale.spec?.replicas).toBe(3);

    const pod = await until(async () => {
      const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
      return pods.items.find((p) => p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.ready);
    });
    const log = await core.readNamespacedPodLog({ name: pod.metadata?.name ?? '', namespace: 'default' });
    expect(typeof log).toBe('string');

    await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
      namespace: 'default',
      body: {
        metadata: { name: 'cn' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cn' },
          minReplicas: 1,
          maxReplicas: 4,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
            },
          ],
        },
      },
    });
    const hpas = await kc
      .makeApiClient(AutoscalingV2Api)
      .listNamespacedHorizontalPodAutoscaler({ namespace: 'default' });
    expect(hpas.items.map((h) => h.metadata?.name)).toContain('cn');

    const err = await apps
      .readNamespacedDeployment({ name: 'nope', namespace: 'default' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<unknown>).code).toBe(404);
  });
});
