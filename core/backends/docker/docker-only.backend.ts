/**
 * "Docker only" as a cluster backend: no Kubernetes, just the engine for the container scenarios.
 * Connecting checks the engine answers; disconnecting removes what this run created (by its label).
 */
import type { ClusterBackend } from '../backend-port';
import type { DockerBackend } from './docker.types';

export function createDockerOnlyBackend(docker: DockerBackend, runId: string): ClusterBackend {
  return {
    id: 'docker',
    async connect() {
      const info = await docker.ping({ timeoutMs: 3000 });
      return {
        message: `Docker engine ${info.serverVersion} (${info.os}/${info.arch}); everything this run creates is labelled dev.deploy-lab.run=${runId}`,
        async disconnect() {
          await docker.sweep({ onlyRun: runId });
        },
      };
    },
  };
}
