// Known fields per kind, for `fieldValidation=Strict` (kubectl's default for apply/create/patch since 1.27).
// The apiserver decodes strictly into the Go types and reports every unknown field as
// `strict decoding error: unknown field "spec.template.spec.containers[0].imagee"`
// (k8s.io/apimachinery pkg/runtime/serializer/json strict decoding). These tables list the JSON field names of
// k8s.io/api v0.32 for the served kinds; subtrees marked ANY (status blocks, volume sources, probes' less
// common handlers, security contexts, affinity) are accepted without checking, so a valid object is never
// rejected even where the table is shallow.

const ANY = 'any' as const;
type FieldSchema = typeof ANY | Schema | readonly [FieldSchema];
interface Schema {
  readonly [field: string]: FieldSchema;
}

function fields(names: string): Record<string, typeof ANY> {
  return Object.fromEntries(names.split(/\s+/).filter(Boolean).map((n) => [n, ANY]));
}

const OWNER_REF: Schema = fields('apiVersion kind name uid controller blockOwnerDeletion');
const OBJECT_META: Schema = {
  ...fields('name generateName namespace selfLink uid resourceVersion generation creationTimestamp deletionTimestamp deletionGracePeriodSeconds labels annotations finalizers managedFields'),
  ownerReferences: [OWNER_REF],
};
const LABEL_SELECTOR: Schema = { matchLabels: ANY, matchExpressions: [fields('key operator values')] };
const KEY_SELECTOR: Schema = fields('name key optional');
const ENV_VAR: Schema = {
  name: ANY,
  value: ANY,
  valueFrom: { fieldRef: fields('apiVersion fieldPath'), resourceFieldRef: fields('containerName resource divisor'), configMapKeyRef: KEY_SELECTOR, secretKeyRef: KEY_SELECTOR },
};
const ENV_FROM: Schema = { prefix: ANY, configMapRef: fields('name optional'), secretRef: fields('name optional') };
const PROBE: Schema = {
  ...fields('initialDelaySeconds timeoutSeconds periodSeconds successThreshold failureThreshold terminationGracePeriodSeconds'),
  exec: fields('command'),
  httpGet: { ...fields('path port host scheme'), httpHeaders: [fields('name value')] },
  tcpSocket: fields('port host'),
  grpc: fields('port service'),
};
const CONTAINER: Schema = {
  ...fields(
    'name image command args workingDir imagePullPolicy terminationMessagePath terminationMessagePolicy stdin stdinOnce tty restartPolicy resizePolicy lifecycle securityContext volumeDevices',
  ),
  ports: [fields('name hostPort containerPort protocol hostIP')],
  env: [ENV_VAR],
  envFrom: [ENV_FROM],
  resources: fields('limits requests claims'),
  volumeMounts: [fields('name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr')],
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
};
const POD_SPEC: Schema = {
  ...fields(
    'restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID hostIPC shareProcessNamespace securityContext hostname subdomain affinity schedulerName priorityClassName priority dnsConfig runtimeClassName enableServiceLinks preemptionPolicy overhead setHostnameAsFQDN os hostUsers resources',
  ),
  volumes: [ANY],
  imagePullSecrets: [ANY],
  tolerations: [fields('key operator value effect tolerationSeconds')],
  hostAliases: [ANY],
  readinessGates: [fields('conditionType')],
  topologySpreadConstraints: [ANY],
  schedulingGates: [ANY],
  resourceClaims: [ANY],
  ephemeralContainers: [ANY],
  containers: [CONTAINER],
  initContainers: [CONTAINER],
};
const POD_TEMPLATE: Schema = { metadata: OBJECT_META, spec: POD_SPEC };
const BASE: Schema = { apiVersion: ANY, kind: ANY, metadata: OBJECT_META, status: ANY };

const DEPLOYMENT: Schema = {
  ...BASE,
  spec: {
    ...fields('replicas minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds'),
    selector: LABEL_SELECTOR,
    template: POD_TEMPLATE,
    strategy: { type: ANY, rollingUpdate: fields('maxUnavailable maxSurge') },
  },
};
const REPLICA_SET: Schema = { ...BASE, spec: { ...fields('replicas minReadySeconds'), selector: LABEL_SELECTOR, template: POD_TEMPLATE } };
const SERVICE: Schema = {
  ...BASE,
  spec: {
    ...fields(
      'selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy trafficDistribution',
    ),
    ports: [fields('name protocol appProtocol port targetPort nodePort')],
  },
};
const METRIC_TARGET: Schema = fields('type value averageValue averageUtilization');
const HPA_V2: Schema = {
  ...BASE,
  spec: {
    ...fields('minReplicas maxReplicas behavior'),
    scaleTargetRef: fields('kind name apiVersion'),
    metrics: [
      {
        type: ANY,
        resource: { name: ANY, target: METRIC_TARGET },
        containerResource: { name: ANY, container: ANY, target: METRIC_TARGET },
        pods: { metric: ANY, target: METRIC_TARGET },
        object: { describedObject: ANY, metric: ANY, target: METRIC_TARGET },
        external: { metric: ANY, target: METRIC_TARGET },
      },
    ],
  },
};
const HPA_V1_SPEC: Schema = { ...fields('minReplicas maxReplicas targetCPUUtilizationPercentage'), scaleTargetRef: fields('kind name apiVersion') };

