// Discovery documents for /api and /apis in both shapes kubectl understands. client-go picks the parser by the
// response Content-Type, not the body (client-go v0.32.4 discovery/discovery_client.go `downloadAPIs`), so the
// aggregated form must go out with exactly AGGREGATED_DISCOVERY_CONTENT_TYPE (notes §2, pitfall 3).
import { RESOURCES, groupVersion, resourcesIn, servedGroups, type ResourceInfo } from './resource-registry.js';

export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const AGGREGATED_V2BETA1_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

type Json = Record<string, unknown>;

function aggregatedResource(r: ResourceInfo): Json {
  const out: Json = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs],
  };
  if (r.shortNames.length) out.shortNames = [...r.shortNames];
  if (r.categories.length) out.categories = [...r.categories];
  if (r.subresources.length) {
    out.subresources = r.subresources.map((s) => ({ subresource: s.name, responseKind: { ...s.responseKind }, verbs: [...s.verbs] }));
  }
  return out;
}

function aggregatedGroup(group: string, versions: readonly string[]): Json {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resourcesIn(group, version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** `GET /api` (legacy = false) or `GET /apis` aggregated: an APIGroupDiscoveryList. */
export function aggregatedDiscovery(which: 'api' | 'apis', apiVersion: 'v2' | 'v2beta1' = 'v2'): Json {
  const groups = servedGroups().filter((g) => (which === 'api' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => aggregatedGroup(g.group, g.versions)),
  };
}

/**
 * Which aggregated discovery version the Accept header asks for, if any. kubectl 1.27 to 1.33 all list v2
 * (1.27 also lists v2beta1 first); v2 wins when both are acceptable.
 */
export function wantsAggregatedDiscovery(accept: string | undefined): { version: 'v2' | 'v2beta1'; contentType: string } | undefined {
  if (!accept) return undefined;
  const parts = accept.split(',').map((p) => p.replace(/\s+/g, ''));
  const hit = (v: string) =>
    parts.some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes(`v=${v};`) && p.includes('as=APIGroupDiscoveryList')) ||
    parts.some((p) => p.includes('g=apidiscovery.k8s.io') && p.endsWith(`v=${v}`) && p.includes('as=APIGroupDiscoveryList'));
  if (hit('v2')) return { version: 'v2', contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE };
  if (hit('v2beta1')) return { version: 'v2beta1', contentType: AGGREGATED_V2BETA1_CONTENT_TYPE };
  return undefined;
}

/** Legacy `GET /api`: APIVersions. */
export function legacyApiVersions(serverAddress: string): Json {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** Legacy `GET /apis`: APIGroupList. */
export function legacyApiGroupList(): Json {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups()
      .filter((g) => g.group !== '')
      .map((g) => legacyApiGroup(g.group, g.versions)),
  };
}

function legacyApiGroup(group: string, versions: readonly string[]): Json {
  const first = versions[0] ?? 'v1';
  return {
    name: group,
    versions: versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${group}/${first}`, version: first },
  };
}

/** `GET /apis/{group}`: one APIGroup, or undefined when the group is not served. */
export function legacyApiGroupDocument(group: string): Json | undefined {
  const g = servedGroups().find((x) => x.group === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...legacyApiGroup(g.group, g.versions) } : undefined;
}

/** Legacy `GET /api/v1` or `GET /apis/{g}/{v}`: APIResourceList, subresources as `parent/sub` rows. */
export function legacyApiResourceList(group: string, version: string): Json | undefined {
  const resources = resourcesIn(group, version);
  if (!resources.length) return undefined;
  const rows: Json[] = [];
  for (const r of resources) {
    const row: Json = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
    };
    if (r.shortNames.length) row.shortNames = [...r.shortNames];
    if (r.categories.length) row.categories = [...r.categories];
    rows.push(row);
    for (const s of r.subresources) {
      const sub: Json = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.responseKind.kind, verbs: [...s.verbs] };
      if (s.responseKind.group !== r.group || s.responseKind.version !== r.version) {
        sub.group = s.responseKind.group;
        sub.version = s.responseKind.version;
      }
      rows.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: rows };
}

export interface VersionInfo {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly gitCommit: string;
  readonly gitTreeState: string;
  readonly buildDate: string;
  readonly goVersion: string;
  readonly compiler: string;
  readonly platform: string;
}

/**
 * `GET /version`. The gcloud kubectl dispatcher reads `minor` and execs kubectl.1.<minor> (notes §0), so the
 * minor decides which kubectl a learner's `kubectl` becomes. Default 32.
 */
export function versionInfo(minor = 32): VersionInfo {
  return {
    major: '1',
    minor: String(minor),
    gitVersion: `v1.${minor}.0`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** Every distinct group-version served, for OpenAPI and routing tables. */
export function servedGroupVersions(): { group: string; version: string }[] {
  const seen = new Set<string>();
  const out: { group: string; version: string }[] = [];
  for (const r of RESOURCES) {
    const key = groupVersion(r.group, r.version);
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ group: r.group, version: r.version });
    }
  }
  return out;
}
