// Field tables for the protobuf request bodies kubectl's typed clients send (client-go >= 0.32 sets
// PrefersProtobuf for built-in types; see notes §5.3). The numbers are the published field numbers of
// k8s.io/api v0.32 generated.proto (notes Appendix A), written out here by hand: only the messages that
// `kubectl create deployment|configmap|secret|namespace|service` and `kubectl autoscale` can emit, plus a few
// neighbours (probes, env sources) so that a hand-built body does not silently lose common fields.

/** How one field's value is turned into JSON. */
export type FieldKind =
  | 'string'
  | 'int' // int32 / int64 varint
  | 'bool'
  | 'bytes' // base64 in JSON, like encoding/json does for []byte
  | 'time' // metav1.Time {1 seconds, 2 nanos}; seconds == 0 is null
  | 'intOrString' // intstr.IntOrString {1 type, 2 intVal, 3 strVal}
  | 'quantity' // resource.Quantity {1 string}
  | 'message';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  /** Message name for kind 'message' (and for the values of a message-valued map). */
  readonly message?: string;
  readonly repeated?: boolean;
  /** map<string, V>: repeated entries {1: key, 2: value}; `kind` describes V. */
  readonly map?: boolean;
  /**
   * A Go pointer field (`*int32`, `*bool`, `*string`): the wire carries it only when set, so an explicit zero
   * is meaningful and is kept. Non-pointer scalars are always marshalled by gogo-protobuf, so their zero
   * values stand for "omitted" and are dropped to match JSON `omitempty`.
   */
  readonly pointer?: boolean;
  /** Go struct embedded with `json:",inline"` (Probe.ProbeHandler): its fields are merged into the parent. */
  readonly inline?: boolean;
}

export type MessageSchema = Readonly<Record<number, FieldSpec>>;

function f(name: string, kind: FieldKind, extra: Omit<FieldSpec, 'name' | 'kind'> = {}): FieldSpec {
  return { name, kind, ...extra };
}
function msg(name: string, message: string, extra: Omit<FieldSpec, 'name' | 'kind' | 'message'> = {}): FieldSpec {
  return { name, kind: 'message', message, ...extra };
}
const stringMap = { map: true } as const;

