import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { SeededRng } from '../rng/seeded-rng.js';
import { ApiError, toStatus } from './api-error.js';
import type { ConfigMap, Deployment, Pod, Service } from './kube-types.js';
import { ObjectStore, type WatchEvent } from './object-store.js';
import { webDeployment, webService } from '../testing/fixtures.js';

function newStore(historySize?: number): { store: ObjectStore; clock: VirtualClock } {
  const clock = new VirtualClock();
  const store = new ObjectStore({ clock, rng: new SeededRng(1), freeze: true, historySize });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  return { store, clock };
}

function cm(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) }, data };
}

function catchErr(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('ObjectStore', () => {
  it('assigns uid, resourceVersion, generation, creationTimestamp and server-side defaults', () => {
    const { store } = newStore();
    const d = store.create('deployments', webDeployment({ replicas: 2 }));
    expect(d.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(d.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const c = d.spec.template.spec.containers[0]!;
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.terminationMessagePath).toBe('/dev/termination-log');
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(d.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    const s = store.create('services', { ...webService(), spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] } } as Service);
    expect(s.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(s.spec.ports?.[0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
    expect(s.spec.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.ports?.[0]?.nodePort).toBeLessThanOrEqual(32767);
    expect(s.spec.sessionAffinity).toBe('None');
    const p = store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { generateName: 'x-', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx', readinessProbe: { httpGet: { port: 80 } } }] },
    });
    expect(p.metadata.name).toMatch(/^x-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(p.spec.containers[0]!.readinessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('answers NotFound, AlreadyExists and Conflict with Kubernetes Status objects', () => {
    const { store } = newStore();
    expect(toStatus(catchErr(() => store.get('deployments', 'default', 'nope')))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    store.create('configmaps', cm('a'));
    const dup = catchErr(() => store.create('configmaps', cm('a')));
    expect([dup.code, dup.reason, dup.message]).toEqual([409, 'AlreadyExists', 'configmaps "a" already exists']);
    const v1 = store.get('configmaps', 'default', 'a');
    store.update('configmaps', { ...v1, data: { k: '1' } });
    const stale = catchErr(() => store.update('configmaps', { ...v1, data: { k: '2' } }));
    expect([stale.code, stale.reason]).toEqual([409, 'Conflict']);
    expect(stale.message).toBe('Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again');
    expect(catchErr(() => store.create('configmaps', { ...cm('b'), metadata: { name: 'b', namespace: 'nowhere' } })).message).toBe('namespaces "nowhere" not found');
  });

  it('validates with field paths and upstream messages (422 Invalid)', () => {
    const { store } = newStore();
    const bad = webDeployment();
    bad.spec.replicas = -1;
    const e = catchErr(() => store.create('deployments', bad));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(e.details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }]);
    const mismatch = webDeployment();
    mismatch.spec.template.metadata!.labels = { app: 'other' };
    expect(catchErr(() => store.create('deployments', mismatch)).details?.causes?.[0]?.field).toBe('spec.template.metadata.labels');
    const noImage = webDeployment();
    delete noImage.spec.template.spec.containers[0]!.image;
    expect(catchErr(() => store.create('deployments', noImage)).details?.causes?.[0]).toEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers[0].image' });
    const upper = webDeployment({ name: 'Web' });
    upper.spec.selector = { matchLabels: { app: 'Web' } };
    expect(catchErr(() => store.create('deployments', upper)).details?.causes?.[0]?.field).toBe('metadata.name');
    store.create('deployments', webDeployment());
    const d = structuredClone(store.get('deployments', 'default', 'web'));
    d.spec.selector = { matchLabels: { app: 'web', tier: 'x' } };
    d.spec.template.metadata!.labels = { app: 'web', tier: 'x' };
    expect(catchErr(() => store.update('deployments', d)).message).toContain('spec.selector: Invalid value');
  });

  it('bumps generation on spec changes only; status updates change only status', () => {
    const { store } = newStore();
    const d = store.create('deployments', webDeployment());
    const withLabel = store.update('deployments', { ...d, metadata: { ...d.metadata, labels: { app: 'web', x: 'y' } } });
    expect(withLabel.metadata.generation).toBe(1);
    const scaled = store.update('deployments', { ...withLabel, spec: { ...withLabel.spec, replicas: 5 } } as Deployment);
    expect(scaled.metadata.generation).toBe(2);
    const st = store.update('deployments', { ...scaled, spec: { ...scaled.spec, replicas: 9 }, status: { observedGeneration: 2 } } as Deployment, { subresource: 'status' });
    expect(st.spec.replicas).toBe(5);
    expect(st.status).toEqual({ observedGeneration: 2 });
    const viaMain = store.update('deployments', { ...st, status: { replicas: 99 } } as Deployment);
    expect(viaMain.status).toEqual({ observedGeneration: 2 });
    const scale = store.update('deployments', { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 7 }, status: { replicas: 0 } }, { subresource: 'scale' });
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 7 }, status: { selector: 'app=web' } });
    expect(store.get('deployments', 'default', 'web').metadata.generation).toBe(3);
    expect(Number(store.get('deployments', 'default', 'web').metadata.resourceVersion)).toBeGreaterThan(Number(st.metadata.resourceVersion));
  });

  it('dry run validates and defaults without persisting', () => {
    const { store } = newStore();
    const rv = store.resourceVersion();
    const d = store.create('deployments', webDeployment(), { dryRun: true });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(store.tryGet('deployments', 'default', 'web')).toBeUndefined();
    expect(store.resourceVersion()).toBe(rv);
  });

  it('lists by namespace, label selector and field selector', () => {
    const { store } = newStore();
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    store.create('configmaps', cm('a', {}, { app: 'web', tier: 'fe' }));
    store.create('configmaps', cm('b', {}, { app: 'web', tier: 'be' }));
    store.create('configmaps', cm('c', {}, { app: 'db' }));
    store.create('configmaps', { ...cm('d', {}, { app: 'web' }), metadata: { name: 'd', namespace: 'other', labels: { app: 'web' } } });
    const names = (o: { items: { metadata: { name?: string } }[] }): (string | undefined)[] => o.items.map((i) => i.metadata.name);
    expect(names(store.list('configmaps', { namespace: 'default', labelSelector: 'app=web' }))).toEqual(['a', 'b']);
    expect(names(store.list('configmaps', { labelSelector: 'app=web' }))).toEqual(['a', 'b', 'd']);
    expect(names(store.list('configmaps', { labelSelector: 'app in (web,db),tier!=be' }))).toEqual(['a', 'c', 'd']);
    expect(names(store.list('configmaps', { labelSelector: '!tier' }))).toEqual(['c', 'd']);
    expect(names(store.list('configmaps', { fieldSelector: 'metadata.name=b' }))).toEqual(['b']);
    expect(names(store.list('configmaps', { fieldSelector: 'metadata.namespace!=default' }))).toEqual(['d']);
    expect(catchErr(() => store.list('configmaps', { labelSelector: 'app in (web' })).code).toBe(400);
    expect(catchErr(() => store.list('pods', { fieldSelector: 'spec.bogus=1' })).message).toBe('field label not supported: spec.bogus');
  });

  it('watches from "0" with synthetic ADDED, resumes from a resourceVersion, and answers 410 Gone when too old', () => {
    const { store } = newStore(5);
    store.create('configmaps', cm('a'));
    const seen: string[] = [];
    const stop = store.watch('configmaps', { resourceVersion: '0' }, (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const listRv = store.list('configmaps').resourceVersion;
    store.create('configmaps', cm('b'));
    store.delete('configmaps', 'default', 'a');
    stop();
    store.create('configmaps', cm('c'));
    expect(seen).toEqual(['ADDED a', 'ADDED b', 'DELETED a']);
    const resumed: string[] = [];
    store.watch('configmaps', { resourceVersion: listRv }, (e) => resumed.push(`${e.type} ${e.object.metadata.name}`))();
    expect(resumed).toEqual(['ADDED b', 'DELETED a', 'ADDED c']);
    for (let i = 0; i < 10; i++) store.create('configmaps', cm(`n${i}`));
    const e = catchErr(() => store.watch('configmaps', { resourceVersion: listRv }, () => undefined));
    expect(e.code).toBe(410);
    expect(e.reason).toBe('Expired');
    expect(e.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('turns label changes into ADDED/DELETED for a filtered watch', () => {
    const { store } = newStore();
    const events: WatchEvent[] = [];
    store.watch('configmaps', { labelSelector: 'app=web' }, (e) => events.push(e));
    const a = store.create('configmaps', cm('a', {}, { app: 'db' }));
    const a2 = store.update('configmaps', { ...a, metadata: { ...a.metadata, labels: { app: 'web' } } });
    store.update('configmaps', { ...a2, metadata: { ...a2.metadata, labels: { app: 'db' } } });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('deletes pods gracefully and other kinds at once; preconditions are checked', () => {
    const { store, clock } = newStore();
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx' }] } };
    store.create('pods', pod);
    clock.advance(5000);
    const del = store.delete('pods', 'default', 'p', { gracePeriodSeconds: 10 });
    expect(del.metadata.deletionTimestamp).toBe('2026-01-01T00:00:15Z');
    expect(del.metadata.deletionGracePeriodSeconds).toBe(10);
    expect(store.tryGet('pods', 'default', 'p')).toBeDefined();
    store.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 });
    expect(store.tryGet('pods', 'default', 'p')).toBeUndefined();
    const a = store.create('configmaps', cm('a'));
    expect(catchErr(() => store.delete('configmaps', 'default', 'a', { preconditions: { uid: 'other' } })).code).toBe(409);
    store.delete('configmaps', 'default', 'a', { preconditions: { uid: a.metadata.uid } });
    expect(store.tryGet('configmaps', 'default', 'a')).toBeUndefined();
  });

  it('garbage-collects dependents in the background and orphans them on request', () => {
    const { store, clock } = newStore();
    const owner = store.create('configmaps', cm('owner'));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true };
    store.create('configmaps', { ...cm('dep'), metadata: { name: 'dep', namespace: 'default', ownerReferences: [ref] } });
    store.delete('configmaps', 'default', 'owner');
    expect(store.tryGet('configmaps', 'default', 'dep')).toBeDefined();
    clock.advance(0);
    expect(store.tryGet('configmaps', 'default', 'dep')).toBeUndefined();
    const owner2 = store.create('configmaps', cm('owner2'));
    store.create('configmaps', { ...cm('dep2'), metadata: { name: 'dep2', namespace: 'default', ownerReferences: [{ ...ref, name: 'owner2', uid: owner2.metadata.uid! }] } });
    store.delete('configmaps', 'default', 'owner2', { propagationPolicy: 'Orphan' });
    clock.advance(0);
    expect(store.get('configmaps', 'default', 'dep2').metadata.ownerReferences).toBeUndefined();
  });

  it('hands out frozen objects so controllers cannot mutate shared state by accident', () => {
    const { store } = newStore();
    const a = store.create('configmaps', cm('a', { k: 'v' }));
    expect(() => {
      (a.data as Record<string, string>)['k'] = 'x';
    }).toThrow();
  });
});
