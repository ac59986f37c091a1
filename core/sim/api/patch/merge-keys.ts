// Patch strategies for the lists of the served kinds: the `patchStrategy` / `patchMergeKey` struct tags
// of k8s.io/api v0.32 (core/v1/types.go, apps/v1/types.go, meta/v1/types.go), written out as rules on the
// field path. Lists without a rule are atomic: a patch replaces them (e.g. tolerations, args, envFrom).

export type ListStrategy =
  | { readonly kind: 'merge'; readonly key: string; readonly retainKeys?: boolean }
  | { readonly kind: 'mergePrimitive' }
  | { readonly kind: 'replace' };

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * `path` is the list of field names from the object root down to the list (array positions omitted),
 * e.g. ['spec','template','spec','containers','ports'].
 */
export function listStrategy(kind: string, path: readonly string[]): ListStrategy {
  const field = path[path.length - 1] ?? '';
  const parent = path[path.length - 2] ?? '';
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return { kind: 'merge', key: 'name' };
    case 'volumes':
      return { kind: 'merge', key: 'name', retainKeys: true };
    case 'env':
      return CONTAINER_LISTS.has(parent) ? { kind: 'merge', key: 'name' } : { kind: 'replace' };
    case 'ports':
      if (CONTAINER_LISTS.has(parent)) return { kind: 'merge', key: 'containerPort' };
      if (kind === 'Service' && path.length === 2 && parent === 'spec') return { kind: 'merge', key: 'port' };
      return { kind: 'replace' };
    case 'volumeMounts':
      return { kind: 'merge', key: 'mountPath' };
    case 'volumeDevices':
      return { kind: 'merge', key: 'devicePath' };
    case 'conditions':
      return parent === 'status' ? { kind: 'merge', key: 'type' } : { kind: 'replace' };
    case 'addresses':
      return kind === 'Node' && parent === 'status' ? { kind: 'merge', key: 'type' } : { kind: 'replace' };
    case 'podIPs':
    case 'hostIPs':
      return parent === 'status' ? { kind: 'merge', key: 'ip' } : { kind: 'replace' };
    case 'hostAliases':
      return { kind: 'merge', key: 'ip' };
    case 'topologySpreadConstraints':
      return { kind: 'merge', key: 'topologyKey' };
    case 'ownerReferences':
      return parent === 'metadata' ? { kind: 'merge', key: 'uid' } : { kind: 'replace' };
    case 'finalizers':
      return parent === 'metadata' ? { kind: 'mergePrimitive' } : { kind: 'replace' };
    default:
      return { kind: 'replace' };
  }
}

/** Maps whose `$patch`/`$retainKeys` handling uses the retainKeys strategy (upstream: volumes' sources, strategy). */
export function mapHasRetainKeys(path: readonly string[]): boolean {
  const field = path[path.length - 1] ?? '';
  return field === 'strategy' || field === 'updateStrategy';
}
