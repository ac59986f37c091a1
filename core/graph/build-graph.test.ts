import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import type { GraphInput, Pod } from './graph-input';
import type {
  ClientGraphNode,
  DeploymentGraphNode,
  GraphModel,
  GraphNode,
  HpaGraphNode,
  NodeGroupGraphNode,
  PodGraphNode,
  PodGroupGraphNode,
  ReplicaSetGraphNode,
  SelectsEdge,
  ServiceGraphNode,
  TrafficEdge,
} from './graph-model';
import {
  FIXTURE_NOW,
  configMap,
  deployment,
  endpointSlice,
  hpa,
  kubeNode,
  pod,
  replicaSet,
  secret,
  service,
  warningEvent,
} from './k8s-fixtures';

function node<T extends GraphNode>(model: GraphModel, id: string): T {
  const found = model.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}; have ${model.nodes.map((n) => n.id).join(', ')}`);
  return found as T;
}

function edgeIds(model: GraphModel, kind: string): string[] {
  return model.edges.filter((e) => e.kind === kind).map((e) => e.id);
}

const nodes = [kubeNode('worker-1'), kubeNode('worker-2'), kubeNode('worker-3')];

function healthyCluster(): GraphInput {
  const web = deployment('web');
  const rs = replicaSet(web, '7d9f8');
  const pods = [
    pod(rs, 'a1b2c', { node: 'worker-1' }),
    pod(rs, 'd3e4f', { node: 'worker-2' }),
    pod(rs, 'g5h6i', { node: 'worker-3' }),
  ];
  const svc = service('web', { app: 'web' });
  return {
    deployments: [web],
    replicaSets: [rs],
    pods,
    services: [svc],
    endpointSlices: [
      endpointSlice(
        svc,
        pods.map((p) => ({ pod: p })),
      ),
    ],
    nodes,
    now: FIXTURE_NOW,
  };
}

describe('buildGraph: a healthy Deployment with 3 pods behind a Service on 3 nodes', () => {
  const model = buildGraph(healthyCluster());

  it('draws every object once with a stable id', () => {
    expect(model.nodes.map((n) => n.id)).toEqual([
      'service/default/web',
      'deployment/default/web',
      'replicaset/default/web-7d9f8',
      'node//worker-1',
      'node//worker-2',
      'node//worker-3',
      'pod/default/web-7d9f8-a1b2c',
      'pod/default/web-7d9f8-d3e4f',
      'pod/default/web-7d9f8-g5h6i',
    ]);
    expect(model.nodes.every((n) => n.status === 'ok' && n.reasons.length === 0)).toBe(true);
  });

  it('links ownership, selection and placement', () => {
    expect(edgeIds(model, 'owns')).toEqual([
      'owns:deployment/default/web->replicaset/default/web-7d9f8',
      'owns:replicaset/default/web-7d9f8->pod/default/web-7d9f8-a1b2c',
      'owns:replicaset/default/web-7d9f8->pod/default/web-7d9f8-d3e4f',
      'owns:replicaset/default/web-7d9f8->pod/default/web-7d9f8-g5h6i',
    ]);
    const selects = model.edges.filter((e): e is SelectsEdge => e.kind === 'selects');
    expect(selects).toHaveLength(3);
    expect(selects.every((e) => e.serving && !e.terminating)).toBe(true);
    expect(node<PodGraphNode>(model, 'pod/default/web-7d9f8-d3e4f').parentId).toBe('node//worker-2');
    expect(node<NodeGroupGraphNode>(model, 'node//worker-3').podCount).toBe(1);
  });

  it('writes short summaries and kind details', () => {
    expect(node<DeploymentGraphNode>(model, 'deployment/default/web')).toMatchObject({
      summary: '3/3 ready',
      revision: '1',
      image: 'deploy-lab/pyweb:1.0',
      rollout: { maxSurge: 1, maxUnavailable: 0 },
    });
    expect(node<ServiceGraphNode>(model, 'service/default/web')).toMatchObject({
      summary: '3 endpoints',
      endpoints: { ready: 3, total: 3 },
      ports: ['80→8000'],
    });
    expect(node<ReplicaSetGraphNode>(model, 'replicaset/default/web-7d9f8')).toMatchObject({
      summary: 'rev 1 · 3/3 ready',
      version: '1.0',
      ownerId: 'deployment/default/web',
    });
    expect(node<PodGraphNode>(model, 'pod/default/web-7d9f8-a1b2c')).toMatchObject({
      summary: 'Running',
      phase: 'Running',
      ready: true,
      restarts: 0,
      version: '1.0',
    });
  });

  it('has no client node and no traffic edges without traffic', () => {
    expect(model.nodes.some((n) => n.kind === 'client')).toBe(false);
    expect(edgeIds(model, 'traffic')).toEqual([]);
  });

  it('is plain serialisable data', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('buildGraph: reason chains', () => {
  it('explains a Service whose pods all fail readiness in three steps', () => {
    const web = deployment('web');
    const rs = replicaSet(web, '7d9f8');
    const pods = ['a', 'b', 'c'].map((s, i) => pod(rs, s, { node: `worker-${i + 1}`, ready: false }));
    const svc = service('web', { app: 'web' });
    const events = pods.map((p) =>
      warningEvent(p, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', {
        count: 3,
        fieldPath: 'spec.containers{web}',
      }),
    );
    const model = buildGraph({
      deployments: [{ ...web, status: { ...web.status, readyReplicas: 0, availableReplicas: 0 } }],
      replicaSets: [rs],
      pods,
      services: [svc],
      endpointSlices: [
        endpointSlice(
          svc,
          pods.map((p) => ({ pod: p, ready: false, serving: false })),
        ),
      ],
      nodes,
      events,
      now: FIXTURE_NOW,
    });
    const service_ = node<ServiceGraphNode>(model, 'service/default/web');
    expect(service_.status).toBe('error');
    expect(service_.summary).toBe('0 endpoints');
    expect(service_.reasons).toEqual([
      'Service web has 0 endpoints',
      '3/3 pods not ready',
      'readiness probe /ready failed 3 times',
    ]);
    const p = node<PodGraphNode>(model, 'pod/default/web-7d9f8-a');
    expect(p.status).toBe('warning');
    expect(p.summary).toBe('Running · not ready');
    expect(p.reasons).toEqual([
      'container web not ready',
      'readiness probe /ready failed 3 times',
      'HTTP probe failed with statuscode: 503',
    ]);
    expect(model.edges.filter((e): e is SelectsEdge => e.kind === 'selects').every((e) => !e.serving)).toBe(
      true,
    );
    expect(node<DeploymentGraphNode>(model, 'deployment/default/web').status).toBe('error');
  });

  it('says when a selector matches nothing', () => {
    const model = buildGraph({ services: [service('web', { app: 'wbe' })], now: FIXTURE_NOW });
    expect(node(model, 'service/default/web').reasons).toEqual([
      'Service web has 0 endpoints',
      'its selector app=wbe matches no running pods',
    ]);
  });

  it('explains CrashLoopBackOff from the container state and last exit', () => {
    const web = deployment('web', { replicas: 1 });
    const rs = replicaSet(web, 'abc12');
    const crashing = pod(rs, 'x1', {
      restarts: 5,
      waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=web' },
      lastTerminated: { reason: 'Error', exitCode: 1, message: 'ModuleNotFoundError: No module named flask' },
    });
    web.status = { ...web.status, readyReplicas: 0, availableReplicas: 0 };
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods: [crashing],
      nodes,
      events: [
        warningEvent(crashing, 'BackOff', 'Back-off restarting failed container web in pod web-abc12-x1', {
          count: 12,
        }),
      ],
      now: FIXTURE_NOW,
    });
    const p = node<PodGraphNode>(model, 'pod/default/web-abc12-x1');
    expect(p.status).toBe('error');
    expect(p.summary).toBe('CrashLoopBackOff · 5 restarts');
    expect(p.restarts).toBe(5);
    expect(p.reasons).toEqual([
      'container web is crash-looping (5 restarts)',
      'last exit: Error, exit code 1',
      'ModuleNotFoundError: No module named flask',
      'Back-off restarting failed container web in pod web-abc12-x1',
    ]);
    expect(node(model, 'deployment/default/web').reasons).toEqual([
      'Deployment web: 0/1 ready',
      '1/1 pods not ready',
      'container web is crash-looping (5 restarts)',
    ]);
  });

  it('explains ImagePullBackOff with the image and the pull error', () => {
    const web = deployment('web', { replicas: 1, image: 'deploy-lab/pyweb:9.9' });
    const rs = replicaSet(web, 'bad01');
    const p0 = pod(rs, 'q1', {
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "deploy-lab/pyweb:9.9"' },
    });
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods: [p0],
      events: [
        warningEvent(p0, 'Failed', 'Failed to pull image "deploy-lab/pyweb:9.9": not found'),
        warningEvent(p0, 'Failed', 'stale', { ageMs: 60 * 60 * 1000 }),
      ],
      now: FIXTURE_NOW,
    });
    const p = node<PodGraphNode>(model, 'pod/default/web-bad01-q1');
    expect(p.status).toBe('error');
    expect(p.summary).toBe('ImagePullBackOff');
    expect(p.reasons).toEqual([
      'image deploy-lab/pyweb:9.9 cannot be pulled (ImagePullBackOff)',
      'Failed to pull image "deploy-lab/pyweb:9.9": not found',
      'Back-off pulling image "deploy-lab/pyweb:9.9"',
    ]);
    expect(p.version).toBe('1.0');
  });

  it('explains a pending pod from FailedScheduling', () => {
    const web = deployment('web', { replicas: 1 });
    const rs = replicaSet(web, 'p1');
    const p0 = pod(rs, 'z', { unscheduled: '0/3 nodes are available: 3 Insufficient cpu.' });
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods: [p0],
      nodes,
      events: [
        warningEvent(
          p0,
          'FailedScheduling',
          '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available.',
        ),
      ],
      now: FIXTURE_NOW,
    });
    const p = node<PodGraphNode>(model, 'pod/default/web-p1-z');
    expect(p.status).toBe('warning');
    expect(p.summary).toBe('Pending · unschedulable');
    expect(p.parentId).toBeUndefined();
    expect(p.reasons).toEqual([
      'pod web-p1-z cannot be scheduled',
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available.',
    ]);
  });

  it('flags a stuck rollout from ProgressDeadlineExceeded', () => {
    const web = deployment('web', { replicas: 2 });
    web.status = {
      ...web.status,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-new" has timed out progressing.',
        },
      ],
    };
    const model = buildGraph({ deployments: [web], now: FIXTURE_NOW });
    const d = node<DeploymentGraphNode>(model, 'deployment/default/web');
    expect(d.status).toBe('error');
    expect(d.summary).toBe('rollout stuck');
    expect(d.reasons).toEqual([
      'Deployment web rollout is stuck: progress deadline exceeded',
      'ReplicaSet "web-new" has timed out progressing.',
    ]);
  });

  it('explains pods that were never created from the ReplicaSet FailedCreate event', () => {
    const web = deployment('web', { replicas: 2 });
    web.status = { ...web.status, readyReplicas: 0, availableReplicas: 0 };
    const rs = replicaSet(web, 'q9');
    rs.status = { replicas: 0 };
    const message =
      'pods "web-q9-abcde" is forbidden: exceeded quota: compute, requested: cpu=500m, used: cpu=2, limited: cpu=2';
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      events: [
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'web-q9.failedcreate', namespace: 'default' },
          involvedObject: { kind: 'ReplicaSet', name: 'web-q9', namespace: 'default', uid: rs.metadata.uid },
          reason: 'FailedCreate',
          message,
          type: 'Warning',
          count: 4,
          lastTimestamp: new Date(FIXTURE_NOW - 2_000).toISOString(),
        },
      ],
      now: FIXTURE_NOW,
    });
    expect(node(model, 'replicaset/default/web-q9')).toMatchObject({
      status: 'error',
      summary: 'rev 1 · 0/2 created',
      reasons: ['ReplicaSet web-q9 cannot create pods', message],
    });
    expect(node(model, 'deployment/default/web')).toMatchObject({
      status: 'error',
      reasons: ['Deployment web: 0/2 ready', 'ReplicaSet web-q9 cannot create pods', message],
    });
  });

  it('a pod on a NotReady node is a warning that says why its status is stale', () => {
    const web = deployment('web', { replicas: 2 });
    const rs = replicaSet(web, 'n1');
    const onDead = pod(rs, 'a', { node: 'worker-2' });
    const onLive = pod(rs, 'b', { node: 'worker-1' });
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods: [onDead, onLive],
      nodes: [kubeNode('worker-1'), kubeNode('worker-2', 'Unknown')],
      now: FIXTURE_NOW,
    });
    const n = node<NodeGroupGraphNode>(model, 'node//worker-2');
    expect(n).toMatchObject({ status: 'error', ready: false, summary: 'NotReady (unknown)' });
    expect(n.reasons).toEqual(['node worker-2 is NotReady', 'Kubelet stopped posting node status.']);
    const p = node<PodGraphNode>(model, 'pod/default/web-n1-a');
    expect(p.status).toBe('warning');
    expect(p.summary).toBe('Running · node not ready');
    expect(p.reasons[0]).toBe('node worker-2 is NotReady');
    expect(p.parentId).toBe('node//worker-2');
    expect(node(model, 'pod/default/web-n1-b').status).toBe('ok');
  });
});

describe('buildGraph: a rolling update', () => {
  function rollout(): GraphInput {
    const web = deployment('web', {
      replicas: 4,
      version: '2.0',
      image: 'deploy-lab/pyweb:2.0',
      revision: '2',
    });
    web.metadata.generation = 2;
    web.status = {
      observedGeneration: 2,
      replicas: 5,
      updatedReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 4,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' },
      ],
    };
    const oldRs = replicaSet(web, 'old11', {
      replicas: 2,
      version: '1.0',
      image: 'deploy-lab/pyweb:1.0',
      revision: '1',
    });
    oldRs.status = { replicas: 3, readyReplicas: 2, availableReplicas: 2 };
    const newRs = replicaSet(web, 'new22', { replicas: 3, version: '2.0', revision: '2' });
    newRs.status = { replicas: 2, readyReplicas: 2, availableReplicas: 2 };
    const oldPods = [
      pod(oldRs, 'o1', { node: 'worker-1' }),
      pod(oldRs, 'o2', { node: 'worker-2' }),
      pod(oldRs, 'o3', { node: 'worker-3', terminating: true, ready: false }),
    ];
    const newPods = [pod(newRs, 'n1', { node: 'worker-1' }), pod(newRs, 'n2', { node: 'worker-3' })];
    const svc = service('web', { app: 'web' });
    return {
      deployments: [web],
      replicaSets: [newRs, oldRs],
      pods: [...newPods, ...oldPods],
      services: [svc],
      endpointSlices: [
        endpointSlice(svc, [
          ...oldPods.slice(0, 2).map((p) => ({ pod: p })),
          { pod: oldPods[2] as Pod, ready: false, serving: true, terminating: true },
          ...newPods.map((p) => ({ pod: p })),
        ]),
      ],
      nodes,
      traffic: {
        windowSeconds: 10,
        perService: { web: { rps: 40, errorRate: 0.025 } },
        perPod: {
          'web-old11-o1': { rps: 10, errorRate: 0, version: '1.0' },
          'web-old11-o2': { rps: 10, errorRate: 0, version: '1.0' },
          'web-new22-n1': { rps: 10, errorRate: 0.1, version: '2.0' },
          'web-new22-n2': { rps: 10, errorRate: 0, version: '2.0' },
        },
        byVersion: {
          '1.0': { rps: 20, errorRate: 0, p50Ms: 12, p95Ms: 40 },
          '2.0': { rps: 20, errorRate: 0.05, p50Ms: 14, p95Ms: 55 },
        },
      },
      now: FIXTURE_NOW,
    };
  }

  const model = buildGraph(rollout());

  it('shows the old ReplicaSet draining and the new one growing', () => {
    expect(node<ReplicaSetGraphNode>(model, 'replicaset/default/web-old11')).toMatchObject({
      status: 'progressing',
      summary: 'rev 1 · draining 3 → 2',
      version: '1.0',
      image: 'deploy-lab/pyweb:1.0',
    });
    expect(node<ReplicaSetGraphNode>(model, 'replicaset/default/web-new22')).toMatchObject({
      status: 'progressing',
      summary: 'rev 2 · 2/3 ready',
      version: '2.0',
    });
    expect(node(model, 'deployment/default/web')).toMatchObject({
      status: 'progressing',
      summary: 'rolling out · 2/4 updated',
    });
    expect(node<PodGraphNode>(model, 'pod/default/web-old11-o3')).toMatchObject({
      terminating: true,
      summary: 'Terminating',
    });
    const terminatingEdge = model.edges.find(
      (e) => e.id === 'selects:service/default/web->pod/default/web-old11-o3',
    ) as SelectsEdge;
    expect(terminatingEdge).toMatchObject({ serving: false, terminating: true });
  });

  it('splits traffic by version', () => {
    const traffic = model.edges.filter((e): e is TrafficEdge => e.kind === 'traffic');
    expect(traffic.map((e) => e.id)).toEqual([
      'traffic:client//traffic->service/default/web',
      'traffic:service/default/web->pod/default/web-new22-n1',
      'traffic:service/default/web->pod/default/web-new22-n2',
      'traffic:service/default/web->pod/default/web-old11-o1',
      'traffic:service/default/web->pod/default/web-old11-o2',
    ]);
    const [entry, ...toPods] = traffic;
    expect(entry).toMatchObject({ rps: 40, errorRate: 0.025 });
    expect(entry?.split).toEqual([
      { version: '1.0', rps: 20, errorRate: 0 },
      { version: '2.0', rps: 20, errorRate: 0.05 },
    ]);
    expect(toPods.map((e) => e.version)).toEqual(['2.0', '2.0', '1.0', '1.0']);
    expect(toPods[0]).toMatchObject({ rps: 10, errorRate: 0.1 });
    const client = node<ClientGraphNode>(model, 'client//traffic');
    expect(client).toMatchObject({ rps: 40, status: 'warning', summary: '40 rps · 2.5% errors' });
    expect(client.byVersion.map((v) => v.version)).toEqual(['1.0', '2.0']);
  });
});

describe('buildGraph: aggregation', () => {
  function big(count: number) {
    const web = deployment('web', { replicas: count });
    const rs = replicaSet(web, 'big00');
    const pods = Array.from({ length: count }, (_, i) =>
      pod(rs, `p${String(i).padStart(4, '0')}`, {
        node: `worker-${(i % 3) + 1}`,
        ...(i % 10 === 0 ? { ready: false } : {}),
        ...(i % 50 === 1 ? { terminating: true } : {}),
        ...(i % 100 === 2 ? { waiting: { reason: 'CrashLoopBackOff' }, restarts: 3 } : {}),
      }),
    );
    return { web, rs, pods };
  }

  it('keeps individual pods at the threshold', () => {
    const { web, rs, pods } = big(12);
    const model = buildGraph({ deployments: [web], replicaSets: [rs], pods, nodes, now: FIXTURE_NOW });
    expect(model.nodes.filter((n) => n.kind === 'pod')).toHaveLength(12);
    expect(model.nodes.some((n) => n.kind === 'podgroup')).toBe(false);
  });

  it('folds 1,000 pods of one ReplicaSet into one node with counts by state', () => {
    const { web, rs, pods } = big(1000);
    const svc = service('web', { app: 'web' });
    const model = buildGraph({
      deployments: [web],
      replicaSets: [rs],
      pods,
      services: [svc],
      nodes,
      traffic: {
        windowSeconds: 10,
        perService: { web: { rps: 500, errorRate: 0 } },
        perPod: Object.fromEntries(pods.map((p) => [p.metadata.name, { rps: 0.5, errorRate: 0 }])),
        byVersion: {},
      },
      now: FIXTURE_NOW,
    });
    expect(model.nodes.filter((n) => n.kind === 'pod')).toHaveLength(0);
    const group = node<PodGroupGraphNode>(model, 'podgroup/default/web-big00');
    expect(group.total).toBe(1000);
    expect(group.counts).toEqual({ ready: 870, notReady: 100, pending: 0, terminating: 20, failed: 10 });
    expect(Object.values(group.counts).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(group.summary).toBe('870/1000 ready · 10 failed · 20 terminating');
    expect(group.status).toBe('warning');
    expect(group.reasons).toEqual(['110/980 pods not ready', 'container web is crash-looping (3 restarts)']);
    expect(node<NodeGroupGraphNode>(model, 'node//worker-1').podCount).toBe(334);
    expect(edgeIds(model, 'owns')).toEqual([
      'owns:deployment/default/web->replicaset/default/web-big00',
      'owns:replicaset/default/web-big00->podgroup/default/web-big00',
    ]);
    expect(edgeIds(model, 'selects')).toEqual(['selects:service/default/web->podgroup/default/web-big00']);
    const t = model.edges.find(
      (e) => e.id === 'traffic:service/default/web->podgroup/default/web-big00',
    ) as TrafficEdge;
    expect(t.rps).toBeCloseTo(500);
    expect(model.nodes.length).toBeLessThan(12);
  });

  it('honours a custom threshold', () => {
    const { web, rs, pods } = big(5);
    const model = buildGraph(
      { deployments: [web], replicaSets: [rs], pods, now: FIXTURE_NOW },
      { aggregateAbove: 4 },
    );
    expect(node<PodGroupGraphNode>(model, 'podgroup/default/web-big00').total).toBe(5);
  });
});

describe('buildGraph: HPA and configuration', () => {
  it('draws an HPA with a scales edge to its target', () => {
    const model = buildGraph({
      deployments: [deployment('web')],
      hpas: [hpa('web', 'web', 3, 5)],
      now: FIXTURE_NOW,
    });
    expect(edgeIds(model, 'scales')).toEqual(['scales:hpa/default/web->deployment/default/web']);
    expect(node<HpaGraphNode>(model, 'hpa/default/web')).toMatchObject({
      status: 'progressing',
      summary: '3 → 5 replicas (2–10) · cpu 80%/50%',
      metrics: ['cpu 80%/50%'],
    });
  });

  it('explains an HPA that cannot read metrics', () => {
    const h = hpa('web', 'web', 3, 3);
    h.status = {
      ...h.status,
      conditions: [
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message:
            'the HPA was unable to compute the replica count: missing request for cpu in container web',
        },
      ],
    };
    const model = buildGraph({ deployments: [deployment('web')], hpas: [h], now: FIXTURE_NOW });
    expect(node(model, 'hpa/default/web')).toMatchObject({
      status: 'warning',
      reasons: [
        'HPA web is not scaling (FailedGetResourceMetric)',
        'the HPA was unable to compute the replica count: missing request for cpu in container web',
      ],
    });
  });

  it('shows a ConfigMap or Secret only when a pod template references it', () => {
    const web = deployment('web', {
      container: {
        env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
        envFrom: [
          { configMapRef: { name: 'web-config' } },
          { configMapRef: { name: 'maybe', optional: true } },
        ],
      },
    });
    const model = buildGraph({
      deployments: [web],
      configMaps: [
        configMap('web-config', { GREETING: 'hi', LOG_LEVEL: 'info' }),
        configMap('unused', { A: '1' }),
      ],
      secrets: [secret('db', { password: 'aHVudGVyMg==' }), secret('other', { x: 'eA==' })],
      now: FIXTURE_NOW,
    });
    expect(model.nodes.filter((n) => n.kind === 'configmap' || n.kind === 'secret').map((n) => n.id)).toEqual(
      ['configmap/default/web-config', 'secret/default/db'],
    );
    expect(node(model, 'configmap/default/web-config')).toMatchObject({
      summary: '2 keys',
      keys: ['GREETING', 'LOG_LEVEL'],
    });
    expect(JSON.stringify(model)).not.toContain('aHVudGVyMg==');
    expect(model.edges.filter((e) => e.kind === 'uses')).toEqual([
      {
        id: 'uses:deployment/default/web->configmap/default/web-config',
        kind: 'uses',
        source: 'deployment/default/web',
        target: 'configmap/default/web-config',
        via: ['envFrom'],
      },
      {
        id: 'uses:deployment/default/web->secret/default/db',
        kind: 'uses',
        source: 'deployment/default/web',
        target: 'secret/default/db',
        via: ['env'],
      },
    ]);
  });

  it('shows a referenced but missing ConfigMap as an error', () => {
    const web = deployment('web', { container: { envFrom: [{ configMapRef: { name: 'web-config' } }] } });
    const model = buildGraph({ deployments: [web], now: FIXTURE_NOW });
    expect(node(model, 'configmap/default/web-config')).toMatchObject({
      status: 'error',
      summary: 'missing',
      missing: true,
    });
  });
});

describe('buildGraph: determinism', () => {
  it('gives the same output whatever order the lists arrive in', () => {
    const input = healthyCluster();
    const shuffled: GraphInput = {
      ...input,
      pods: [...(input.pods ?? [])].reverse(),
      nodes: [...(input.nodes ?? [])].reverse(),
    };
    expect(buildGraph(shuffled)).toEqual(buildGraph(input));
    expect(JSON.stringify(buildGraph(shuffled))).toBe(JSON.stringify(buildGraph(input)));
  });

  it('filters by namespace but keeps cluster-scoped nodes', () => {
    const input = healthyCluster();
    const model = buildGraph(input, { namespace: 'other' });
    expect(model.nodes.map((n) => n.kind)).toEqual(['node', 'node', 'node']);
  });
});
