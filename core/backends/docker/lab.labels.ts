/**
 * Every container and image the lab creates in Docker carries these labels, so a later start (or
 * `deploy-lab cleanup`) can find what a crashed run left behind and touch nothing else.
 */
import { randomBytes } from 'node:crypto';

export const LABEL_MANAGED = 'dev.deploy-lab.managed';
export const LABEL_RUN = 'dev.deploy-lab.run';
/**
 * What the labelled thing is. Needed because Docker copies an image's labels onto every container
 * created from it: a container someone starts by hand from a lab image inherits managed=true and the
 * image's run id, and must not be swept. Only containers the lab created say resource=container.
 */
export const LABEL_RESOURCE = 'dev.deploy-lab.resource';

export type LabResource = 'container' | 'image' | 'network';

export function labLabels(runId: string, resource: LabResource): Record<string, string> {
  return { [LABEL_MANAGED]: 'true', [LABEL_RUN]: runId, [LABEL_RESOURCE]: resource };
}

/**
 * A fresh run id: the start time (base 36, so ids sort by age) and random bits, so two runs
 * started in the same millisecond still differ.
 */
export function newRunId(prefix: string, nowMs: number): string {
  const random = randomBytes(4).toString('hex');
  const id = `${prefix}-${nowMs.toString(36)}-${random}`;
  assertRunId(id);
  return id;
}

/** Run ids end up in labels, container names and argv: keep them to a safe alphabet. */
const RUN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function assertRunId(runId: string): void {
  if (!RUN_ID.test(runId)) {
    throw new Error(`run id ${JSON.stringify(runId)} must match ${RUN_ID.source}`);
  }
}
