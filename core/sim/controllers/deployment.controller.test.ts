import { describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../cluster.js';
import type { Deployment, Pod } from '../store/kube-types.js';
import { webDeployment } from '../testing/fixtures.js';
import { resolveFenceposts } from './deployment-util.js';
import { isPodReady } from './pod-util.js';

function setImage(c: SimCluster, image: string, name = 'web'): void {
  const d = structuredClone(c.store.get('deployments', 'default', name));
  d.spec.template.spec.containers[0]!.image = image;
  c.store.update('deployments', d);
}

function pods(c: SimCluster, app = 'web'): Pod[] {
  return c.store.list('pods', { namespace: 'default', labelSelector: `app=${app}` }).items;
}

function dep(c: SimCluster, name = 'web'): Deployment {
  return c.store.get('deployments', 'default', name);
}

describe('rollout fenceposts (deployment_util.go ResolveFenceposts)', () => {
  it.each([
    [10, '25%', '25%', 3, 2],
    [1, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [3, '25%', '25%', 1, 0],
    [10, 0, 0, 0, 1],
    [5, '50%', '0%', 3, 0],
    [7, 2, '10%', 2, 0],
    [20, '10%', '30%', 2, 6],
  ])('replicas %i, surge %s, unavailable %s -> surge %i, unavailable %i', (replicas, s, u, surge, unavailable) => {
    expect(resolveFenceposts(s, u, replicas)).toEqual({ surge, unavailable });
  });
});

describe('DeploymentController', () => {
  it.each([
    [10, '25%', '25%'],
    [4, '25%', '25%'],
    [3, 1, 0],
    [5, 0, 1],
    // Large enough for the ReplicaSet controller's client limit (20/s) to pace the rollout.
    [200, '25%', '25%'],
  ])('rolling update of %i replicas (%s/%s) keeps the bounds at every step', (replicas, maxSurge, maxUnavailable) => {
    const c = createSimCluster({ seed: 7, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas, maxSurge, maxUnavailable, readinessProbe: true }));
    c.advance(30_000);
    expect(dep(c).status?.availableReplicas).toBe(replicas);
    const { surge, unavailable } = resolveFenceposts(maxSurge, maxUnavailable, replicas);
    setImage(c, 'deploy-lab/pyweb:2.0');
    let maxActive = 0;
    let minReady = Infinity;
    for (let t = 0; t < 180_000; t += 100) {
      c.advance(100);
      const active = pods(c).filter((p) => !p.metadata.deletionTimestamp);
      maxActive = Math.max(maxActive, active.length);
      minReady = Math.min(minReady, active.filter(isPodReady).length);
    }
    expect(maxActive).toBeLessThanOrEqual(replicas + surge);
    expect(minReady).toBeGreaterThanOrEqual(replicas - unavailable);
    const d = dep(c);
    expect(d.status?.updatedReplicas).toBe(replicas);
    expect(d.status?.availableReplicas).toBe(replicas);
    expect(d.status?.conditions?.find((x) => x.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    expect(pods(c).every((p) => p.spec.containers[0]!.image === 'deploy-lab/pyweb:2.0')).toBe(true);
    const rss = c.store.list('replicasets', { namespace: 'default' }).items;
    expect(rss).toHaveLength(2);
    c.dispose();
  });

  it('names the RS <deploy>-<hash>, copies the template plus pod-template-hash, and records scaling events', () => {
    const c = createSimCluster({ seed: 1, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3 }));
    c.advance(20_000);
    const [rs] = c.store.list('replicasets', { namespace: 'default' }).items;
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs!.spec.template.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true, uid: dep(c).metadata.uid });
    expect(c.events().find((e) => e.reason === 'ScalingReplicaSet' && e.object === 'Deployment/default/web')?.message).toBe(`Scaled up replica set web-${hash} from 0 to 3`);
    for (const p of pods(c)) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    const d = dep(c);
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason]).sort()).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    c.dispose();
  });

  it('Recreate never runs old and new pods together', () => {
    const c = createSimCluster({ seed: 3, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3, strategy: 'Recreate' }));
    c.advance(30_000);
    setImage(c, 'deploy-lab/pyweb:2.0');
    let together = false;
    for (let t = 0; t < 120_000; t += 100) {
      c.advance(100);
      const images = new Set(pods(c).map((p) => p.spec.containers[0]!.image));
      if (images.size > 1) together = true;
    }
    expect(together).toBe(false);
    expect(dep(c).status?.availableReplicas).toBe(3);
    expect(pods(c).every((p) => p.spec.containers[0]!.image === 'deploy-lab/pyweb:2.0')).toBe(true);
    c.dispose();
  });

  it('rollback re-adopts the old RS and bumps its revision (revision-history keeps the old one)', () => {
    const c = createSimCluster({ seed: 4, freezeObjects: true });
    const d0 = webDeployment({ replicas: 2 });
    d0.metadata.annotations = { 'kubernetes.io/change-cause': 'v1' };
    c.store.create('deployments', d0);
    c.advance(30_000);
    const rs1 = c.store.list('replicasets', { namespace: 'default' }).items[0]!;
    const d = structuredClone(dep(c));
    d.spec.template.spec.containers[0]!.image = 'deploy-lab/pyweb:2.0';
    d.metadata.annotations = { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'v2' };
    c.store.update('deployments', d);
    c.advance(60_000);
    expect(dep(c).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    // kubectl rollout undo: the template of revision 1 minus pod-template-hash.
    const undo = structuredClone(dep(c));
    const tpl = structuredClone(rs1.spec.template);
    delete tpl.metadata!.labels!['pod-template-hash'];
    undo.spec.template = tpl;
    c.store.update('deployments', undo);
    c.advance(60_000);
    const rss = c.store.list('replicasets', { namespace: 'default' }).items;
    expect(rss).toHaveLength(2);
    const readopted = rss.find((r) => r.metadata.name === rs1.metadata.name)!;
    expect(readopted.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(readopted.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(readopted.spec.replicas).toBe(2);
    expect(dep(c).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(pods(c).every((p) => p.metadata.labels?.['pod-template-hash'] === rs1.metadata.labels?.['pod-template-hash'])).toBe(true);
    c.dispose();
  });

  it('reports ProgressDeadlineExceeded when the new pods never become ready', () => {
    const c = createSimCluster({ seed: 5, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2, readinessProbe: true, progressDeadlineSeconds: 60 }));
    c.advance(30_000);
    setImage(c, 'deploy-lab/pyweb:3.1-broken');
    c.advance(30_000);
    expect(dep(c).status?.conditions?.find((x) => x.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    c.advance(60_000);
    const prog = dep(c).status?.conditions?.find((x) => x.type === 'Progressing');
    expect(prog).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(prog?.message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    // Old pods keep serving: maxUnavailable 0 of 2 (25% rounds down).
    expect(dep(c).status?.availableReplicas).toBe(2);
    c.dispose();
  });

  it('pause stops the rollout and resume continues it', () => {
    const c = createSimCluster({ seed: 6, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2 }));
    c.advance(20_000);
    const paused = structuredClone(dep(c));
    paused.spec.paused = true;
    c.store.update('deployments', paused);
    c.advance(1000);
    setImage(c, 'deploy-lab/pyweb:2.0');
    c.advance(30_000);
    expect(c.store.list('replicasets', { namespace: 'default' }).items).toHaveLength(1);
    expect(dep(c).status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    const resumed = structuredClone(dep(c));
    delete resumed.spec.paused;
    c.store.update('deployments', resumed);
    c.advance(60_000);
    expect(dep(c).status?.updatedReplicas).toBe(2);
    expect(dep(c).status?.conditions?.find((x) => x.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    c.dispose();
  });

  it('scales proportionally when replicas change mid-rollout', () => {
    const c = createSimCluster({ seed: 8, freezeObjects: true, nodes: 4 });
    c.store.create('deployments', webDeployment({ replicas: 10, readinessProbe: true }));
    c.advance(30_000);
    setImage(c, 'deploy-lab/pyweb:3.1-broken');
    c.advance(10_000);
    // Stuck rollout: old RS 8 (10 - 2 unavailable), new RS 5 (13 - 8).
    const sizes = (): number[] => c.store.list('replicasets', { namespace: 'default' }).items.map((r) => r.spec.replicas ?? 0).sort((a, b) => a - b);
    expect(sizes()).toEqual([5, 8]);
    const d = structuredClone(dep(c));
    d.spec.replicas = 20;
    c.store.update('deployments', d);
    c.advance(1000);
    // allowed 20 + 5 = 25, to add 12: old 8 -> round(8*25/13)=15 (+7), new gets the other 5 -> 10.
    expect(sizes()).toEqual([10, 15]);
    c.dispose();
  });

  it('cleans up old ReplicaSets beyond revisionHistoryLimit', () => {
    const c = createSimCluster({ seed: 9, freezeObjects: true });
    const d0 = webDeployment({ replicas: 1 });
    d0.spec.revisionHistoryLimit = 1;
    c.store.create('deployments', d0);
    c.advance(20_000);
    for (const tag of ['2.0', '3.0', '1.0']) {
      setImage(c, `deploy-lab/pyweb:${tag}`);
      c.advance(60_000);
    }
    const rss = c.store.list('replicasets', { namespace: 'default' }).items;
    expect(rss).toHaveLength(2);
    c.dispose();
  });

  it('garbage-collects ReplicaSets and pods when the Deployment is deleted', () => {
    const c = createSimCluster({ seed: 10, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3 }));
    c.advance(20_000);
    c.store.delete('deployments', 'default', 'web');
    c.advance(1);
    expect(c.store.list('replicasets', { namespace: 'default' }).items).toHaveLength(0);
    expect(pods(c).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    c.advance(40_000);
    expect(pods(c)).toHaveLength(0);
    c.dispose();
  });
});

describe('minReadySeconds', () => {
  it('counts a pod available only after it has been ready for minReadySeconds', () => {
    const c = createSimCluster({ seed: 14, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2, minReadySeconds: 20 }));
    let readyAt = 0;
    for (let t = 0; t < 60_000 && !readyAt; t += 100) {
      c.advance(100);
      if ((dep(c).status?.readyReplicas ?? 0) === 2) readyAt = c.clock.now();
    }
    expect(readyAt).toBeGreaterThan(0);
    expect(dep(c).status?.availableReplicas ?? 0).toBe(0);
    c.advance(19_000);
    expect(dep(c).status?.availableReplicas ?? 0).toBe(0);
    c.advance(2_000);
    expect(dep(c).status?.availableReplicas).toBe(2);
    c.dispose();
  });
});

describe('controller resilience', () => {
  it('survives user writes racing the controllers (conflicts are retried, not thrown out of advance)', () => {
    const c = createSimCluster({ seed: 15, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3 }));
    for (let i = 0; i < 50; i++) {
      c.advance(200);
      const d = structuredClone(dep(c));
      d.spec.replicas = 1 + (i % 5);
      d.spec.template.spec.containers[0]!.image = `deploy-lab/pyweb:${['1.0', '2.0', '3.0'][i % 3]}`;
      c.store.update('deployments', d);
      const rs = c.store.list('replicasets', { namespace: 'default' }).items[0];
      if (rs && i % 7 === 0) c.store.delete('replicasets', 'default', rs.metadata.name!);
    }
    c.advance(120_000);
    const d = dep(c);
    expect(d.status?.availableReplicas).toBe(d.spec.replicas);
    expect(d.status?.updatedReplicas).toBe(d.spec.replicas);
    c.dispose();
  });
});
