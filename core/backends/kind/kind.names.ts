/**
 * Names that reach kind's argv. execa passes arguments without a shell, but kind (cobra) still reads
 * any argument starting with `-` as a flag, so names are validated before they get there.
 */
import { KindBackendError } from './kind.errors';

/** DNS-1123 label: what Kubernetes and kind accept for names, at most 63 characters. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Every cluster the lab creates starts with this, so `deploy-lab cleanup` can find them and never
 * touches a cluster the user made by hand.
 */
export const LAB_CLUSTER_PREFIX = 'deploy-lab';

export function assertDns1123Label(value: string, what: string): void {
  if (value.startsWith('-')) {
    throw new KindBackendError(
      'invalid-name',
      'invalid-request',
      `${what} ${JSON.stringify(value)} starts with "-" and would be read as a flag`,
    );
  }
  if (value.length === 0 || value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw new KindBackendError(
      'invalid-name',
      'invalid-request',
      `${what} ${JSON.stringify(value)} must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
    );
  }
}

export function isLabClusterName(name: string): boolean {
  return name === LAB_CLUSTER_PREFIX || name.startsWith(`${LAB_CLUSTER_PREFIX}-`);
}

export function assertLabClusterName(name: string): void {
  assertDns1123Label(name, 'cluster name');
  if (!isLabClusterName(name)) {
    throw new KindBackendError(
      'not-a-lab-cluster',
      'invalid-request',
      `cluster name ${JSON.stringify(name)} must start with "${LAB_CLUSTER_PREFIX}-": the lab only creates and deletes its own clusters`,
    );
  }
}

/** Docker image references for `kind load docker-image` (no leading "-", no whitespace). */
const IMAGE_REF = /^[a-z0-9][a-z0-9._/:@-]{0,254}$/;

export function assertImageRef(ref: string): void {
  if (ref.startsWith('-') || !IMAGE_REF.test(ref)) {
    throw new KindBackendError(
      'invalid-name',
      'invalid-request',
      `image ${JSON.stringify(ref)} is not a valid image reference`,
    );
  }
}

/** Node names are `<cluster>-control-plane`, `<cluster>-worker2`...: DNS-1123 labels too. */
export function assertNodeName(name: string): void {
  assertDns1123Label(name, 'node name');
}
