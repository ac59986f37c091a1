/**
 * createSimCluster: the embedded kind-like cluster. Wires the object store, the controllers, the
 * fake kubelets, traffic and faults onto one virtual clock and one seed.
 */
import { rfc3339, VirtualClock } from './clock/virtual-clock.js';
import { loadDefaultImageCatalog, type ImageCatalog } from './catalog/image-catalog.js';
import { DeploymentController } from './controllers/deployment.controller.js';
import { EndpointsController } from './controllers/endpoints.controller.js';
import { EventRecorder, type EventRecord } from './controllers/event-recorder.js';
import { HpaController } from './controllers/hpa.controller.js';
import { NodeLifecycleController } from './controllers/node-lifecycle.controller.js';
import { ReplicaSetController } from './controllers/replicaset.controller.js';
import { Scheduler } from './controllers/scheduler.controller.js';
import type { Controller, SimContext } from './controllers/sim-context.js';
import { FaultInjector } from './faults/fault-injector.js';
import { FaultState } from './kubelet/app-model.js';
import { FakeKubelet, nodeInternalIP, nodePodCIDR } from './kubelet/fake-kubelet.js';
import type { LogOptions } from './kubelet/log-buffer.js';
import { SeededRng } from './rng/seeded-rng.js';
import type { Node, Service } from './store/kube-types.js';
import { ObjectStore } from './store/object-store.js';
import { TrafficModel } from './traffic/traffic-model.js';
import { createSystemPods } from './system-pods.js';

export interface SimClusterOptions {
  seed?: number;
  /** Number of nodes, control plane included. Default 3 (one control plane, two workers). */
  nodes?: number;
  clock?: VirtualClock;
  catalog?: ImageCatalog;
  /** Allocatable cpu per node (Quantity). Default "4". */
  nodeCpu?: string;
  /** Allocatable memory per node (Quantity). Default "8Gi". */
  nodeMemory?: string;
  /** Max pods per node. Default 110. */
  maxPods?: number;
  clusterName?: string;
  /** Deep-freeze stored objects (tests): catches accidental mutation. */
  freezeObjects?: boolean;
  /** Watch history per resource. Default 5000. */
  historySize?: number;
  /** kind's kube-system pods (control plane, kube-proxy, kindnet, CoreDNS, local-path). Default true. */
  systemPods?: boolean;
}

export interface LogRequest extends LogOptions {
  container?: string;
  previous?: boolean;
}

export interface SimCluster {
  readonly store: ObjectStore;
  readonly clock: VirtualClock;
  readonly traffic: TrafficModel;
  readonly faults: FaultInjector;
  readonly catalog: ImageCatalog;
  readonly nodeNames: readonly string[];
  /** Moves virtual time forward, running every controller and kubelet step due. */
  advance(ms: number): void;
  /** Every event recorded so far (the trace used by determinism checks). */
  events(): readonly EventRecord[];
  onEvent(fn: (e: EventRecord) => void): () => void;
  /** Rendered like the kubelet's /containerLogs (text/plain; `timestamps` prefixes RFC3339Nano). */
  logs(namespace: string, pod: string, opts?: LogRequest): string;
  /** The same lines with their virtual timestamps. */
  logLines(namespace: string, pod: string, opts?: LogRequest): { time: number; text: string }[];
  /** `kubectl logs -f`: existing lines (per opts), then new ones until the container instance ends. */
  followLogs(namespace: string, pod: string, opts: LogRequest, onLine: (l: { time: number; text: string }) => void, onEnd: () => void): () => void;
  /** CPU millicores a pod uses now (the metrics-server view), or undefined when not running. */
  podCpu(namespace: string, pod: string): number | undefined;
  dispose(): void;
}

const KUBERNETES_VERSION = 'v1.32.2';

export function kindNodeNames(count: number, clusterName = 'deploy-lab'): string[] {
  const names = [`${clusterName}-control-plane`];
  for (let i = 1; i < count; i++) names.push(i === 1 ? `${clusterName}-worker` : `${clusterName}-worker${i}`);
  return names;
}

