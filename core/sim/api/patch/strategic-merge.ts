// Strategic merge patch, after the semantics of k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
// (`mergeMap`, `mergeSlice`, directives): written from the documented behaviour, not ported line by line.
// Supported: merge keys per field (merge-keys.ts), `null` deletes, `$patch: replace|delete|merge` on maps
// and list elements, `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`.
import { listStrategy, type ListStrategy } from './merge-keys.js';
import { PatchError } from './patch-error.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonMap = { [k: string]: Json };

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a strategic merge patch to `original` (not mutated) for an object of `kind`. */
export function strategicMergePatch(original: JsonMap, patch: Json, kind: string): JsonMap {
  if (!isMap(patch)) throw new PatchError(400, 'strategic merge patch body must be a JSON object');
  const merged = mergeMap(structuredClone(original), patch, kind, []);
  return merged ?? {};
}

/** Returns undefined when the map itself is deleted (`$patch: delete`). */
function mergeMap(original: JsonMap, patch: JsonMap, kind: string, path: string[]): JsonMap | undefined {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === 'delete') return undefined;
    if (directive === 'replace') return stripDirectives(withoutKey(patch, DIRECTIVE), kind, path) as JsonMap;
    if (directive !== 'merge') throw new PatchError(400, `Unknown patch type: ${String(directive)}`);
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw new PatchError(400, 'invalid $retainKeys: must be a list of strings');
    const keep = new Set(retain.map(String));
    for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
  }
  // Primitive-list deletions and element orders apply after the lists themselves are merged.
  const deferred: [string, Json][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS) continue;
    if (key.startsWith(SET_ORDER) || key.startsWith(DELETE_PRIMITIVE)) {
      deferred.push([key, value]);
      continue;
    }
    if (value === null) {
      delete original[key];
      continue;
    }
    const childPath = [...path, key];
    const current = original[key];
    if (isMap(value)) {
      const base = isMap(current) ? current : {};
      const merged = mergeMap(base, value, kind, childPath);
      if (merged === undefined) delete original[key];
      else original[key] = merged;
    } else if (Array.isArray(value)) {
      original[key] = mergeList(Array.isArray(current) ? current : [], value, kind, childPath);
    } else {
      original[key] = value;
    }
  }
  for (const [key, value] of deferred) {
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const list = original[field];
      if (!Array.isArray(value)) throw new PatchError(400, `invalid ${key}: must be a list`);
      if (Array.isArray(list)) original[field] = list.filter((item) => !value.some((d) => deepEqual(d, item)));
    } else {
      const field = key.slice(SET_ORDER.length);
      const list = original[field];
      if (!Array.isArray(value)) throw new PatchError(400, `invalid ${key}: must be a list`);
      if (Array.isArray(list)) original[field] = orderList(list, value, listStrategy(kind, [...path, field]));
    }
  }
  return original;
}

function withoutKey(m: JsonMap, key: string): JsonMap {
  const out = { ...m };
  delete out[key];
  return out;
}

/** A value taken wholesale from the patch must not carry directives or nulls into the stored object. */
function stripDirectives(value: Json, kind: string, path: string[]): Json {
  if (isMap(value)) {
    const merged = mergeMap({}, value, kind, path);
    return merged ?? {};
  }
  if (Array.isArray(value)) return mergeList([], value, kind, path);
  return value;
}

function mergeList(original: Json[], patch: Json[], kind: string, path: string[]): Json[] {
  const strategy = listStrategy(kind, path);
  if (strategy.kind === 'replace') {
    return patch.map((item) => (isMap(item) ? stripDirectives(item, kind, path) : item));
  }
  if (strategy.kind === 'mergePrimitive') {
    const out = [...original];
    for (const item of patch) if (!out.some((o) => deepEqual(o, item))) out.push(item);
    return out;
  }
  const key = strategy.key;
  // `{"$patch":"replace"}` as an element replaces the whole list with the remaining patch elements.
  if (patch.some((item) => isMap(item) && item[DIRECTIVE] === 'replace')) {
    return patch.filter((item) => !(isMap(item) && item[DIRECTIVE] !== undefined && Object.keys(item).length === 1)).map((item) => stripDirectives(item, kind, path));
  }
  const out = [...original];
  for (const item of patch) {
    if (!isMap(item)) {
      throw new PatchError(400, `unable to find api field in struct for the merge key "${key}" in list "${path.join('.')}"`);
    }
    const keyValue = item[key];
    if (item[DIRECTIVE] === 'delete') {
      for (let i = out.length - 1; i >= 0; i--) {
        const candidate = out[i];
        if (isMap(candidate) && deepEqual(candidate[key], keyValue)) out.splice(i, 1);
      }
      continue;
    }
    if (keyValue === undefined) {
      throw new PatchError(400, `map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    }
    const idx = out.findIndex((o) => isMap(o) && deepEqual(o[key], keyValue));
    const existing = idx >= 0 ? out[idx] : undefined;
    const merged = mergeMap(isMap(existing) ? existing : {}, item, kind, path);
    if (idx >= 0) {
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else if (merged !== undefined) {
      out.push(merged);
    }
  }
  return out;
}

/**
 * `$setElementOrder`: the listed elements come in the listed order; elements the order does not mention
 * (added by the server or another writer) keep their relative position after them.
 */
function orderList(list: Json[], order: Json[], strategy: ListStrategy): Json[] {
  const keyOf = (item: Json): Json => (strategy.kind === 'merge' && isMap(item) ? (item[strategy.key] ?? null) : item);
  const orderKeys = order.map((o) => (strategy.kind === 'merge' && isMap(o) ? (o[strategy.key] ?? null) : o));
  const ranked = list.map((item, i) => {
    const rank = orderKeys.findIndex((k) => deepEqual(k, keyOf(item)));
    return { item, rank: rank < 0 ? orderKeys.length + i : rank };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.item);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
