// Writing responses and turning thrown values into Status bodies.
import type { ServerResponse } from 'node:http';
import { PatchError } from '../patch/apply-patch.js';
import { isMap } from '../handlers/handler-context.js';
import { failure, internalError, reasonForCode, StatusError, type Status, type StatusReason } from '../status.js';

export const JSON_TYPE = 'application/json';


/** Any thrown value as a Status: our StatusError, a patch error, the store's ApiError (duck-typed), or 500. */
export function errorToStatus(err: unknown): Status {
  if (err instanceof StatusError) return err.status;
  if (err instanceof PatchError) return failure(err.code, reasonForCode(err.code), err.message);
  if (isMap(err) || err instanceof Error) {
    const e = err as unknown as { code?: unknown; reason?: unknown; message?: unknown; details?: unknown };
    if (typeof e.code === 'number' && e.code >= 400 && e.code < 600 && typeof e.reason === 'string' && typeof e.message === 'string') {
      const details = isMap(e.details) ? (e.details as Status['details']) : undefined;
      return failure(e.code, e.reason as StatusReason, e.message, details);
    }
  }
  return internalError(err);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = JSON_TYPE): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status.code, status);
}
