/**
 * What `kubectl get pods -A` shows on a fresh kind cluster (kind v0.27, node image v1.32.2):
 * control-plane static pods (mirror pods owned by the Node), kube-proxy and kindnet on every node
 * (DaemonSet pods; DaemonSets themselves are not simulated), CoreDNS with the kube-dns Service,
 * and the local-path provisioner. Their images are preloaded, so they start without a pull.
 */
import type { Container, Deployment, Node, Pod, Toleration } from './store/kube-types.js';
import type { ObjectStore } from './store/object-store.js';

const VERSION = 'v1.32.2';
const KINDNET = 'docker.io/kindest/kindnetd:v20250214-acbabc1a';
const CRITICAL_NODE = { priorityClassName: 'system-node-critical', priority: 2000001000 };
const CRITICAL_CLUSTER = { priorityClassName: 'system-cluster-critical', priority: 2000000000 };

function container(name: string, image: string, extra: Partial<Container> = {}): Container {
  return { name, image, ...extra };
}

function staticPod(node: Node, component: string, image: string, requestsCpu: string): Pod {
  const name = node.metadata.name!;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${component}-${name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: { 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.hash': component.length.toString(16).padStart(32, '0') },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid!, controller: true }],
    },
    spec: {
      nodeName: name,
      hostNetwork: true,
      ...CRITICAL_NODE,
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
      containers: [container(component, image, { resources: { requests: { cpu: requestsCpu } } })],
    },
  };
}

function daemonPod(store: ObjectStore, node: Node, prefix: string, labels: Record<string, string>, c: Container): void {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: `${prefix}-`, namespace: 'kube-system', labels: { ...labels, 'controller-revision-hash': '7f9b8c6d5', 'pod-template-generation': '1' } },
    spec: {
      nodeName: node.metadata.name!,
      hostNetwork: true,
      ...CRITICAL_NODE,
      tolerations: [{ operator: 'Exists' }],
      containers: [c],
    },
  };
  store.create('pods', pod, { owned: true });
}

function addon(name: string, namespace: string, labels: Record<string, string>, replicas: number, c: Container, tolerations: Toleration[]): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { ...CRITICAL_CLUSTER, tolerations, containers: [c] } },
    },
  };
}

export function createSystemPods(store: ObjectStore, nodes: Node[]): void {
  const cp = nodes[0];
  if (!cp) return;
  store.create('pods', staticPod(cp, 'etcd', 'registry.k8s.io/etcd:3.5.16-0', '100m'), { owned: true });
  store.create('pods', staticPod(cp, 'kube-apiserver', `registry.k8s.io/kube-apiserver:${VERSION}`, '250m'), { owned: true });
  store.create('pods', staticPod(cp, 'kube-controller-manager', `registry.k8s.io/kube-controller-manager:${VERSION}`, '200m'), { owned: true });
  store.create('pods', staticPod(cp, 'kube-scheduler', `registry.k8s.io/kube-scheduler:${VERSION}`, '100m'), { owned: true });
  for (const n of nodes) {
    daemonPod(store, n, 'kindnet', { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' }, container('kindnet-cni', KINDNET, { resources: { requests: { cpu: '100m', memory: '50Mi' }, limits: { cpu: '100m', memory: '50Mi' } } }));
    daemonPod(store, n, 'kube-proxy', { 'k8s-app': 'kube-proxy' }, container('kube-proxy', `registry.k8s.io/kube-proxy:${VERSION}`));
  }
  const controlPlaneToleration: Toleration = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
  store.create(
    'deployments',
    addon(
      'coredns',
      'kube-system',
      { 'k8s-app': 'kube-dns' },
      2,
      container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.3', {
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
        resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
      }),
      [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, controlPlaneToleration],
    ),
  );
  store.create('services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
    spec: {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
    },
  });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } });
  store.create(
    'deployments',
    addon('local-path-provisioner', 'local-path-storage', { app: 'local-path-provisioner' }, 1, container('local-path-provisioner', 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a'), [
      controlPlaneToleration,
      { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
    ]),
  );
}
