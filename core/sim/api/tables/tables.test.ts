import { describe, expect, it } from 'vitest';
import { humanDuration, ageSince } from './human-duration.js';
import { buildTable, parseIncludeObject } from './table-builder.js';
import { formatEndpoints, formatHpaMetrics, formatLabelSelector, printerFor } from './table-printers.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration', () => {
  it.each([
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [59 * S, '59s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [5 * M + 10 * S, '5m10s'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 5 * M, '3h5m'],
    [8 * H + 5 * M, '8h'],
    [47 * H, '47h'],
    [2 * D + 3 * H, '2d3h'],
    [2 * D, '2d'],
    [8 * D + 3 * H, '8d'],
    [800 * D, '2y70d'],
    [365 * 9 * D, '9y'],
  ])('%d ms -> %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
  it('says <unknown> without a timestamp', () => expect(ageSince(null, NOW)).toBe('<unknown>'));
});

function pod(status: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: ago(5 * M + 10 * S), labels: { app: 'web' }, ...(extra.metadata as object) },
    spec: { containers: [{ name: 'app', image: 'app:1' }], nodeName: 'node-1', ...(extra.spec as object) },
    status,
  };
}
function podCells(p: Record<string, unknown>) {
  return printerFor('pods').row(p, NOW).cells;
}

describe('pod table', () => {
  it('renders Running with restarts "N (Xm ago)" and wide cells', () => {
    const p = pod({
      phase: 'Running',
      podIP: '10.244.1.5',
      podIPs: [{ ip: '10.244.1.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'app', ready: true, restartCount: 2, state: { running: { startedAt: ago(M) } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * M) } } },
      ],
    });
    expect(podCells(p)).toEqual(['web-1', '1/1', 'Running', '2 (3m ago)', '5m10s', '10.244.1.5', 'node-1', '<none>', '<none>']);
  });
  it.each([
    [{ phase: 'Pending' }, 'Pending'],
    [{ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }, 'ContainerCreating'],
    [{ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, 'CrashLoopBackOff'],
    [{ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] }, 'ImagePullBackOff'],
    [{ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }] }, 'ErrImagePull'],
    [{ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, 'Error'],
    [{ phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, 'Completed'],
    [{ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, state: { terminated: { exitCode: 137 } } }] }, 'ExitCode:137'],
  ])('status %j -> %s', (status, text) => {
    expect(podCells(pod(status))[2]).toBe(text);
  });
  it('shows Terminating for a deleting pod and Init:0/1 while initialising', () => {
    const deleting = pod({ phase: 'Running' }, { metadata: { deletionTimestamp: ago(-30 * S) } });
    expect(podCells(deleting)[2]).toBe('Terminating');
    const init = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { waiting: { reason: 'PodInitializing' } } }] },
      { spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'app', image: 'x' }] } },
    );
    expect(podCells(init)[2]).toBe('Init:0/1');
  });
});

describe('other printers', () => {
  it('deployment and replicaset', () => {
    const d = {
      metadata: { name: 'web', creationTimestamp: ago(2 * D + 3 * H) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(printerFor('deployments').row(d, NOW).cells).toEqual(['web', '2/3', 3, 2, '2d3h', 'a,b', 'a:1,b:2', 'app=web']);
    expect(printerFor('replicasets').row({ ...d, status: { replicas: 3, readyReplicas: 1 } }, NOW).cells.slice(0, 4)).toEqual(['web', 3, 3, 1]);
  });
  it('service types and ports', () => {
    const row = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
      printerFor('services').row({ metadata: { name: 's', creationTimestamp: ago(10 * S) }, spec, status }, NOW).cells;
    expect(row({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } })).toEqual([
      's',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '80/TCP',
      '10s',
      'app=web',
    ]);
    expect(row({ type: 'NodePort', clusterIPs: ['10.96.0.11'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] })[4]).toBe('80:30080/TCP');
    expect(row({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] })[3]).toBe('<pending>');
    expect(row({ type: 'ExternalName', externalName: 'example.com' })[3]).toBe('example.com');
  });
  it('endpoints, hpa targets, selectors', () => {
    expect(
      formatEndpoints({
        subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }], ports: [{ port: 8080 }] }],
      }),
    ).toBe('10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...');
    expect(formatEndpoints({})).toBe('<none>');
    const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };
    expect(formatHpaMetrics([cpu], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }])).toBe('cpu: 40%/50%');
    expect(formatHpaMetrics([cpu], [])).toBe('cpu: <unknown>/50%');
    expect(formatHpaMetrics([], [])).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe('a=1,b=2,c in (x,y)');
  });
  it('nodes, namespaces, configmaps, secrets, events', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: ago(H), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'containerd://1.7' },
      },
    };
    expect(printerFor('nodes').row(node, NOW).cells).toEqual([
      'n1',
      'Ready,SchedulingDisabled',
      'control-plane',
      '60m',
      'v1.32.0',
      '172.18.0.2',
      '<none>',
      'Debian',
      '6.1',
      'containerd://1.7',
    ]);
    expect(printerFor('namespaces').row({ metadata: { name: 'default', creationTimestamp: ago(S) }, status: { phase: 'Active' } }, NOW).cells).toEqual([
      'default',
      'Active',
      '1s',
    ]);
    expect(printerFor('configmaps').row({ metadata: { name: 'c' }, data: { a: '1', b: '2' } }, NOW).cells).toEqual(['c', 2, '<unknown>']);
    expect(printerFor('secrets').row({ metadata: { name: 's' }, type: 'Opaque', data: { a: 'MQ==' } }, NOW).cells.slice(0, 3)).toEqual(['s', 'Opaque', 1]);
    const ev = {
      metadata: { name: 'web.1' },
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web-1 ',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: ago(10 * M),
      lastTimestamp: ago(M),
      count: 7,
    };
    expect(printerFor('events').row(ev, NOW).cells).toEqual([
      '60s',
      'Warning',
      'BackOff',
      'pod/web-1',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container app in pod web-1',
      '10m',
      7,
      'web.1',
    ]);
  });
});

describe('buildTable', () => {
  const objs = [pod({ phase: 'Running' })];
  it('embeds PartialObjectMetadata by default and the full object on request', () => {
    const t = buildTable('pods', objs, { nowMs: NOW, resourceVersion: '42' });
    expect(t.kind).toBe('Table');
    expect(t.metadata.resourceVersion).toBe('42');
    expect(t.columnDefinitions.filter((c) => c.priority === 1).map((c) => c.name)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(t.rows[0]?.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { labels: { app: 'web' }, namespace: 'default' } });
    expect(buildTable('pods', objs, { nowMs: NOW, includeObject: 'Object' }).rows[0]?.object).toBe(objs[0]);
    expect(buildTable('pods', objs, { nowMs: NOW, includeObject: 'None' }).rows[0]?.object).toBeUndefined();
    expect(parseIncludeObject('Object')).toBe('Object');
    expect(parseIncludeObject(null)).toBe('Metadata');
  });
  it('falls back to Name / Created At', () => {
    const t = buildTable('leases', [{ metadata: { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z' } }], { nowMs: NOW });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(t.rows[0]?.cells).toEqual(['x', '2026-01-01T00:00:00Z']);
  });
});
