// The Kubernetes REST surface of the embedded cluster: routes every path kubectl 1.27-1.33 and
// @kubernetes/client-node use (notes §1, §3) onto the simulator's store. Pure request handling: the HTTP
// listener, the clock driver and the kubeconfig live in core/sim/serve.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parsePath, type Route } from './api-paths.js';
import type { ApiStore, ScaleObject, SimClusterPort, StoreDeleteOptions, StoreObject } from './cluster-port.js';
import { fromStorageVersion, toStorageVersion } from './conversion/version-conversion.js';
import {
  aggregatedDiscovery,
  legacyApiGroupDocument,
  legacyApiGroupList,
  legacyApiResourceList,
  legacyApiVersions,
  versionInfo,
  wantsAggregatedDiscovery,
} from './discovery/discovery-documents.js';
import { apiVersionOf, type ResourceInfo } from './discovery/resource-registry.js';
import { wantsTable } from './http/content-negotiation.js';
import { parseQuery, storeListOptions, type QueryOptions } from './http/query-options.js';
import { errorToStatus, JSON_TYPE, sendJson, sendStatus } from './http/responses.js';
import { isMap } from './handlers/handler-context.js';
import { handleLabRequest } from './handlers/lab-control.handler.js';
import { handleMetricsRequest } from './handlers/metrics.handler.js';
import { handlePodLog } from './handlers/pod-log.handler.js';
import { handleSelfReview } from './handlers/self-review.handler.js';
import { decodeBody, parseJsonObject, readBody } from './http/request-body.js';
import { openWatchStream, type WatchStream } from './http/watch-stream.js';
import { openApiGroupVersionDocument, openApiIndex, parseOpenApiPathKey } from './openapi/openapi-documents.js';
import { openApiV2Json, openApiV2Protobuf } from './openapi/openapi-v2.js';
import { applyPatch, type JsonMap } from './patch/apply-patch.js';
import {
  badRequest,
  failure,
  internalError,
  isStatus,
  methodNotAllowed,
  pathNotFound,
  StatusError,
  unauthorized,
} from './status.js';
import { buildTable, parseIncludeObject, TABLE_CONTENT_TYPE } from './tables/table-builder.js';
import { applyStructDefaults, findTypeErrors, findUnknownFields, pruneUnknownFields } from './validation/known-fields.js';

export interface ApiServerOptions {
  readonly cluster: SimClusterPort;
  /** Bearer token every request except /version and health checks must carry; undefined disables auth. */
  readonly token?: string;
  /** Minor version reported by /version (the kubectl dispatcher picks kubectl.1.<minor>). Default 32. */
  readonly kubeVersion?: number;
  readonly log?: (line: string) => void;
  /** Entries kept in the request log ring. Default 500. */
  readonly requestLogSize?: number;
  /** host:port for the legacy /api document. */
  readonly serverAddress?: string;
}

export interface RequestLogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

export interface ApiServer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Most recent requests, oldest first (bounded). */
  requestLog(): RequestLogEntry[];
  /** Graceful deletions accepted through the API whose objects still exist (clients are waiting on them). */
  pendingDeletions(): number;
  activeWatches(): number;
  /** Ends every open watch and log stream. */
  close(): void;
}

type Obj = Record<string, unknown>;

/**
 * The endpointslice controller always sets `ports[].name` (to "" for an unnamed port): it is a *string in Go.
 * kubectl 1.32 `describe svc` dereferences it (describe.go formatEndpointSlices) and panics when it is
 * absent, so the API fills the defaults in case the simulator left them out.
 */