export const MESSAGES: Readonly<Record<string, MessageSchema>> = {
  Unknown: { 1: msg('typeMeta', 'TypeMeta'), 2: f('raw', 'bytes'), 3: f('contentEncoding', 'string'), 4: f('contentType', 'string') },
  TypeMeta: { 1: f('apiVersion', 'string'), 2: f('kind', 'string') },
  ObjectMeta: {
    1: f('name', 'string'),
    2: f('generateName', 'string'),
    3: f('namespace', 'string'),
    4: f('selfLink', 'string'),
    5: f('uid', 'string'),
    6: f('resourceVersion', 'string'),
    7: f('generation', 'int'),
    8: f('creationTimestamp', 'time'),
    9: f('deletionTimestamp', 'time', { pointer: true }),
    10: f('deletionGracePeriodSeconds', 'int', { pointer: true }),
    11: f('labels', 'string', stringMap),
    12: f('annotations', 'string', stringMap),
    13: msg('ownerReferences', 'OwnerReference', { repeated: true }),
    14: f('finalizers', 'string', { repeated: true }),
    // 17 managedFields: never meaningful in a create body; skipped.
  },
  OwnerReference: {
    5: f('apiVersion', 'string'),
    1: f('kind', 'string'),
    3: f('name', 'string'),
    4: f('uid', 'string'),
    6: f('controller', 'bool', { pointer: true }),
    7: f('blockOwnerDeletion', 'bool', { pointer: true }),
  },
  LabelSelector: {
    1: f('matchLabels', 'string', stringMap),
    2: msg('matchExpressions', 'LabelSelectorRequirement', { repeated: true }),
  },
  LabelSelectorRequirement: { 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', { repeated: true }) },

  Deployment: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'DeploymentSpec'), 3: msg('status', 'Opaque') },
  DeploymentSpec: {
    1: f('replicas', 'int', { pointer: true }),
    2: msg('selector', 'LabelSelector'),
    3: msg('template', 'PodTemplateSpec'),
    4: msg('strategy', 'DeploymentStrategy'),
    5: f('minReadySeconds', 'int'),
    6: f('revisionHistoryLimit', 'int', { pointer: true }),
    7: f('paused', 'bool'),
    9: f('progressDeadlineSeconds', 'int', { pointer: true }),
  },
  DeploymentStrategy: { 1: f('type', 'string'), 2: msg('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: f('maxUnavailable', 'intOrString'), 2: f('maxSurge', 'intOrString') },
  PodTemplateSpec: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodSpec: {
    1: msg('volumes', 'Opaque', { repeated: true }),
    2: msg('containers', 'Container', { repeated: true }),
    20: msg('initContainers', 'Container', { repeated: true }),
    3: f('restartPolicy', 'string'),
    4: f('terminationGracePeriodSeconds', 'int', { pointer: true }),
    5: f('activeDeadlineSeconds', 'int', { pointer: true }),
    6: f('dnsPolicy', 'string'),
    7: f('nodeSelector', 'string', stringMap),
    8: f('serviceAccountName', 'string'),
    10: f('nodeName', 'string'),
    11: f('hostNetwork', 'bool'),
    15: msg('imagePullSecrets', 'LocalObjectReference', { repeated: true }),
    16: f('hostname', 'string'),
    19: f('schedulerName', 'string'),
    22: msg('tolerations', 'Toleration', { repeated: true }),
    28: msg('readinessGates', 'PodReadinessGate', { repeated: true }),
  },
  LocalObjectReference: { 1: f('name', 'string') },
  PodReadinessGate: { 1: f('conditionType', 'string') },
  Toleration: {
    1: f('key', 'string'),
    2: f('operator', 'string'),
    3: f('value', 'string'),
    4: f('effect', 'string'),
    5: f('tolerationSeconds', 'int', { pointer: true }),
  },
  Container: {
    1: f('name', 'string'),
    2: f('image', 'string'),
    3: f('command', 'string', { repeated: true }),
    4: f('args', 'string', { repeated: true }),
    5: f('workingDir', 'string'),
    6: msg('ports', 'ContainerPort', { repeated: true }),
    7: msg('env', 'EnvVar', { repeated: true }),
    19: msg('envFrom', 'EnvFromSource', { repeated: true }),
    8: msg('resources', 'ResourceRequirements'),
    9: msg('volumeMounts', 'VolumeMount', { repeated: true }),
    10: msg('livenessProbe', 'Probe'),
    11: msg('readinessProbe', 'Probe'),
    22: msg('startupProbe', 'Probe'),
    12: msg('lifecycle', 'Opaque'),
    13: f('terminationMessagePath', 'string'),
    20: f('terminationMessagePolicy', 'string'),
    14: f('imagePullPolicy', 'string'),
    15: msg('securityContext', 'Opaque'),
    16: f('stdin', 'bool'),
    17: f('stdinOnce', 'bool'),
    18: f('tty', 'bool'),
    24: f('restartPolicy', 'string', { pointer: true }),
  },
  ContainerPort: {
    1: f('name', 'string'),
    2: f('hostPort', 'int'),
    3: f('containerPort', 'int'),
    4: f('protocol', 'string'),
    5: f('hostIP', 'string'),
  },
  EnvVar: { 1: f('name', 'string'), 2: f('value', 'string'), 3: msg('valueFrom', 'EnvVarSource') },
  EnvVarSource: {
    1: msg('fieldRef', 'ObjectFieldSelector'),
    3: msg('configMapKeyRef', 'KeySelector'),
    4: msg('secretKeyRef', 'KeySelector'),
  },
  ObjectFieldSelector: { 1: f('apiVersion', 'string'), 2: f('fieldPath', 'string') },
  // ConfigMapKeySelector / SecretKeySelector share a shape: 1 LocalObjectReference (inline), 2 key, 3 optional.
  KeySelector: {
    1: msg('localObjectReference', 'LocalObjectReference', { inline: true }),
    2: f('key', 'string'),
    3: f('optional', 'bool', { pointer: true }),
  },
  EnvFromSource: { 1: f('prefix', 'string'), 2: msg('configMapRef', 'NamedRef'), 3: msg('secretRef', 'NamedRef') },
  NamedRef: {
    1: msg('localObjectReference', 'LocalObjectReference', { inline: true }),
    2: f('optional', 'bool', { pointer: true }),
  },
  ResourceRequirements: {
    1: f('limits', 'quantity', stringMap),
    2: f('requests', 'quantity', stringMap),
    3: msg('claims', 'Opaque', { repeated: true }),
  },
  VolumeMount: {
    1: f('name', 'string'),
    2: f('readOnly', 'bool'),
    3: f('mountPath', 'string'),
    4: f('subPath', 'string'),
  },
  Probe: {
    1: msg('handler', 'ProbeHandler', { inline: true }),
    2: f('initialDelaySeconds', 'int'),
    3: f('timeoutSeconds', 'int'),
    4: f('periodSeconds', 'int'),
    5: f('successThreshold', 'int'),
    6: f('failureThreshold', 'int'),
    7: f('terminationGracePeriodSeconds', 'int', { pointer: true }),
  },
  ProbeHandler: { 1: msg('exec', 'ExecAction'), 2: msg('httpGet', 'HTTPGetAction'), 3: msg('tcpSocket', 'TCPSocketAction') },
  ExecAction: { 1: f('command', 'string', { repeated: true }) },
  HTTPGetAction: { 1: f('path', 'string'), 2: f('port', 'intOrString'), 3: f('host', 'string'), 4: f('scheme', 'string') },
  TCPSocketAction: { 1: f('port', 'intOrString'), 2: f('host', 'string') },

  ConfigMap: {
    1: msg('metadata', 'ObjectMeta'),
    2: f('data', 'string', stringMap),
    3: f('binaryData', 'bytes', stringMap),
    4: f('immutable', 'bool', { pointer: true }),
  },
  Secret: {
    1: msg('metadata', 'ObjectMeta'),
    2: f('data', 'bytes', stringMap),
    3: f('type', 'string'),
    4: f('stringData', 'string', stringMap),
    5: f('immutable', 'bool', { pointer: true }),
  },
  Namespace: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'NamespaceSpec'), 3: msg('status', 'Opaque') },
  NamespaceSpec: { 1: f('finalizers', 'string', { repeated: true }) },
  Service: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'ServiceSpec'), 3: msg('status', 'Opaque') },
  ServiceSpec: {
    1: msg('ports', 'ServicePort', { repeated: true }),
    2: f('selector', 'string', stringMap),
    3: f('clusterIP', 'string'),
    18: f('clusterIPs', 'string', { repeated: true }),
    4: f('type', 'string'),
    5: f('externalIPs', 'string', { repeated: true }),
    7: f('sessionAffinity', 'string'),
    10: f('externalName', 'string'),
    11: f('externalTrafficPolicy', 'string'),
    13: f('publishNotReadyAddresses', 'bool'),
    17: f('ipFamilyPolicy', 'string', { pointer: true }),
    19: f('ipFamilies', 'string', { repeated: true }),
    22: f('internalTrafficPolicy', 'string', { pointer: true }),
  },
  ServicePort: {
    1: f('name', 'string'),
    2: f('protocol', 'string'),
    6: f('appProtocol', 'string', { pointer: true }),
    3: f('port', 'int'),
    4: f('targetPort', 'intOrString'),
    5: f('nodePort', 'int'),
  },
  HorizontalPodAutoscaler: {
    1: msg('metadata', 'ObjectMeta'),
    2: msg('spec', 'HorizontalPodAutoscalerSpec'),
    3: msg('status', 'Opaque'),
  },
  HorizontalPodAutoscalerSpec: {
    1: msg('scaleTargetRef', 'CrossVersionObjectReference'),
    2: f('minReplicas', 'int', { pointer: true }),
    3: f('maxReplicas', 'int'),
    4: f('targetCPUUtilizationPercentage', 'int', { pointer: true }),
  },
  CrossVersionObjectReference: { 1: f('kind', 'string'), 2: f('name', 'string'), 3: f('apiVersion', 'string') },
  // Status blocks and messages outside the tables: the server ignores them on create, so their content is
  // skipped; the empty object is kept because Go marshals non-pointer structs (`"status":{}`).
  Opaque: {},
};

/** Top-level message per `apiVersion/kind` of the runtime.Unknown envelope. */
export const ROOT_MESSAGES: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': 'Deployment',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/Namespace': 'Namespace',
  'v1/Service': 'Service',
  'autoscaling/v1/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
};
