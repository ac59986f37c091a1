/** Errors from the kind backend; LabFailure subclasses so hosts pass them on as { code, message, details }. */
import { LabFailure, type LabErrorCode } from '../../contract';

export type KindFailureReason =
  | 'kind-missing'
  | 'invalid-name'
  | 'not-a-lab-cluster'
  | 'command-failed'
  | 'timeout'
  | 'node-not-found'
  | 'docker-error';

export class KindBackendError extends LabFailure {
  constructor(
    readonly reason: KindFailureReason,
    code: LabErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
    this.name = 'KindBackendError';
  }
}