export function createSimCluster(opts: SimClusterOptions = {}): SimCluster {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? new VirtualClock();
  const rootRng = new SeededRng(seed);
  const catalog = opts.catalog ?? loadDefaultImageCatalog();
  const store = new ObjectStore({ clock, rng: rootRng.fork('store'), freeze: opts.freezeObjects, historySize: opts.historySize });
  const recorder = new EventRecorder(store, clock);
  const ctx = (label: string): SimContext => ({ store, clock, rng: rootRng.fork(label), recorder });
  const clusterName = opts.clusterName ?? 'deploy-lab';

  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const kubernetesSvc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], type: 'ClusterIP' },
  };
  store.create('services', kubernetesSvc);
  // The apiserver maintains these itself (no selector): the control plane's address on 6443.
  store.create('endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: nodeInternalIP(0) }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  store.create('endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [nodeInternalIP(0)], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });

  const faultState = new FaultState();
  const kubelet = new FakeKubelet(ctx('kubelet'), catalog, faultState);
  const names = kindNodeNames(Math.max(1, opts.nodes ?? 3), clusterName);
  const now = rfc3339(clock.now());
  names.forEach((name, i) => {
    const controlPlane = i === 0;
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: {
        podCIDR: nodePodCIDR(i),
        podCIDRs: [nodePodCIDR(i)],
        providerID: `kind://docker/${clusterName}/${name}`,
        // kind taints the control plane only when there are workers to run pods.
        ...(controlPlane && names.length > 1 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }] } : {}),
      },
      status: {
        capacity: { cpu: opts.nodeCpu ?? '4', memory: opts.nodeMemory ?? '8Gi', pods: String(opts.maxPods ?? 110), 'ephemeral-storage': '102626232Ki' },
        allocatable: { cpu: opts.nodeCpu ?? '4', memory: opts.nodeMemory ?? '8Gi', pods: String(opts.maxPods ?? 110), 'ephemeral-storage': '102626232Ki' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [
          { type: 'InternalIP', address: nodeInternalIP(i) },
          { type: 'Hostname', address: name },
        ],
        nodeInfo: {
          architecture: 'amd64',
          bootID: rootRng.uuid(),
          containerRuntimeVersion: 'containerd://1.7.24',
          kernelVersion: '6.8.0-deploy-lab',
          kubeProxyVersion: KUBERNETES_VERSION,
          kubeletVersion: KUBERNETES_VERSION,
          machineID: rootRng.uuid().replace(/-/g, ''),
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          systemUUID: rootRng.uuid(),
        },
        images: [],
      },
    };
    store.create('nodes', node);
    kubelet.registerNode(name, i);
  });

  const controllers: Controller[] = [
    kubelet,
    new Scheduler(ctx('scheduler')),
    new ReplicaSetController(ctx('replicaset')),
    new DeploymentController(ctx('deployment')),
    new EndpointsController(ctx('endpoints')),
    new NodeLifecycleController(ctx('nodelifecycle'), kubelet),
  ];
  if (opts.systemPods ?? true) createSystemPods(store, store.list('nodes').items);
  const hpa = new HpaController(ctx('hpa'), (uid) => kubelet.podCpuMilli(uid));
  controllers.push(hpa);
  const traffic = new TrafficModel(ctx('traffic'), kubelet);
  controllers.push(traffic);
  const faults = new FaultInjector(ctx('faults'), kubelet, faultState);

  // Event TTL sweep keeps long runs bounded (kube-apiserver --event-ttl=1h).
  let disposed = false;
  const sweep = (): void => {
    if (disposed) return;
    recorder.expire();
    clock.after(600_000, sweep);
  };
  clock.after(600_000, sweep);

  return {
    store,
    clock,
    traffic,
    faults,
    catalog,
    nodeNames: names,
    advance: (ms) => clock.advance(ms),
    events: () => recorder.records(),
    onEvent: (fn) => recorder.onRecord(fn),
    logs: (ns, pod, o = {}) => kubelet.logs(ns, pod, o),
    logLines: (ns, pod, o = {}) => kubelet.logLines(ns, pod, o),
    followLogs: (ns, pod, o, onLine, onEnd) => kubelet.followLogs(ns, pod, o, onLine, onEnd),
    podCpu: (ns, pod) => {
      const p = store.tryGet('pods', ns, pod);
      return p ? kubelet.podCpuMilli(p.metadata.uid!) : undefined;
    },
    dispose: () => {
      disposed = true;
      for (const c of controllers) c.dispose();
    },
  };
}