const SCHEMAS: Readonly<Record<string, Schema>> = {
  Deployment: DEPLOYMENT,
  ReplicaSet: REPLICA_SET,
  Pod: { ...BASE, spec: POD_SPEC },
  Service: SERVICE,
  ConfigMap: { ...BASE, ...fields('data binaryData immutable') },
  Secret: { ...BASE, ...fields('data stringData type immutable') },
  Namespace: { ...BASE, spec: fields('finalizers') },
  Node: { ...BASE, spec: { ...fields('podCIDR podCIDRs providerID unschedulable configSource externalID'), taints: [fields('key value effect timeAdded')] } },
  Endpoints: { ...BASE, subsets: [{ addresses: [ANY], notReadyAddresses: [ANY], ports: [ANY] }] },
  EndpointSlice: { ...BASE, addressType: ANY, endpoints: [ANY], ports: [ANY] },
  HorizontalPodAutoscaler: HPA_V2,
  Event: {
    ...BASE,
    ...fields(
      'involvedObject reason message source firstTimestamp lastTimestamp count type eventTime series action related reportingComponent reportingInstance regarding note reportingController deprecatedSource deprecatedFirstTimestamp deprecatedLastTimestamp deprecatedCount',
    ),
  },
};

function walk(schema: FieldSchema, value: unknown, path: string, out: string[]): void {
  if (schema === ANY || value === null || typeof value !== 'object') return;
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) return;
    const item = (schema as readonly [FieldSchema])[0];
    value.forEach((v, i) => walk(item, v, `${path}[${i}]`, out));
    return;
  }
  if (Array.isArray(value)) return;
  const s = schema as Schema;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // Strategic-merge directives are part of the patch language, not fields.
    if (key.startsWith('$')) continue;
    const child = s[key];
    const childPath = path ? `${path}.${key}` : key;
    if (child === undefined) out.push(childPath);
    else walk(child, v, childPath, out);
  }
}

/**
 * Field paths of `obj` that the kind does not have, in the apiserver's notation. `hpaV1` switches the HPA
 * spec to autoscaling/v1 fields. Unknown kinds are not checked.
 */
export function findUnknownFields(kind: string, obj: Record<string, unknown>, apiVersion?: string): string[] {
  let schema = SCHEMAS[kind];
  if (!schema) return [];
  const av = apiVersion ?? (typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined);
  if (kind === 'HorizontalPodAutoscaler' && av === 'autoscaling/v1') schema = { ...BASE, spec: HPA_V1_SPEC };
  const out: string[] = [];
  walk(schema, obj, '', out);
  return out;
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function walkTypes(schema: FieldSchema, value: unknown, path: string, out: string[]): void {
  if (schema === ANY || value === null || value === undefined) return;
  if (Array.isArray(schema)) {
    if (!Array.isArray(value)) {
      out.push(`json: cannot unmarshal ${jsonType(value)} into Go struct field ${path || 'object'} of type []`);
      return;
    }
    const item = (schema as readonly [FieldSchema])[0];
    value.forEach((v, i) => walkTypes(item, v, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.push(`json: cannot unmarshal ${jsonType(value)} into Go struct field ${path || 'object'} of type object`);
    return;
  }
  const s = schema as Schema;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const child = s[key];
    if (child !== undefined) walkTypes(child, v, path ? `${path}.${key}` : key, out);
  }
}

/**
 * Structural type errors (an object where a list belongs, a string where a struct belongs), which the
 * apiserver's JSON decoding rejects with 400 before any validation. Keeps malformed objects out of the
 * simulator, whose controllers assume the Go shapes.
 */
export function findTypeErrors(kind: string, obj: Record<string, unknown>, apiVersion?: string): string[] {
  let schema = SCHEMAS[kind];
  if (!schema) return [];
  const av = apiVersion ?? (typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined);
  if (kind === 'HorizontalPodAutoscaler' && av === 'autoscaling/v1') schema = { ...BASE, spec: HPA_V1_SPEC };
  const out: string[] = [];
  walkTypes(schema, obj, '', out);
  return out;
}

/** Kinds whose Go type has a non-pointer `spec` struct: decoding always yields at least `spec: {}`. */
const KINDS_WITH_SPEC = new Set(['Deployment', 'ReplicaSet', 'Pod', 'Service', 'Namespace', 'Node', 'HorizontalPodAutoscaler']);

/** Fills the zero values a Go decode would produce for missing top-level structs. */
export function applyStructDefaults(kind: string, obj: Record<string, unknown>): void {
  if (KINDS_WITH_SPEC.has(kind) && (obj.spec === undefined || obj.spec === null)) obj.spec = {};
}

function prune(schema: FieldSchema, value: unknown): void {
  if (schema === ANY || value === null || typeof value !== 'object') return;
  if (Array.isArray(schema)) {
    if (Array.isArray(value)) for (const v of value) prune((schema as readonly [FieldSchema])[0], v);
    return;
  }
  if (Array.isArray(value)) return;
  const s = schema as Schema;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const child = s[key];
    if (child === undefined) delete obj[key];
    else prune(child, obj[key]);
  }
}

/**
 * Drops fields the kind does not have, in place, as decoding into the Go types does when
 * fieldValidation is Warn or Ignore: unknown fields are never stored.
 */
export function pruneUnknownFields(kind: string, obj: Record<string, unknown>, apiVersion?: string): void {
  let schema = SCHEMAS[kind];
  if (!schema) return;
  const av = apiVersion ?? (typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined);
  if (kind === 'HorizontalPodAutoscaler' && av === 'autoscaling/v1') schema = { ...BASE, spec: HPA_V1_SPEC };
  prune(schema, obj);
}
