/**
 * Every container and image the lab creates in Docker carries these labels, so a later start (or
 * `deploy-lab cleanup`) can find what a crashed run left behind and touch nothing else.
 */
export const LABEL_MANAGED = 'dev.deploy-lab.managed';
export const LABEL_RUN = 'dev.deploy-lab.run';

export function labLabels(runId: string): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN]: runId };
}

/** Run ids end up in labels, container names and argv: keep them to a safe alphabet. */
const RUN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId)) {
    throw new Error(`run id ${JSON.stringify(runId)} must match ${RUN_ID.source}`);
  }
}
