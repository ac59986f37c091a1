// The four PATCH content types of the apiserver (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
// JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch, and server-side apply.
// Server-side apply is approximated: no managedFields / field ownership; the applied configuration is
// merged like a strategic merge patch and missing objects are created (notes §6 says kubectl only needs
// `serverside-applied`).
import jsonpatch, { type Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { PatchError } from './patch-error.js';
import { strategicMergePatch, type Json, type JsonMap } from './strategic-merge.js';

export { PatchError } from './patch-error.js';
export { strategicMergePatch, deepEqual } from './strategic-merge.js';
export type { Json, JsonMap } from './strategic-merge.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new PatchError(400, `error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** RFC 7386 JSON merge patch. */
export function jsonMergePatch(original: Json, patch: Json): Json {
  if (!isMap(patch)) return structuredClone(patch);
  const out: JsonMap = isMap(original) ? structuredClone(original) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k] ?? null, v);
  }
  return out;
}

/** RFC 6902 JSON patch: 400 for a malformed patch document, 422 when an operation fails (incl. `test`). */
export function applyJsonPatch(original: JsonMap, ops: Json): JsonMap {
  if (!Array.isArray(ops)) throw new PatchError(400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  for (const op of ops) {
    if (!isMap(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new PatchError(400, 'invalid JSON patch operation: each operation needs "op" and "path"');
    }
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) throw new PatchError(400, `Unexpected kind: ${op.op}`);
  }
  const doc = structuredClone(original);
  try {
    const result = jsonpatch.applyPatch(doc, ops as unknown as Operation[], true, true, true);
    const out = result.newDocument as unknown;
    if (!isMap(out)) throw new PatchError(422, 'the patch replaced the whole object with a non-object');
    return out;
  } catch (err) {
    if (err instanceof PatchError) throw err;
    throw new PatchError(422, jsonPatchMessage(err));
  }
}

/** Messages in the style of evanphx/json-patch, which the apiserver returns verbatim. */
function jsonPatchMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'name' in err) {
    const e = err as { name: string; operation?: { op?: string; path?: string }; message?: string };
    const path = e.operation?.path ?? '';
    if (e.name === 'TEST_OPERATION_FAILED') return `testing value ${path} failed: test failed`;
    if (e.name === 'OPERATION_PATH_UNRESOLVABLE') return `${e.operation?.op ?? 'replace'} operation does not apply: doc is missing path: "${path}": missing value`;
    if (e.name === 'OPERATION_PATH_CANNOT_ADD') return `add operation does not apply: doc is missing path: "${path}": missing value`;
    if (e.name === 'OPERATION_FROM_UNRESOLVABLE') return `move operation does not apply: doc is missing from path: "${path}": missing value`;
    return (e.message ?? e.name).split('\n')[0] ?? e.name;
  }
  return String(err);
}

/** Parses an apply-patch+yaml body: kubectl sends JSON text, people send YAML. */
export function parseApplyBody(text: string): JsonMap {
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new PatchError(400, `error decoding YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isMap(value)) throw new PatchError(400, 'apply patch body must be an object');
  return value;
}

/**
 * Applies a patch body of `type` to `original` (absent: only allowed for apply, which then creates).
 * Returns the new object; never mutates `original`.
 */
export function applyPatch(type: PatchType, original: JsonMap | undefined, body: string, kind: string): JsonMap {
  switch (type) {
    case 'json':
      if (!original) throw new PatchError(422, 'json patch needs an existing object');
      return applyJsonPatch(original, parseJson(body));
    case 'merge': {
      const patch = parseJson(body);
      if (!isMap(patch)) throw new PatchError(400, 'merge patch body must be a JSON object');
      return jsonMergePatch(original ?? {}, patch) as JsonMap;
    }
    case 'strategic':
      return strategicMergePatch(original ?? {}, parseJson(body), kind);
    case 'apply': {
      const applied = parseApplyBody(body);
      return original ? strategicMergePatch(original, applied, kind) : applied;
    }
  }
}
