import { parseTime } from '../clock/virtual-clock.js';
import type { Condition, KubeObject, OwnerReference, Pod } from '../store/kube-types.js';

export function controllerRef(o: KubeObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function getCondition(conds: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conds?.find((c) => c.type === type);
}

/** podutil.IsPodReady */
export function isPodReady(p: Pod): boolean {
  return getCondition(p.status?.conditions, 'Ready')?.status === 'True';
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds (strictly before now). */
export function isPodAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  const c = getCondition(p.status?.conditions, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const t = parseTime(c.lastTransitionTime);
  return t !== undefined && t + minReadySeconds * 1000 < now;
}

/** resource.Quantity for cpu, in millicores. */
export function parseCpuMilli(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  if (typeof q === 'number') return Math.round(q * 1000);
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  const n = Number(q);
  return Number.isFinite(n) ? Math.round(n * 1000) : 0;
}

const MEM_SUFFIX: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** resource.Quantity for memory, in bytes. */
export function parseMemBytes(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  if (typeof q === 'number') return q;
  const m = q.match(/^([0-9.]+)([A-Za-z]*)$/);
  if (!m) return 0;
  const mult = m[2] ? (MEM_SUFFIX[m[2]] ?? 1) : 1;
  return Math.round(Number(m[1]) * mult);
}

export function podRequests(p: Pod): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of p.spec.containers) {
    cpu += parseCpuMilli(c.resources?.requests?.['cpu']);
    mem += parseMemBytes(c.resources?.requests?.['memory']);
  }
  return { cpu, mem };
}

export function nsName(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

export function splitNsName(key: string): [string, string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Order-insensitive structural equality for JSON-shaped data (reflect.DeepEqual on decoded JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  // Keys counted in place, not through Object.keys arrays: status writers compare on every flush.
  // JSON-shaped data has no inherited enumerable keys, so for-in sees the own keys only.
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let defined = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    if (!deepEqual(v, bo[k])) return false;
    defined++;
  }
  for (const k in bo) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/** JSON with sorted keys: a stable input for hashing. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}
