/**
 * The graph's input: plain Kubernetes objects exactly as the API returns them (list items or watch
 * objects), plus an optional traffic summary. The types are structural and minimal on purpose: the
 * graph must accept what client-node, the embedded simulator and a hand-written test fixture all
 * produce, so nothing here depends on a Kubernetes library and every field the API may omit is optional.
 */

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  resourceVersion?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
    values?: string[];
  }[];
}

export interface HttpGetAction {
  path?: string;
  port?: number | string;
}

export interface Probe {
  httpGet?: HttpGetAction;
  tcpSocket?: { port?: number | string };
  exec?: { command?: string[] };
  grpc?: { port?: number };
  failureThreshold?: number;
  periodSeconds?: number;
}

export interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
}

export interface EnvFromSource {
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
  prefix?: string;
}

export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  ports?: { containerPort: number; name?: string; protocol?: string }[];
}

export interface Volume {
  name: string;
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
  projected?: {
    sources?: {
      configMap?: { name?: string; optional?: boolean };
      secret?: { name?: string; optional?: boolean };
    }[];
  };
}

export interface PodSpec {
  nodeName?: string;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

export interface PodTemplateSpec {
  metadata?: { labels?: Labels; annotations?: Record<string, string> };
  spec?: PodSpec;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image?: string;
  started?: boolean;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown' | string;
    reason?: string;
    message?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    podIP?: string;
    startTime?: string;
  };
}

export interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    paused?: boolean;
    strategy?: {
      type?: 'RollingUpdate' | 'Recreate' | string;
      rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
    };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}

export interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplateSpec };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    fullyLabeledReplicas?: number;
    observedGeneration?: number;
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

export interface Service extends KubeObject {
  spec?: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName' | string;
    selector?: Labels;
    ports?: ServicePort[];
    clusterIP?: string;
  };
}

export interface EndpointConditions {
  /** The API says nil means "ready" (discovery.k8s.io/v1 EndpointConditions). */
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses?: string[];
  conditions?: EndpointConditions;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface KubeNode extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { key: string; effect: string; value?: string }[] };
  status?: {
    conditions?: Condition[];
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string };
  };
}

export interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

export interface MetricSpec {
  type: string;
  resource?: { name: string; target?: MetricTarget };
}

export interface MetricStatus {
  type: string;
  resource?: {
    name: string;
    current?: { averageUtilization?: number; averageValue?: string; value?: string };
  };
}

export interface HorizontalPodAutoscaler extends KubeObject {
  spec?: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: MetricSpec[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[];
    conditions?: Condition[];
    lastScaleTime?: string;
  };
}

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface Secret extends KubeObject {
  type?: string;
  /** Values are never copied into the graph: only key names are. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export interface KubeEvent extends KubeObject {
  involvedObject: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: 'Normal' | 'Warning' | string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
}

export interface TrafficRates {
  rps: number;
  /** 0..1 */
  errorRate: number;
}

export interface PodTraffic extends TrafficRates {
  version?: string;
}

export interface VersionTraffic extends TrafficRates {
  p50Ms: number;
  p95Ms: number;
}

export interface TrafficSummary {
  windowSeconds: number;
  perPod: Record<string, PodTraffic>;
  perService: Record<string, TrafficRates>;
  byVersion: Record<string, VersionTraffic>;
}

export interface GraphInput {
  deployments?: Deployment[];
  replicaSets?: ReplicaSet[];
  pods?: Pod[];
  services?: Service[];
  endpointSlices?: EndpointSlice[];
  nodes?: KubeNode[];
  hpas?: HorizontalPodAutoscaler[];
  configMaps?: ConfigMap[];
  secrets?: Secret[];
  events?: KubeEvent[];
  traffic?: TrafficSummary;
  /** Wall or virtual clock time in ms; used to judge how fresh events are. */
  now: number;
}
