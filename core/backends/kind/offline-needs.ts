/**
 * What a later offline kind rehearsal needs that cannot be built here: the kind binary, the kind
 * node image and the Python base image of the real sample app. Each comes with the command that
 * fetches it while online, which `deploy-lab prepare` and `doctor` print.
 */
import type { DockerBackend } from '../docker/docker.types';
import type { KindBackend } from './kind.backend';

/**
 * The node image the lab pins: kind v0.27.0's default. A pinned tag (not "whatever kind defaults
 * to") so a prepared machine still matches when kind is upgraded; add the digest from the kind
 * release notes when a release is cut.
 */
export const LAB_KIND_NODE_IMAGE = 'kindest/node:v1.32.2';
export const LAB_KIND_VERSION = 'v0.27.0';
/** Base image of apps/pyweb/Dockerfile. */
export const PYTHON_BASE_IMAGE = 'python:3.12-slim';

export interface OfflineNeed {
  id: 'kind-binary' | 'kind-node-image' | 'python-base-image';
  what: string;
  present: boolean;
  /** Version or image found, when present. */
  found?: string;
  /** The command to run while online. */
  fetch: string;
  why: string;
}

export async function checkOfflineNeeds(deps: {
  docker: DockerBackend;
  kind?: KindBackend;
}): Promise<OfflineNeed[]> {
  let kindVersion: string | undefined;
  if (deps.kind) {
    kindVersion = await deps.kind.detect().then(
      (v) => v.version,
      () => undefined,
    );
  }
  const [nodeImage, pythonImage] = await Promise.all([
    deps.docker.hasImage(LAB_KIND_NODE_IMAGE),
    deps.docker.hasImage(PYTHON_BASE_IMAGE),
  ]);
  return [
    {
      id: 'kind-binary',
      what: 'kind CLI',
      present: kindVersion !== undefined,
      ...(kindVersion ? { found: kindVersion } : {}),
      fetch: `go install sigs.k8s.io/kind@${LAB_KIND_VERSION}  (or download from https://kind.sigs.k8s.io/docs/user/quick-start/#installation)`,
      why: 'creates and deletes the lab clusters',
    },
    {
      id: 'kind-node-image',
      what: `kind node image ${LAB_KIND_NODE_IMAGE}`,
      present: nodeImage,
      ...(nodeImage ? { found: LAB_KIND_NODE_IMAGE } : {}),
      fetch: `docker pull ${LAB_KIND_NODE_IMAGE}`,
      why: 'every kind node runs it; without it `kind create cluster` tries to pull',
    },
    {
      id: 'python-base-image',
      what: `Python base image ${PYTHON_BASE_IMAGE}`,
      present: pythonImage,
      ...(pythonImage ? { found: PYTHON_BASE_IMAGE } : {}),
      fetch: `docker pull ${PYTHON_BASE_IMAGE}`,
      why: 'base of the real Flask/gunicorn app (apps/pyweb); the offline variant does not need it',
    },
  ];
}
