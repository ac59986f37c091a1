/**
 * Server-side defaulting and validation, following pkg/apis/{core,apps,autoscaling}/v1/defaults.go,
 * plugin/pkg/admission/defaulttolerationseconds and pkg/apis/{core,apps}/validation. Only the rules a learner
 * is likely to hit are checked, but those produce the upstream field paths and messages.
 */
import {
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  invalid,
  type FieldError,
  type ApiError,
} from './api-error.js';
import { fromLabelSelector, matchesLabels } from './selectors.js';
import {
  RESOURCES,
  type Container,
  type Deployment,
  type HorizontalPodAutoscaler,
  type KubeObject,
  type Pod,
  type PodSpec,
  type PodTemplateSpec,
  type Probe,
  type ReplicaSet,
  type ResourceName,
  type Secret,
  type Service,
} from './kube-types.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const MSG_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export const DEFAULT_TOLERATION_SECONDS = 300;

// ---------------------------------------------------------------- defaults

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

function imageTag(image: string): string | undefined {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (image.includes('@')) return undefined;
  return colon > slash ? image.slice(colon + 1) : undefined;
}

function defaultContainer(c: Container): void {
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (!c.imagePullPolicy && typeof c.image === 'string') {
    // SetDefaults_Container: ":latest" or no tag -> Always, otherwise IfNotPresent.
    const tag = imageTag(c.image);
    c.imagePullPolicy = !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  // Requests default to limits when only limits are given.
  if (c.resources.limits) {
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
  }
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
}

function defaultTemplate(t: PodTemplateSpec | undefined): void {
  if (!t) return;
  t.metadata ??= {};
  // The apiserver serialises an unset template timestamp as null; `rollout undo` sends it back so.
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  if (t.spec) defaultPodSpec(t.spec);
}

export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of spec.containers ?? []) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || req[r] !== lim[r]) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export interface DefaultingContext {
  allocateClusterIP(): string;
  allocateNodePort(): number;
}