function normalizeEndpointSlice(slice: Obj): Obj {
  if (!Array.isArray(slice.ports) || slice.ports.every((p) => isMap(p) && typeof p.name === 'string' && typeof p.protocol === 'string')) return slice;
  return {
    ...slice,
    ports: slice.ports.map((p) => (isMap(p) ? { ...p, name: typeof p.name === 'string' ? p.name : '', protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' } : p)),
  };
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { cluster } = options;
  const store: ApiStore = cluster.store;
  const minor = options.kubeVersion ?? 32;
  const kubeGitVersion = `v1.${minor}.0`;
  const logSize = options.requestLogSize ?? 500;
  const log: RequestLogEntry[] = [];
  const watches = new Set<WatchStream>();
  const logStreams = new Set<ServerResponse>();
  const pendingDeletes = new Map<string, { resource: string; namespace: string | undefined; name: string; uid: string | undefined }>();

  function record(entry: RequestLogEntry): void {
    log.push(entry);
    if (log.length > logSize) log.splice(0, log.length - logSize);
    options.log?.(`${entry.method} ${entry.path} ${entry.status} ${entry.ms.toFixed(1)}ms`);
  }

  /** Stored object -> the group-version the client addressed, with apiVersion/kind always set. */
  function present(info: ResourceInfo, obj: StoreObject | Obj): Obj {
    const out = fromStorageVersion(apiVersionOf(info), info.kind, obj as Obj);
    return info.kind === 'EndpointSlice' ? normalizeEndpointSlice(out) : out;
  }

  /** Client body -> storage form for the store. */
  function toStorage(info: ResourceInfo, obj: Obj): StoreObject {
    const typeErrors = findTypeErrors(info.kind, obj, apiVersionOf(info));
    if (typeErrors.length) {
      throw new StatusError(badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${typeErrors[0] ?? ''}`));
    }
    const withType = { ...obj, apiVersion: apiVersionOf(info), kind: info.kind };
    pruneUnknownFields(info.kind, withType, apiVersionOf(info));
    applyStructDefaults(info.kind, withType);
    const stored = toStorageVersion(apiVersionOf(info), info.kind, withType);
    stored.apiVersion = info.storageVersion;
    stored.kind = info.kind;
    if (!isMap(stored.metadata)) throw new StatusError(badRequest('Object metadata is required'));
    return stored as StoreObject;
  }

  function checkTypeMeta(info: ResourceInfo, obj: Obj): void {
    const av = obj.apiVersion;
    const kind = obj.kind;
    if (kind !== undefined && kind !== info.kind) {
      throw new StatusError(badRequest(`the API version in the data (${String(av)}) does not match the expected API version (${apiVersionOf(info)})`));
    }
    if (av !== undefined && av !== apiVersionOf(info)) {
      throw new StatusError(badRequest(`the API version in the data (${String(av)}) does not match the expected API version (${apiVersionOf(info)})`));
    }
  }

  function checkNamespace(route: Extract<Route, { type: 'resource' }>, obj: Obj): void {
    if (!isMap(obj.metadata)) obj.metadata = {};
    const meta = obj.metadata as Obj;
    if (!route.info.namespaced) {
      delete meta.namespace;
      return;
    }
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== route.namespace) {
      throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    meta.namespace = route.namespace;
  }

  /**
   * fieldValidation: Strict rejects unknown fields (400), Warn (the apiserver default) answers with one
   * `Warning: 299` header per field, which kubectl prints as `Warning: unknown field "spec.foo"`.
   */
  function strictCheck(res: ServerResponse, info: ResourceInfo, obj: Obj, query: QueryOptions, verb: 'create' | 'update' | 'patch'): void {
    if (query.fieldValidation === 'Ignore') return;
    const unknown = findUnknownFields(info.kind, obj, apiVersionOf(info));
    if (!unknown.length) return;
    if (query.fieldValidation === 'Warn') {
      res.setHeader(
        'Warning',
        unknown.map((f) => `299 - ${JSON.stringify(`unknown field "${f}"`)}`),
      );
      return;
    }
    const detail = `strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`;
    const message = verb === 'patch' ? detail : `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${detail}`;
    throw new StatusError(badRequest(message));
  }

  function trackDeletion(info: ResourceInfo, obj: StoreObject): void {
    if (!obj.metadata.deletionTimestamp) return;
    const key = `${info.storage}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
    pendingDeletes.set(key, { resource: info.storage, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '', uid: obj.metadata.uid });
  }

  // ---------------------------------------------------------------- resources

  async function handleResource(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const method = req.method ?? 'GET';
    const { info } = route;
    if (info.computed && info.group === 'metrics.k8s.io') return handleMetricsRequest({ store, cluster }, req, res, route, query);
    if (info.computed) return handleSelfReview(req, res, route);
    if (route.subresource === 'log') return handlePodLog({ store, cluster, logStreams }, req, res, route, query);
    if (route.subresource === 'scale') return handleScale(req, res, route, query);
    if (route.subresource === 'status') return handleStatusSubresource(req, res, route, query);
    if (route.name === undefined) {
      if (method === 'GET') return query.watch ? handleWatch(req, res, route, query) : handleList(req, res, route, query);
      if (method === 'POST') return handleCreate(req, res, route, query);
      if (method === 'DELETE') return handleDeleteCollection(res, route, query);
      throw new StatusError(methodNotAllowed(method, info.group, info.resource));
    }
    switch (method) {
      case 'GET':
        if (query.watch) {
          return handleWatch(req, res, { ...route, name: undefined }, { ...query, fieldSelector: joinSelector(query.fieldSelector, `metadata.name=${route.name}`) });
        }
        return sendObject(req, res, info, store.get(info.storage, route.namespace, route.name), query, 200);
      case 'PUT':
        return handleUpdate(req, res, route, query);
      case 'PATCH':
        return handlePatch(req, res, route, query, undefined);
      case 'DELETE':
        return handleDelete(req, res, route, query);
      default:
        throw new StatusError(methodNotAllowed(method, info.group, info.resource));
    }
  }

  function joinSelector(a: string | undefined, b: string): string {
    return a ? `${a},${b}` : b;
  }

  function sendObject(req: IncomingMessage, res: ServerResponse, info: ResourceInfo, obj: StoreObject, query: QueryOptions, code: number): void {
    const out = present(info, obj);
    if (wantsTable(req.headers.accept)) {
      const table = buildTable(info.resource, [out], {
        nowMs: cluster.clock.now(),
        includeObject: parseIncludeObject(query.includeObject),
        resourceVersion: typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined,
      });
      sendJson(res, code, table, TABLE_CONTENT_TYPE);
      return;
    }
    sendJson(res, code, out);
  }

  function handleList(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): void {
    const { info } = route;
    const result = store.list(info.storage, storeListOptions(route.namespace, query));
    const items = result.items.map((o) => present(info, o));
    if (wantsTable(req.headers.accept)) {
      const table = buildTable(info.resource, items, {
        nowMs: cluster.clock.now(),
        includeObject: parseIncludeObject(query.includeObject),
        resourceVersion: result.resourceVersion,
      });
      sendJson(res, 200, table, TABLE_CONTENT_TYPE);
      return;
    }
    sendJson(res, 200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: result.resourceVersion }, items });
  }

  function handleWatch(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): void {
    const { info } = route;
    const table = wantsTable(req.headers.accept);
    const includeObject = parseIncludeObject(query.includeObject);
    const encode = (obj: StoreObject, first: boolean): unknown => {
      const out = present(info, obj);
      if (!table) return out;
      const rv = typeof obj.metadata.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined;
      return buildTable(info.resource, [out], { nowMs: cluster.clock.now(), includeObject, resourceVersion: rv, omitColumns: !first });
    };
    // Subscribe before answering: a bad selector or a too-old resourceVersion is then a plain 400/410 Status
    // (the store parses and checks both), and the initial/replayed events are buffered until headers are out.
    const out: { stream?: WatchStream } = {};
    let first = true;
    const pending: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: StoreObject }[] = [];
    const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: StoreObject) => {
      if (!out.stream) {
        pending.push({ type, object: obj });
        return;
      }
      // Runs inside the store's commit: never let an encoding problem escape into the simulator.
      try {
        out.stream.send(type, encode(obj, first));
        first = false;
      } catch (err) {
        options.log?.(`watch encode failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    const watchOpts: { namespace?: string; labelSelector?: string; fieldSelector?: string; resourceVersion?: string } = storeListOptions(route.namespace, query);
    if (query.resourceVersion !== undefined) watchOpts.resourceVersion = query.resourceVersion;
    const unsubscribe = store.watch(info.storage, watchOpts, (e) => emit(e.type, e.object));
    const opened = openWatchStream(res, {
      contentType: table ? TABLE_CONTENT_TYPE : JSON_TYPE,
      ...(query.timeoutSeconds !== undefined ? { timeoutMs: query.timeoutSeconds * 1000 } : {}),
      ...(query.allowWatchBookmarks
        ? {
            bookmarkIntervalMs: 30_000,
            bookmark: () => ({ kind: info.kind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: store.resourceVersion() } }),
          }
        : {}),
      onClose: () => {
        watches.delete(opened);
        unsubscribe();
      },
    });
    watches.add(opened);
    out.stream = opened;
    for (const e of pending.splice(0)) emit(e.type, e.object);
  }

  async function readObject(req: IncomingMessage): Promise<Obj> {
    const decoded = decodeBody(req.method ?? 'POST', req.headers['content-type'], await readBody(req));
    if (decoded.kind !== 'object') throw new StatusError(badRequest('expected an object body'));
    return decoded.value;
  }

  async function handleCreate(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const { info } = route;
    if (info.namespaced && route.namespace === undefined) throw new StatusError(methodNotAllowed('POST', info.group, info.resource));
    const body = await readObject(req);
    checkTypeMeta(info, body);
    checkNamespace(route, body);
    strictCheck(res, info, body, query, 'create');
    const created = store.create(info.storage, toStorage(info, body), { dryRun: query.dryRun });
    sendJson(res, 201, present(info, created));
  }

  async function handleUpdate(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const { info } = route;
    const body = await readObject(req);
    checkTypeMeta(info, body);
    checkNamespace(route, body);
    const meta = body.metadata as Obj;
    if (meta.name === undefined || meta.name === '') meta.name = route.name;
    if (meta.name !== route.name) {
      throw new StatusError(badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${String(route.name)})`));
    }
    strictCheck(res, info, body, query, 'update');
    const updated = store.update(info.storage, toStorage(info, body), { dryRun: query.dryRun }) as StoreObject;
    sendJson(res, 200, present(info, updated));
  }

  async function readPatch(req: IncomingMessage): Promise<{ type: 'json' | 'merge' | 'strategic' | 'apply'; text: string }> {
    const decoded = decodeBody('PATCH', req.headers['content-type'], await readBody(req));
    if (decoded.kind !== 'patch') throw new StatusError(badRequest('expected a patch body'));
    return decoded;
  }

  function patchStrictCheck(res: ServerResponse, info: ResourceInfo, type: string, text: string, patched: Obj, query: QueryOptions): void {
    if (query.fieldValidation === 'Ignore') return;
    if (type === 'json') {
      strictCheck(res, info, patched, query, 'patch');
      return;
    }
    let body: unknown;
    try {
      body = type === 'apply' ? patched : JSON.parse(text);
    } catch {
      return;
    }
    if (isMap(body)) strictCheck(res, info, body, query, 'patch');
  }

  async function handlePatch(
    req: IncomingMessage,
    res: ServerResponse,
    route: Extract<Route, { type: 'resource' }>,
    query: QueryOptions,
    subresource: 'status' | undefined,
  ): Promise<void> {
    const { info } = route;
    const name = route.name ?? '';
    const patch = await readPatch(req);
    let current: StoreObject | undefined;
    try {
      current = store.get(info.storage, route.namespace, name);
    } catch (err) {
      if (!(patch.type === 'apply' && errorToStatus(err).code === 404 && !subresource)) throw err;
    }
    const base = current ? (structuredClone(present(info, current)) as JsonMap) : undefined;
    const patched = applyPatch(patch.type, base, patch.text, info.kind) as Obj;
    if (!isMap(patched.metadata)) patched.metadata = {};
    const meta = patched.metadata as Obj;
    if (meta.name === undefined) meta.name = name;
    if (meta.name !== name) throw new StatusError(badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`));
    checkNamespace(route, patched);
    patched.apiVersion = apiVersionOf(info);
    patched.kind = info.kind;
    patchStrictCheck(res, info, patch.type, patch.text, patched, query);
    if (!current) {
      const created = store.create(info.storage, toStorage(info, patched), { dryRun: query.dryRun });
      sendJson(res, 201, present(info, created));
      return;
    }
    const updateOpts: { subresource?: 'status'; dryRun?: boolean } = { dryRun: query.dryRun };
    if (subresource) updateOpts.subresource = subresource;
    const updated = store.update(info.storage, toStorage(info, patched), updateOpts) as StoreObject;
    sendJson(res, 200, present(info, updated));
  }

  async function handleStatusSubresource(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const { info } = route;
    const method = req.method ?? 'GET';
    const name = route.name ?? '';
    if (method === 'GET') return sendObject(req, res, info, store.get(info.storage, route.namespace, name), query, 200);
    if (method === 'PATCH') return handlePatch(req, res, route, query, 'status');
    if (method === 'PUT') {
      const body = await readObject(req);
      checkTypeMeta(info, body);
      checkNamespace(route, body);
      const meta = body.metadata as Obj;
      if (meta.name === undefined) meta.name = name;
      const updated = store.update(info.storage, toStorage(info, body), { subresource: 'status', dryRun: query.dryRun }) as StoreObject;
      sendJson(res, 200, present(info, updated));
      return;
    }
    throw new StatusError(methodNotAllowed(method, info.group, `${info.resource}/status`));
  }

  function currentScale(info: ResourceInfo, namespace: string | undefined, name: string): ScaleObject {
    if (store.getScale && (info.storage === 'deployments' || info.storage === 'replicasets')) {
      return store.getScale(info.storage, namespace ?? 'default', name);
    }
    const obj = store.get(info.storage, namespace, name);
    const spec = isMap(obj.spec) ? obj.spec : {};
    const status = isMap(obj.status) ? obj.status : {};
    const matchLabels = isMap(spec.selector) && isMap(spec.selector.matchLabels) ? (spec.selector.matchLabels as Record<string, string>) : {};
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 0 },
      status: {
        replicas: typeof status.replicas === 'number' ? status.replicas : 0,
        selector: Object.entries(matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      },
    };
  }

  async function handleScale(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const { info } = route;
    const method = req.method ?? 'GET';
    const name = route.name ?? '';
    if (method === 'GET') {
      sendJson(res, 200, currentScale(info, route.namespace, name));
      return;
    }
    let scale: Obj;
    if (method === 'PUT') {
      scale = await readObject(req);
    } else if (method === 'PATCH') {
      const patch = await readPatch(req);
      if (patch.type === 'apply') throw new StatusError(failure(415, 'UnsupportedMediaType', 'apply patches are not supported on the scale subresource'));
      scale = applyPatch(patch.type, structuredClone(currentScale(info, route.namespace, name)) as unknown as JsonMap, patch.text, 'Scale') as Obj;
    } else {
      throw new StatusError(methodNotAllowed(method, info.group, `${info.resource}/scale`));
    }
    if (scale.kind !== undefined && scale.kind !== 'Scale') throw new StatusError(badRequest(`expected a Scale object, got kind ${String(scale.kind)}`));
    const meta = isMap(scale.metadata) ? { ...scale.metadata } : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw new StatusError(badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`));
    }
    meta.name = name;
    if (route.namespace !== undefined) meta.namespace = route.namespace;
    const spec = isMap(scale.spec) ? scale.spec : {};
    const input: ScaleObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: meta,
      spec: { replicas: spec.replicas as number },
      status: { replicas: 0 },
    };
    const out = store.update(info.storage, input, { subresource: 'scale', dryRun: query.dryRun });
    sendJson(res, 200, out.kind === 'Scale' ? out : currentScale(info, route.namespace, name));
  }

  async function handleDelete(req: IncomingMessage, res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): Promise<void> {
    const { info } = route;
    const body = await readBody(req);
    const opts: StoreDeleteOptions = {};
    let dryRun = query.dryRun;
    if (body.length > 0) {
      const d = parseJsonObject(body.toString('utf8'));
      if (typeof d.gracePeriodSeconds === 'number') opts.gracePeriodSeconds = d.gracePeriodSeconds;
      if (d.propagationPolicy === 'Background' || d.propagationPolicy === 'Foreground' || d.propagationPolicy === 'Orphan') {
        opts.propagationPolicy = d.propagationPolicy;
      } else if (d.propagationPolicy !== undefined && d.propagationPolicy !== null) {
        throw new StatusError(badRequest(`propagationPolicy: Unsupported value: "${String(d.propagationPolicy)}"`));
      }
      if (d.orphanDependents === true) opts.propagationPolicy = 'Orphan';
      if (Array.isArray(d.dryRun) && d.dryRun.includes('All')) dryRun = true;
      if (isMap(d.preconditions)) {
        const pre: { uid?: string; resourceVersion?: string } = {};
        if (typeof d.preconditions.uid === 'string') pre.uid = d.preconditions.uid;
        if (typeof d.preconditions.resourceVersion === 'string') pre.resourceVersion = d.preconditions.resourceVersion;
        opts.preconditions = pre;
      }
    }
    if (query.gracePeriodSeconds !== undefined) opts.gracePeriodSeconds = query.gracePeriodSeconds;
    const pp = query.propagationPolicy;
    if (pp === 'Background' || pp === 'Foreground' || pp === 'Orphan') opts.propagationPolicy = pp;
    if (dryRun) opts.dryRun = true;
    const deleted = store.delete(info.storage, route.namespace, route.name ?? '', opts);
    if (!dryRun) trackDeletion(info, deleted);
    sendJson(res, 200, present(info, deleted));
  }

  function handleDeleteCollection(res: ServerResponse, route: Extract<Route, { type: 'resource' }>, query: QueryOptions): void {
    const { info } = route;
    const { items } = store.list(info.storage, storeListOptions(route.namespace, query));
    const out: Obj[] = [];
    for (const item of items) {
      try {
        const opts: StoreDeleteOptions = { dryRun: query.dryRun };
        if (query.gracePeriodSeconds !== undefined) opts.gracePeriodSeconds = query.gracePeriodSeconds;
        const deleted = store.delete(info.storage, item.metadata.namespace, item.metadata.name ?? '', opts);
        if (!query.dryRun) trackDeletion(info, deleted);
        out.push(present(info, deleted));
      } catch (err) {
        if (errorToStatus(err).code !== 404) throw err;
      }
    }
    sendJson(res, 200, { kind: info.listKind, apiVersion: apiVersionOf(info), metadata: { resourceVersion: store.resourceVersion() }, items: out });
  }

  // ---------------------------------------------------------------- dispatch

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const r = parsePath(url.pathname);
    if (r.type === 'version') {
      sendJson(res, 200, versionInfo(minor));
      return;
    }
    if (r.type === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      req.resume();
      sendStatus(res, unauthorized());
      return;
    }
    const readOnly = method === 'GET' || method === 'HEAD';
    const query = parseQuery(url.searchParams);
    switch (r.type) {
      case 'api-root':
      case 'apis-root': {
        if (!readOnly) throw new StatusError(methodNotAllowed(method));
        const agg = wantsAggregatedDiscovery(req.headers.accept);
        const which = r.type === 'api-root' ? 'api' : 'apis';
        if (agg) {
          sendJson(res, 200, aggregatedDiscovery(which, agg.version), agg.contentType);
          return;
        }
        sendJson(res, 200, which === 'api' ? legacyApiVersions(options.serverAddress ?? req.headers.host ?? '127.0.0.1') : legacyApiGroupList());
        return;
      }
      case 'api-group': {
        const doc = legacyApiGroupDocument(r.group);
        if (!doc) throw new StatusError(pathNotFound());
        sendJson(res, 200, doc);
        return;
      }
      case 'group-version': {
        const doc = legacyApiResourceList(r.group, r.version);
        if (!doc) throw new StatusError(pathNotFound());
        sendJson(res, 200, doc);
        return;
      }
      case 'openapi-v3-index':
        sendJson(res, 200, openApiIndex(kubeGitVersion));
        return;
      case 'openapi-v3': {
        const gv = parseOpenApiPathKey(r.key);
        const doc = gv ? openApiGroupVersionDocument(gv.group, gv.version, kubeGitVersion) : undefined;
        if (!doc) throw new StatusError(pathNotFound());
        sendJson(res, 200, doc);
        return;
      }
      case 'openapi-v2': {
        if (!readOnly) throw new StatusError(methodNotAllowed(method));
        if ((req.headers.accept ?? '').includes('protobuf')) {
          const body = Buffer.from(openApiV2Protobuf(kubeGitVersion));
          // kube-openapi answers the protobuf form as octet-stream: Go's mime parser rejects the '@' in the Accept type.
          res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
          res.end(body);
          return;
        }
        sendJson(res, 200, openApiV2Json(kubeGitVersion));
        return;
      }
      case 'not-found':
        req.resume();
        throw new StatusError(pathNotFound());
      case 'lab':
        return handleLabRequest({ cluster, requestLog: () => [...log] }, req, res, r.parts);
      case 'resource':
        return handleResource(req, res, r, query);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    let path = rawUrl;
    res.on('close', () => {
      record({ time: new Date().toISOString(), method, path: path.length > 300 ? `${path.slice(0, 300)}…` : path, status: res.statusCode, ms: performance.now() - started });
    });
    const fail = (err: unknown) => {
      const status = errorToStatus(err);
      if (status.code >= 500) options.log?.(`error ${method} ${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) {
        if (!req.complete) req.resume();
        sendStatus(res, isStatus(status) ? status : internalError(err));
      } else if (!res.writableEnded) {
        res.destroy();
      }
    };
    let url: URL;
    try {
      url = new URL(rawUrl, 'http://127.0.0.1');
      path = url.pathname + url.search;
    } catch (err) {
      fail(new StatusError(badRequest(`invalid request URL: ${err instanceof Error ? err.message : String(err)}`)));
      return;
    }
    try {
      route(req, res, url).catch(fail);
    } catch (err) {
      fail(err);
    }
  }

  function pendingDeletions(): number {
    for (const [key, p] of pendingDeletes) {
      try {
        const obj = store.get(p.resource, p.namespace, p.name);
        if (p.uid !== undefined && obj.metadata.uid !== p.uid) pendingDeletes.delete(key);
      } catch {
        pendingDeletes.delete(key);
      }
    }
    return pendingDeletes.size;
  }

  return {
    handle,
    requestLog: () => [...log],
    pendingDeletions,
    activeWatches: () => watches.size,
    close() {
      for (const w of [...watches]) w.close();
      for (const r of [...logStreams]) r.end();
    },
  };
}

export { errorToStatus } from './http/responses.js';
