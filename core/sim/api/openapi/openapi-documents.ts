// Synthetic OpenAPI v3 (notes §6). kubectl's default `--validate=strict` only asks OpenAPI v3 whether a
// GVK's operations declare the `fieldValidation` query parameter (cli-runtime v0.32.4
// pkg/resource/query_param_verifier_v3.go); when they do, it skips client-side schema validation and
// lets the server enforce `fieldValidation=Strict`. `requestBody` is left out on purpose: with it, kubectl
// would build the apply patch from the (empty) v3 schemas and warn; without it, it falls back to its
// compiled-in Go types after a 404 on /openapi/v2 (kubectl v0.32.4 pkg/cmd/apply/patcher.go).
import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceInfo } from '../discovery/resource-registry.js';
import { servedGroupVersions } from '../discovery/discovery-documents.js';

type Json = Record<string, unknown>;

/** `api/v1` or `apis/{group}/{version}`: the key kubectl uses in the v3 index. */
export function openApiPathKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function basePath(r: ResourceInfo): string {
  return `/${openApiPathKey(r.group, r.version)}`;
}

function operation(r: ResourceInfo, action: string, verbPrefix: string): Json {
  const scope = r.namespaced ? 'Namespaced' : '';
  return {
    operationId: `${verbPrefix}${scope}${r.kind}`,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    'x-kubernetes-action': action,
    parameters: [
      { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
      { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ],
    responses: { '200': { description: 'OK' }, '201': { description: 'Created' } },
  };
}

/** The per-group-version document served at /openapi/v3/{api/v1|apis/g/v}. */
export function openApiGroupVersionDocument(group: string, version: string, kubeVersion = 'v1.32.0'): Json | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version && !r.computed);
  if (!resources.length) return undefined;
  const paths: Json = {};
  for (const r of resources) {
    const collection = r.namespaced ? `${basePath(r)}/namespaces/{namespace}/${r.resource}` : `${basePath(r)}/${r.resource}`;
    paths[collection] = { post: operation(r, 'post', 'create') };
    paths[`${collection}/{name}`] = {
      put: operation(r, 'put', 'replace'),
      patch: operation(r, 'patch', 'patch'),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: kubeVersion },
    paths,
    components: { schemas: {} },
  };
}

/** A content hash, so kubectl's HTTP cache (keyed on the URL) sees a new URL when the document changes. */
export function documentHash(doc: Json): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
}

/** The index served at /openapi/v3. */
export function openApiIndex(kubeVersion = 'v1.32.0'): Json {
  const paths: Json = {};
  for (const { group, version } of servedGroupVersions()) {
    const doc = openApiGroupVersionDocument(group, version, kubeVersion);
    if (!doc) continue;
    const key = openApiPathKey(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(doc)}` };
  }
  return { paths };
}

/** Resolves `/openapi/v3/...` path keys back to a group-version. */
export function parseOpenApiPathKey(key: string): { group: string; version: string } | undefined {
  const parts = key.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) return { group: '', version: parts[1] ?? '' };
  if (parts[0] === 'apis' && parts.length === 3) return { group: parts[1] ?? '', version: parts[2] ?? '' };
  return undefined;
}