export function applyDefaults(resource: ResourceName, obj: KubeObject, ctx: DefaultingContext): void {
  const info = RESOURCES[resource];
  obj.apiVersion ||= info.group ? `${info.group}/${info.version}` : info.version;
  obj.kind ||= info.kind;
  switch (resource) {
    case 'deployments': {
      const d = obj as Deployment;
      if (!d.spec) return;
      d.spec.replicas ??= 1;
      d.spec.strategy ??= {};
      d.spec.strategy.type ??= 'RollingUpdate';
      if (d.spec.strategy.type === 'RollingUpdate') {
        d.spec.strategy.rollingUpdate ??= {};
        d.spec.strategy.rollingUpdate.maxSurge ??= '25%';
        d.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      d.spec.revisionHistoryLimit ??= 10;
      d.spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(d.spec.template);
      d.status ??= {};
      break;
    }
    case 'replicasets': {
      const rs = obj as ReplicaSet;
      if (!rs.spec) return;
      rs.spec.replicas ??= 1;
      defaultTemplate(rs.spec.template);
      rs.status ??= { replicas: 0 };
      break;
    }
    case 'pods': {
      const p = obj as Pod;
      if (!p.spec) return;
      defaultPodSpec(p.spec);
      p.spec.serviceAccountName ??= 'default';
      p.spec.enableServiceLinks ??= true;
      p.spec.priority ??= 0;
      p.spec.preemptionPolicy ??= 'PreemptLowerPriority';
      // DefaultTolerationSeconds admission plugin.
      const tol = (p.spec.tolerations ??= []);
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        if (!tol.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute')))
          tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
      }
      p.status = { phase: 'Pending', qosClass: qosClass(p.spec) };
      break;
    }
    case 'services': {
      const s = obj as Service;
      if (!s.spec) return;
      s.spec.type ??= 'ClusterIP';
      s.spec.sessionAffinity ??= 'None';
      if (s.spec.type !== 'ExternalName') {
        if (!s.spec.clusterIP) s.spec.clusterIP = ctx.allocateClusterIP();
        s.spec.clusterIPs ??= s.spec.clusterIP === 'None' ? ['None'] : [s.spec.clusterIP];
        s.spec.ipFamilies ??= ['IPv4'];
        s.spec.ipFamilyPolicy ??= 'SingleStack';
        s.spec.internalTrafficPolicy ??= 'Cluster';
      }
      for (const port of s.spec.ports ?? []) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
        if ((s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer') && !port.nodePort) port.nodePort = ctx.allocateNodePort();
      }
      if (s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer') s.spec.externalTrafficPolicy ??= 'Cluster';
      s.status ??= { loadBalancer: {} };
      break;
    }
    case 'horizontalpodautoscalers': {
      const h = obj as HorizontalPodAutoscaler;
      if (!h.spec) return;
      h.spec.minReplicas ??= 1;
      if (!h.spec.metrics || h.spec.metrics.length === 0)
        h.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
      if (h.spec.behavior) {
        // pkg/apis/autoscaling/v2/defaults.go
        const up = (h.spec.behavior.scaleUp ??= {});
        up.stabilizationWindowSeconds ??= 0;
        up.selectPolicy ??= 'Max';
        up.policies ??= [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ];
        const down = (h.spec.behavior.scaleDown ??= {});
        down.selectPolicy ??= 'Max';
        down.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
      }
      break;
    }
    case 'namespaces': {
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name ?? '' };
      obj.spec = { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active' };
      break;
    }
    case 'secrets': {
      const s = obj as Secret;
      s.type ??= 'Opaque';
      if (s.stringData) {
        s.data ??= {};
        for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(v, 'utf8').toString('base64');
        delete s.stringData;
      }
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------- validation

function validateName(resource: ResourceName, name: string | undefined, errs: FieldError[]): void {
  if (!name) {
    errs.push(fieldRequired('metadata.name', 'name or generateName is required'));
    return;
  }
  if (resource === 'services') {
    if (!DNS1035_LABEL.test(name) || name.length > 63) errs.push(fieldInvalid('metadata.name', name, MSG_1035));
  } else if (resource === 'namespaces') {
    if (!DNS1123_LABEL.test(name) || name.length > 63) errs.push(fieldInvalid('metadata.name', name, MSG_LABEL));
  } else if (resource === 'events') {
    // Event names carry a dotted hex suffix; any subdomain-like text is fine.
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    errs.push(fieldInvalid('metadata.name', name, MSG_SUBDOMAIN));
  }
}

function validateLabels(field: string, labels: Record<string, string> | undefined, errs: FieldError[]): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const slash = k.indexOf('/');
    const namePart = slash >= 0 ? k.slice(slash + 1) : k;
    const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
    if (!LABEL_KEY_NAME.test(namePart) || namePart.length > 63 || (prefix !== undefined && !DNS1123_SUBDOMAIN.test(prefix)))
      errs.push(
        fieldInvalid(
          field,
          k,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ),
      );
    if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v))
      errs.push(
        fieldInvalid(
          field,
          v,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
  }
}

function validateProbe(field: string, p: Probe | undefined, liveness: boolean, errs: FieldError[]): void {
  if (!p) return;
  const handlers = [p.httpGet, p.tcpSocket, p.exec, p.grpc].filter(Boolean).length;
  if (handlers === 0) errs.push(fieldRequired(field, 'must specify a handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    const v = p[k];
    if (v !== undefined && (typeof v !== 'number' || v < 0)) errs.push(fieldInvalid(`${field}.${k}`, v, 'must be greater than or equal to 0'));
  }
  if (liveness && p.successThreshold !== undefined && p.successThreshold !== 1)
    errs.push(fieldInvalid(`${field}.successThreshold`, p.successThreshold, 'must be 1'));
}

export function validatePodSpec(field: string, spec: PodSpec | undefined, errs: FieldError[], restartAlwaysOnly = false): void {
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    errs.push(fieldRequired(`${field}.containers`));
    return;
  }
  const names = new Set<string>();
  spec.containers.forEach((c, i) => {
    const cf = `${field}.containers[${i}]`;
    if (!c.name) errs.push(fieldRequired(`${cf}.name`));
    else if (!DNS1123_LABEL.test(c.name)) errs.push(fieldInvalid(`${cf}.name`, c.name, MSG_LABEL));
    else if (names.has(c.name)) errs.push({ type: 'FieldValueDuplicate', field: `${cf}.name`, detail: `Duplicate value: "${c.name}"` });
    if (c.name) names.add(c.name);
    if (!c.image || typeof c.image !== 'string' || c.image.trim() === '') errs.push(fieldRequired(`${cf}.image`));
    (c.ports ?? []).forEach((p, j) => {
      if (typeof p.containerPort !== 'number' || p.containerPort < 1 || p.containerPort > 65535)
        errs.push(fieldInvalid(`${cf}.ports[${j}].containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive'));
    });
    validateProbe(`${cf}.readinessProbe`, c.readinessProbe, false, errs);
    validateProbe(`${cf}.livenessProbe`, c.livenessProbe, true, errs);
    validateProbe(`${cf}.startupProbe`, c.startupProbe, true, errs);
  });
  if (spec.restartPolicy && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy))
    errs.push(fieldNotSupported(`${field}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']));
  else if (restartAlwaysOnly && spec.restartPolicy && spec.restartPolicy !== 'Always')
    errs.push(fieldNotSupported(`${field}.restartPolicy`, spec.restartPolicy, ['Always']));
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0)
    errs.push(fieldInvalid(`${field}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
}

function parsePercentOrInt(v: unknown): { pct: boolean; n: number } | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return { pct: false, n: v };
  if (typeof v === 'string') {
    const m = v.match(/^(\d+)%$/);
    if (m) return { pct: true, n: Number(m[1]) };
    if (/^\d+$/.test(v)) return { pct: false, n: Number(v) };
  }
  return undefined;
}

function goMap(m: Record<string, string> | undefined): string {
  return `map[string]string{${Object.entries(m ?? {})
    .map(([k, v]) => `"${k}":"${v}"`)
    .join(', ')}}`;
}

function validateWorkloadSpec(kind: 'Deployment' | 'ReplicaSet', obj: Deployment | ReplicaSet, old: Deployment | ReplicaSet | undefined, errs: FieldError[]): void {
  const spec = obj.spec;
  if (!spec || typeof spec !== 'object') {
    errs.push(fieldRequired('spec'));
    return;
  }
  if (spec.replicas !== undefined && (typeof spec.replicas !== 'number' || !Number.isInteger(spec.replicas) || spec.replicas < 0))
    errs.push(fieldInvalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!spec.selector) errs.push(fieldRequired('spec.selector'));
  else if (!spec.selector.matchLabels && !(spec.selector.matchExpressions ?? []).length)
    errs.push(fieldInvalid('spec.selector', 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}', `empty selector is invalid for ${kind.toLowerCase()}`));
  else {
    validateLabels('spec.selector.matchLabels', spec.selector.matchLabels, errs);
    const labels = spec.template?.metadata?.labels;
    if (!matchesLabels(fromLabelSelector(spec.selector), labels))
      errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', detail: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
  }
  if (!spec.template) errs.push(fieldRequired('spec.template'));
  else {
    validateLabels('spec.template.metadata.labels', spec.template.metadata?.labels, errs);
    validatePodSpec('spec.template.spec', spec.template.spec, errs, true);
  }
  if (spec.minReadySeconds !== undefined && spec.minReadySeconds < 0)
    errs.push(fieldInvalid('spec.minReadySeconds', spec.minReadySeconds, 'must be greater than or equal to 0'));
  if (old && old.spec?.selector && JSON.stringify(old.spec.selector) !== JSON.stringify(spec.selector))
    errs.push(fieldInvalid('spec.selector', spec.selector, 'field is immutable'));
  if (kind === 'Deployment') {
    const d = obj as Deployment;
    const st = d.spec.strategy;
    if (st?.type && st.type !== 'RollingUpdate' && st.type !== 'Recreate')
      errs.push(fieldNotSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
    if (st?.type === 'Recreate' && st.rollingUpdate)
      errs.push(fieldForbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
    if (st?.rollingUpdate) {
      const surge = parsePercentOrInt(st.rollingUpdate.maxSurge ?? '25%');
      const unav = parsePercentOrInt(st.rollingUpdate.maxUnavailable ?? '25%');
      if (!surge) errs.push(fieldInvalid('spec.strategy.rollingUpdate.maxSurge', st.rollingUpdate.maxSurge, 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')'));
      if (!unav) errs.push(fieldInvalid('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')'));
      if (unav && unav.pct && unav.n > 100) errs.push(fieldInvalid('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'must not be greater than 100%'));
      if (surge && unav && surge.n === 0 && unav.n === 0)
        errs.push(fieldInvalid('spec.strategy.rollingUpdate.maxUnavailable', st.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    if (d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds <= (d.spec.minReadySeconds ?? 0))
      errs.push(fieldInvalid('spec.progressDeadlineSeconds', d.spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    if (d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit < 0)
      errs.push(fieldInvalid('spec.revisionHistoryLimit', d.spec.revisionHistoryLimit, 'must be greater than or equal to 0'));
  }
}

/** Throws a 422 Invalid ApiError when obj is not acceptable. `old` is set for updates. */
export function validate(resource: ResourceName, obj: KubeObject, old?: KubeObject): void {
  const errs: FieldError[] = [];
  const info = RESOURCES[resource];
  validateName(resource, obj.metadata?.name, errs);
  validateLabels('metadata.labels', obj.metadata?.labels, errs);
  switch (resource) {
    case 'deployments':
      validateWorkloadSpec('Deployment', obj as Deployment, old as Deployment | undefined, errs);
      break;
    case 'replicasets':
      validateWorkloadSpec('ReplicaSet', obj as ReplicaSet, old as ReplicaSet | undefined, errs);
      break;
    case 'pods': {
      const p = obj as Pod;
      validatePodSpec('spec', p.spec, errs);
      if (old) {
        // Pod updates may change only images, tolerations (additions) and a few more (ValidatePodUpdate).
        const strip = (s: PodSpec | undefined): string =>
          JSON.stringify({ ...s, containers: (s?.containers ?? []).map((c) => ({ ...c, image: '' })), tolerations: undefined, nodeName: undefined });
        if (strip(p.spec) !== strip((old as Pod).spec))
          errs.push(fieldForbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
      }
      break;
    }
    case 'services': {
      const s = obj as Service;
      if (!s.spec) errs.push(fieldRequired('spec'));
      else {
        if (s.spec.type && !['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(s.spec.type))
          errs.push(fieldNotSupported('spec.type', s.spec.type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
        if (s.spec.type !== 'ExternalName' && (!s.spec.ports || s.spec.ports.length === 0)) errs.push(fieldRequired('spec.ports'));
        const ports = s.spec.ports ?? [];
        ports.forEach((p, i) => {
          if (typeof p.port !== 'number' || p.port < 1 || p.port > 65535)
            errs.push(fieldInvalid(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
          if (ports.length > 1 && !p.name) errs.push(fieldRequired(`spec.ports[${i}].name`));
          if (typeof p.targetPort === 'number' && (p.targetPort < 1 || p.targetPort > 65535))
            errs.push(fieldInvalid(`spec.ports[${i}].targetPort`, p.targetPort, 'must be between 1 and 65535, inclusive'));
        });
        validateLabels('spec.selector', s.spec.selector, errs);
        const oldSvc = old as Service | undefined;
        if (oldSvc?.spec?.clusterIP && s.spec.clusterIP && oldSvc.spec.clusterIP !== s.spec.clusterIP)
          errs.push(fieldInvalid('spec.clusterIPs[0]', s.spec.clusterIP, 'may not change once set'));
      }
      break;
    }
    case 'horizontalpodautoscalers': {
      const h = obj as HorizontalPodAutoscaler;
      if (!h.spec) errs.push(fieldRequired('spec'));
      else {
        if (!h.spec.scaleTargetRef?.kind) errs.push(fieldRequired('spec.scaleTargetRef.kind'));
        if (!h.spec.scaleTargetRef?.name) errs.push(fieldRequired('spec.scaleTargetRef.name'));
        if (h.spec.minReplicas !== undefined && h.spec.minReplicas < 1)
          errs.push(fieldInvalid('spec.minReplicas', h.spec.minReplicas, 'must be greater than or equal to 1'));
        if (typeof h.spec.maxReplicas !== 'number' || h.spec.maxReplicas < 1)
          errs.push(fieldInvalid('spec.maxReplicas', h.spec.maxReplicas, 'must be greater than 0'));
        else if (h.spec.maxReplicas < (h.spec.minReplicas ?? 1))
          errs.push(fieldInvalid('spec.maxReplicas', h.spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
      }
      break;
    }
    default:
      break;
  }
  if (errs.length > 0) throw invalid(info.kind, info.group, obj.metadata?.name ?? '', errs) as ApiError;
}
