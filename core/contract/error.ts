/** The one error shape that crosses every host boundary (IPC, WebSocket, in-process). */
export interface LabError {
  code: LabErrorCode;
  message: string;
  details?: unknown;
}

export type LabErrorCode =
  | 'invalid-request' // the payload failed its schema; details lists the fields
  | 'unknown-channel'
  | 'not-found'
  | 'unavailable' // a dependency (Docker, kind, a cluster) cannot be reached
  | 'not-implemented' // the capability has not been built yet; the message says which
  | 'conflict'
  | 'internal';

/** Thrown inside the engine; hosts turn it into a LabError with toLabError. */
export class LabFailure extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'LabFailure';
  }
}

export function toLabError(err: unknown): LabError {
  if (err instanceof LabFailure) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

export type LabResult<T> = { ok: true; value: T } | { ok: false; error: LabError };
