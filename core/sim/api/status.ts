// metav1.Status bodies with the reasons and messages the apiserver uses
// (k8s.io/apimachinery/pkg/api/errors/errors.go). kubectl prints `Error from server (<reason>): <message>`
// and branches on reason/code (e.g. NotFound ends `delete --wait`, AlreadyExists in `apply`), so both
// must match upstream (notes §7 pitfall 19).

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Invalid'
  | 'NotAcceptable'
  | 'Timeout'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** An error that carries the Status the server answers with. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = 'StatusError';
  }
  get code(): number {
    return this.status.code;
  }
}

export function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

export function success(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}

/** `deployments.apps` / `pods`: the qualified resource name used in messages. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** Kind with group for Invalid messages: `Deployment.apps`, `Pod`. */
function qualifiedKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function notFound(group: string, resource: string, name: string): Status {
  return failure(404, 'NotFound', `${qualifiedResource(group, resource)} "${name}" not found`, { name, group, kind: resource });
}

/** 404 for a path that is not part of the API at all. */
export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(method: string, group = '', resource = ''): Status {
  const details: StatusDetails = {};
  if (group) details.group = group;
  if (resource) details.kind = resource;
  return failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`, details);
}

export function alreadyExists(group: string, resource: string, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualifiedResource(group, resource)} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(group: string, resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): Status {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(group, resource)} "${name}": ${why}`, {
    name,
    group,
    kind: resource,
  });
}

/** 410 for a watch or list from a resourceVersion older than the kept history. */
export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

export function gone(message: string): Status {
  return failure(410, 'Gone', message);
}

/** The apiserver's default body limit (3 MiB; apiserver options MaxRequestBodyBytes). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function requestEntityTooLarge(limit = MAX_REQUEST_BODY_BYTES): Status {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

export function unsupportedMediaType(contentType: string, accepted: readonly string[]): Status {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
  );
}

export function invalid(group: string, kind: string, name: string, causes: { field: string; message: string; type?: string }[]): Status {
  const detail = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const message = causes.length
    ? `${qualifiedKind(group, kind)} "${name}" is invalid: ${causes.length > 1 ? `[${detail}]` : detail}`
    : `${qualifiedKind(group, kind)} "${name}" is invalid`;
  return failure(422, 'Invalid', message, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.type ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

/** 422 without a named object, e.g. a JSON patch whose operation failed. */
export function unprocessable(message: string): Status {
  return failure(422, 'Invalid', message);
}

export function internalError(err: unknown): Status {
  const text = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] });
}

const REASONS: Readonly<Record<number, StatusReason>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Best reason for a bare HTTP code. */
export function reasonForCode(code: number): StatusReason {
  return REASONS[code] ?? 'InternalError';
}

/** True for a well-formed Status body (used by the fuzz tests and the store adapter). */
export function isStatus(value: unknown): value is Status {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'Status' && v.apiVersion === 'v1' && typeof v.code === 'number' && (v.status === 'Success' || v.status === 'Failure');
}
