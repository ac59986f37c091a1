import { describe, expect, it } from 'vitest';
import { createSimCluster } from './cluster.js';
import { webDeployment, webService } from './testing/fixtures.js';

describe('createSimCluster', () => {
  it('starts like kind: nodes, namespaces, the kubernetes service', () => {
    const c = createSimCluster({ freezeObjects: true });
    expect(c.store.list('nodes').items.map((n) => n.metadata.name)).toEqual(['deploy-lab-control-plane', 'deploy-lab-worker', 'deploy-lab-worker2']);
    expect(c.store.get('services', 'default', 'kubernetes').spec.clusterIP).toBe('10.96.0.1');
    expect(c.store.list('namespaces').items.map((n) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']);
    c.dispose();
  });

  it('runs a deployment to Ready on the workers and fills endpoints', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 3 }));
    c.store.create('services', webService());
    c.advance(30_000);
    const d = c.store.get('deployments', 'default', 'web');
    expect(d.status?.readyReplicas).toBe(3);
    expect(d.status?.availableReplicas).toBe(3);
    const pods = c.store.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items;
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.spec.nodeName).not.toBe('deploy-lab-control-plane');
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    const ep = c.store.get('endpoints', 'default', 'web');
    expect(ep.subsets?.[0]?.addresses).toHaveLength(3);
    expect(ep.subsets?.[0]?.ports?.[0]?.port).toBe(8000);
    const reasons = c.events().map((e) => e.reason);
    for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) expect(reasons).toContain(r);
    const logs = c.logs('default', pods[0]!.metadata.name!);
    expect(logs).toContain('Listening at: http://0.0.0.0:8000');
    c.dispose();
  });
});

describe('kube-system like kind', () => {
  it('runs the control plane static pods, kube-proxy and kindnet per node, CoreDNS behind kube-dns', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.advance(20_000);
    const pods = c.store.list('pods', { namespace: 'kube-system' }).items;
    const names = pods.map((p) => p.metadata.name!.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}$/, '-*').replace(/-[bcdfghjklmnpqrstvwxz2456789]{6,10}-\*$/, '-*'));
    expect(names.sort()).toEqual([
      'coredns-*',
      'coredns-*',
      'etcd-deploy-lab-control-plane',
      'kindnet-*',
      'kindnet-*',
      'kindnet-*',
      'kube-apiserver-deploy-lab-control-plane',
      'kube-controller-manager-deploy-lab-control-plane',
      'kube-proxy-*',
      'kube-proxy-*',
      'kube-proxy-*',
      'kube-scheduler-deploy-lab-control-plane',
    ]);
    expect(pods.every((p) => p.status?.phase === 'Running')).toBe(true);
    const apiserver = pods.find((p) => p.metadata.name === 'kube-apiserver-deploy-lab-control-plane')!;
    expect(apiserver.status?.podIP).toBe('172.18.0.2');
    expect(c.store.get('endpoints', 'kube-system', 'kube-dns').subsets?.[0]?.addresses).toHaveLength(2);
    expect(c.events().some((e) => e.object.startsWith('Pod/kube-system/') && e.reason === 'Pulling')).toBe(false);
    c.dispose();
  });
});

describe('deletion propagation', () => {
  it('Foreground: the Deployment stays (with the foregroundDeletion finalizer) until its pods are gone', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2 }));
    c.advance(20_000);
    const d = c.store.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    expect(d.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(d.metadata.deletionTimestamp).toBeDefined();
    c.advance(1000);
    expect(c.store.tryGet('deployments', 'default', 'web')).toBeDefined();
    c.advance(10_000);
    expect(c.store.list('pods', { namespace: 'default' }).items).toHaveLength(0);
    expect(c.store.list('replicasets', { namespace: 'default' }).items).toHaveLength(0);
    expect(c.store.tryGet('deployments', 'default', 'web')).toBeUndefined();
    c.dispose();
  });

  it('deleting a namespace removes its contents, then the namespace', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    c.store.create('deployments', { ...webDeployment({ replicas: 2 }), metadata: { name: 'web', namespace: 'team', labels: { app: 'web' } } });
    c.store.create('services', { ...webService(), metadata: { name: 'web', namespace: 'team' } });
    c.advance(20_000);
    expect(c.store.list('pods', { namespace: 'team' }).items).toHaveLength(2);
    c.store.delete('namespaces', undefined, 'team');
    c.advance(100);
    expect(c.store.get('namespaces', undefined, 'team').status).toEqual({ phase: 'Terminating' });
    c.advance(15_000);
    expect(c.store.tryGet('namespaces', undefined, 'team')).toBeUndefined();
    for (const r of ['pods', 'deployments', 'replicasets', 'services', 'endpoints', 'endpointslices'] as const) expect(c.store.list(r, { namespace: 'team' }).items).toHaveLength(0);
    c.dispose();
  });
});
