// The one table of resources the simulated apiserver serves. Discovery (aggregated and legacy), routing,
// OpenAPI and Table rendering all read it, so a resource exists everywhere or nowhere.
// Verbs, short names and categories follow what a v1.32 apiserver advertises (`kubectl api-resources -o wide`).

export interface SubresourceInfo {
  readonly name: 'status' | 'scale' | 'log';
  /** Kind returned by the subresource; scale answers autoscaling/v1 Scale (notes §7 pitfall 4). */
  readonly responseKind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly verbs: readonly string[];
}

export interface ResourceInfo {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly resource: string; // plural, lower case
  readonly singular: string;
  readonly kind: string;
  readonly listKind: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly subresources: readonly SubresourceInfo[];
  /**
   * Key of the store collection that holds these objects. Two group-versions can share one collection
   * (autoscaling v1 and v2 HPAs, core and events.k8s.io Events); the API layer converts at the edge.
   */
  readonly storage: string;
  /** The group-version the store keeps objects in; other versions of the same storage convert. */
  readonly storageVersion: string;
  /**
   * Read-only resources computed on request rather than stored (metrics.k8s.io, what metrics-server serves
   * to `kubectl top`). They are in discovery but not in OpenAPI.
   */
  readonly computed: boolean;
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const STATUS_VERBS = ['get', 'patch', 'update'] as const;

function status(group: string, version: string, kind: string): SubresourceInfo {
  return { name: 'status', responseKind: { group, version, kind }, verbs: STATUS_VERBS };
}
const SCALE: SubresourceInfo = {
  name: 'scale',
  responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  verbs: STATUS_VERBS,
};

interface Row {
  g: string;
  v: string;
  r: string;
  k: string;
  ns: boolean;
  short?: string[];
  cat?: string[];
  verbs?: readonly string[];
  sub?: SubresourceInfo[];
  storage?: string;
  storageVersion?: string;
  computed?: boolean;
}

const ROWS: Row[] = [
  { g: '', v: 'v1', r: 'namespaces', k: 'Namespace', ns: false, short: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], sub: [status('', 'v1', 'Namespace')] },
  { g: '', v: 'v1', r: 'nodes', k: 'Node', ns: false, short: ['no'], sub: [status('', 'v1', 'Node')] },
  {
    g: '',
    v: 'v1',
    r: 'pods',
    k: 'Pod',
    ns: true,
    short: ['po'],
    cat: ['all'],
    sub: [status('', 'v1', 'Pod'), { name: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] }],
  },
  { g: '', v: 'v1', r: 'services', k: 'Service', ns: true, short: ['svc'], cat: ['all'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], sub: [status('', 'v1', 'Service')] },
  { g: '', v: 'v1', r: 'endpoints', k: 'Endpoints', ns: true, short: ['ep'] },
  { g: '', v: 'v1', r: 'configmaps', k: 'ConfigMap', ns: true, short: ['cm'] },
  { g: '', v: 'v1', r: 'secrets', k: 'Secret', ns: true },
  { g: '', v: 'v1', r: 'events', k: 'Event', ns: true, short: ['ev'], storage: 'events', storageVersion: 'v1' },
  { g: 'apps', v: 'v1', r: 'deployments', k: 'Deployment', ns: true, short: ['deploy'], cat: ['all'], sub: [SCALE, status('apps', 'v1', 'Deployment')] },
  { g: 'apps', v: 'v1', r: 'replicasets', k: 'ReplicaSet', ns: true, short: ['rs'], cat: ['all'], sub: [SCALE, status('apps', 'v1', 'ReplicaSet')] },
  {
    g: 'autoscaling',
    v: 'v2',
    r: 'horizontalpodautoscalers',
    k: 'HorizontalPodAutoscaler',
    ns: true,
    short: ['hpa'],
    cat: ['all'],
    sub: [status('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
    storageVersion: 'autoscaling/v2',
  },
  {
    g: 'autoscaling',
    v: 'v1',
    r: 'horizontalpodautoscalers',
    k: 'HorizontalPodAutoscaler',
    ns: true,
    short: ['hpa'],
    cat: ['all'],
    sub: [status('autoscaling', 'v1', 'HorizontalPodAutoscaler')],
    storageVersion: 'autoscaling/v2',
  },
  { g: 'discovery.k8s.io', v: 'v1', r: 'endpointslices', k: 'EndpointSlice', ns: true },
  { g: 'events.k8s.io', v: 'v1', r: 'events', k: 'Event', ns: true, short: ['ev'], storage: 'events', storageVersion: 'v1' },
  // Self reviews answer for the one lab user, so `kubectl auth can-i` and `kubectl auth whoami` work.
  { g: 'authentication.k8s.io', v: 'v1', r: 'selfsubjectreviews', k: 'SelfSubjectReview', ns: false, verbs: ['create'], storage: 'selfsubjectreviews', computed: true },
  // kubectl 1.27 `auth whoami` only knows the beta version.
  { g: 'authentication.k8s.io', v: 'v1beta1', r: 'selfsubjectreviews', k: 'SelfSubjectReview', ns: false, verbs: ['create'], storage: 'selfsubjectreviews', computed: true },
  { g: 'authorization.k8s.io', v: 'v1', r: 'selfsubjectaccessreviews', k: 'SelfSubjectAccessReview', ns: false, verbs: ['create'], storage: 'selfsubjectaccessreviews', computed: true },
  { g: 'authorization.k8s.io', v: 'v1', r: 'selfsubjectrulesreviews', k: 'SelfSubjectRulesReview', ns: false, verbs: ['create'], storage: 'selfsubjectrulesreviews', computed: true },
  { g: 'metrics.k8s.io', v: 'v1beta1', r: 'nodes', k: 'NodeMetrics', ns: false, verbs: ['get', 'list'], storage: 'nodes', computed: true },
  { g: 'metrics.k8s.io', v: 'v1beta1', r: 'pods', k: 'PodMetrics', ns: true, verbs: ['get', 'list'], storage: 'pods', computed: true },
];

export const RESOURCES: readonly ResourceInfo[] = ROWS.map((row) => ({
  group: row.g,
  version: row.v,
  resource: row.r,
  singular: row.k.toLowerCase(),
  kind: row.k,
  listKind: `${row.k}List`,
  namespaced: row.ns,
  shortNames: row.short ?? [],
  categories: row.cat ?? [],
  verbs: row.verbs ?? CRUD,
  subresources: row.sub ?? [],
  storage: row.storage ?? row.r,
  storageVersion: row.storageVersion ?? groupVersion(row.g, row.v),
  computed: row.computed ?? false,
}));

export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function apiVersionOf(info: ResourceInfo): string {
  return groupVersion(info.group, info.version);
}

/** Finds the resource served at /api/v1/{resource} or /apis/{group}/{version}/{resource}. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** Finds by kind, preferring the first (preferred) version, for bodies that name only apiVersion/kind. */
export function findResourceByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

export interface GroupVersions {
  readonly group: string;
  readonly versions: readonly string[]; // preference order
}

/** Groups (core first) with their versions in preference order, as discovery lists them. */
export function servedGroups(): GroupVersions[] {
  const out: { group: string; versions: string[] }[] = [];
  for (const r of RESOURCES) {
    let entry = out.find((g) => g.group === r.group);
    if (!entry) {
      entry = { group: r.group, versions: [] };
      out.push(entry);
    }
    if (!entry.versions.includes(r.version)) entry.versions.push(r.version);
  }
  return out;
}

export function resourcesIn(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}
