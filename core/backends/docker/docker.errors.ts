/**
 * Errors from the Docker backend. They extend the contract's LabFailure so every host turns them into
 * `{ code, message, details }` unchanged; `reason` is the finer cause the engine can branch on.
 */
import { LabFailure, type LabErrorCode } from '../../contract';

export type DockerFailureReason =
  | 'daemon-unreachable'
  | 'permission-denied'
  | 'timeout'
  | 'build-failed'
  | 'not-found'
  | 'conflict'
  | 'invalid-input'
  | 'daemon-error';

export class DockerBackendError extends LabFailure {
  constructor(
    readonly reason: DockerFailureReason,
    code: LabErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
    this.name = 'DockerBackendError';
  }
}

interface ErrorLike {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  json?: unknown;
}

function daemonMessage(err: ErrorLike): string {
  // docker-modem puts the daemon's own sentence in json.message; prefer it to the HTTP wrapper text.
  const json = err.json as { message?: unknown } | null | undefined;
  if (json && typeof json.message === 'string') return json.message;
  return typeof err.message === 'string' ? err.message : String(err);
}

/**
 * Turns a dockerode/docker-modem/socket error into a DockerBackendError with a sentence a learner can
 * act on. A stopped daemon surfaces as `connect ENOENT <socket>` (no socket file) or ECONNREFUSED.
 */
export function translateDockerError(err: unknown, socketPath: string, action: string): DockerBackendError {
  if (err instanceof DockerBackendError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = daemonMessage(e);
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || /connect (ENOENT|ECONNREFUSED)/.test(message)) {
    return new DockerBackendError(
      'daemon-unreachable',
      'unavailable',
      `Docker engine is not reachable at ${socketPath}: start Docker (e.g. \`sudo systemctl start docker\` or \`dockerd\`)`,
      { socketPath, cause: message },
    );
  }
  if (code === 'EACCES' || /connect EACCES/.test(message)) {
    return new DockerBackendError(
      'permission-denied',
      'unavailable',
      `Permission denied on ${socketPath}: add your user to the docker group (\`sudo usermod -aG docker $USER\`, then log in again)`,
      { socketPath, cause: message },
    );
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === 404) {
    return new DockerBackendError('not-found', 'not-found', `${action}: ${message}`, { status });
  }
  if (status === 409) {
    return new DockerBackendError('conflict', 'conflict', `${action}: ${message}`, { status });
  }
  return new DockerBackendError(
    'daemon-error',
    'internal',
    `${action}: ${message}`,
    status ? { status } : undefined,
  );
}
