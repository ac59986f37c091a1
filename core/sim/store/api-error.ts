import { RESOURCES, isResourceName } from './kube-types.js';

export interface StatusCause {
  reason: string;
  message: string;
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

/** The Kubernetes `Status` object (k8s.io/apimachinery meta/v1 types.go). */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `deployments.apps` / `pods`: the qualified resource upstream prints in error messages. */
export function qualifiedResource(resource: string): { text: string; group: string } {
  const group = isResourceName(resource) ? RESOURCES[resource].group : '';
  return { text: group ? `${resource}.${group}` : resource, group };
}

function detailsFor(resource: string, name: string): StatusDetails {
  const { group } = qualifiedResource(resource);
  const d: StatusDetails = { name };
  if (group) d.group = group;
  d.kind = resource;
  return d;
}

export function notFound(resource: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(resource).text} "${name}" not found`, detailsFor(resource, name));
}

export function alreadyExists(resource: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(resource).text} "${name}" already exists`, detailsFor(resource, name));
}

export function conflict(resource: string, name: string, why?: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource).text} "${name}": ${
      why ?? 'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    detailsFor(resource, name),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueDuplicate' | 'FieldValueForbidden';
  field: string;
  /** Text after "<field>: ", e.g. `Invalid value: -1: must be greater than or equal to 0`. */
  detail: string;
}

export function fieldInvalid(field: string, value: unknown, msg: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `Invalid value: ${formatValue(value)}: ${msg}` };
}

export function fieldRequired(field: string, msg = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail: msg ? `Required value: ${msg}` : 'Required value' };
}

export function fieldNotSupported(field: string, value: unknown, supported: string[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    detail: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  };
}

export function fieldForbidden(field: string, msg: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${msg}` };
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/** 422 Invalid, formatted like apimachinery errors.NewInvalid: `Deployment.apps "web" is invalid: a: ..., b: ...`. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = errs.map((e) => `${e.field}: ${e.detail}`);
  const joined = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = kind;
  details.causes = errs.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, details);
}

/** Any thrown value as a Kubernetes Status (non-ApiErrors become 500 InternalError). */
export function toStatus(err: unknown): StatusObject {
  if (err instanceof ApiError) {
    const s: StatusObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: err.message,
      reason: err.reason,
      code: err.code,
    };
    if (err.details) s.details = err.details;
    return s;
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: { causes: [{ reason: '', message }] },
    code: 500,
  };
}
