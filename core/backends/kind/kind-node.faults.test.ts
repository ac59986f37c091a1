/**
 * Node faults against the real Docker engine. kind cannot run here, so the "nodes" are ordinary
 * busybox containers carrying kind's labels (io.x-k8s.kind.cluster, io.x-k8s.kind.role) on their own
 * Docker network, which is all the fault code looks at.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../../testing/docker.gate';
import { systemClock } from '../docker/backend.clock';
import { createDockerBackend } from '../docker/docker.backend';
import type { DockerBackend } from '../docker/docker.types';
import { labLabels } from '../docker/lab.labels';
import {
  KIND_CLUSTER_LABEL,
  KIND_ROLE_LABEL,
  type KindNodeFaults,
  createKindNodeFaults,
} from './kind-node.faults';

const gate = await dockerGate();

describe.skipIf(gate.skip)(
  'kind node faults (real Docker, busybox containers labelled as kind nodes)',
  () => {
    const runId = `test-${randomUUID().slice(0, 8)}`;
    const cluster = `deploy-lab-${runId}`;
    const networkName = `deploy-lab-test-${runId}`;
    const image = `deploy-lab-test/fake-node:${runId}`;
    const docker = new Docker();
    let backend: DockerBackend;
    let faults: KindNodeFaults;
    let network: Docker.Network | undefined;

    beforeAll(async () => {
      backend = createDockerBackend({ runId, clock: systemClock() });
      const dir = await mkdtemp(path.join(tmpdir(), 'fake-node-'));
      try {
        await copyFile('/bin/busybox', path.join(dir, 'busybox'));
        // trap so `docker stop` is quick: PID 1 ignores TERM unless it handles it.
        await writeFile(
          path.join(dir, 'Dockerfile'),
          'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sh", "-c", "trap \'exit 0\' TERM; while :; do /bin/busybox sleep 1; done"]\n',
        );
        await backend.buildImage(dir, { tag: image });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      // A subnet of its own: reconnecting with the node's old address needs a user-configured subnet,
      // which is how kind creates its "kind" network too.
      const octet = 16 + Math.floor(Math.random() * 200);
      network = await docker.createNetwork({
        Name: networkName,
        Labels: labLabels(runId, 'network'),
        IPAM: { Config: [{ Subnet: `10.231.${octet}.0/24` }] },
      });
      for (const [suffix, role] of [
        ['control-plane', 'control-plane'],
        ['worker', 'worker'],
        ['worker2', 'worker'],
      ] as const) {
        const container = await docker.createContainer({
          Image: image,
          name: `${cluster}-${suffix}`,
          Labels: {
            ...labLabels(runId, 'container'),
            [KIND_CLUSTER_LABEL]: cluster,
            [KIND_ROLE_LABEL]: role,
          },
          HostConfig: { NetworkMode: networkName },
        });
        await container.start();
      }
      faults = createKindNodeFaults({ docker, networkName });
    }, 60_000);

    afterAll(async () => {
      await backend?.sweep({ onlyRun: runId, includeImages: true });
      await network?.remove().catch(() => undefined);
      expect((await backend.listLabelled({ runId })).containers).toEqual([]);
    }, 60_000);

    it('finds the nodes of a cluster by the kind label, with their roles', async () => {
      const nodes = await faults.listNodes(cluster);
      expect(nodes.map((n) => [n.name, n.role, n.state])).toEqual([
        [`${cluster}-control-plane`, 'control-plane', 'running'],
        [`${cluster}-worker`, 'worker', 'running'],
        [`${cluster}-worker2`, 'worker', 'running'],
      ]);
      expect(await faults.listNodes('deploy-lab-no-such-cluster')).toEqual([]);
    });

    it('stops and starts a worker', async () => {
      await faults.stopNode(cluster, `${cluster}-worker`, { timeoutSeconds: 2 });
      expect((await faults.listNodes(cluster)).find((n) => n.name === `${cluster}-worker`)?.state).toBe(
        'exited',
      );
      await faults.stopNode(cluster, `${cluster}-worker`); // already stopped: still fine
      await faults.startNode(cluster, `${cluster}-worker`);
      expect((await faults.listNodes(cluster)).find((n) => n.name === `${cluster}-worker`)?.state).toBe(
        'running',
      );
    });

    it('pauses and unpauses a worker', async () => {
      await faults.pauseNode(cluster, `${cluster}-worker2`);
      expect((await faults.listNodes(cluster)).find((n) => n.name === `${cluster}-worker2`)?.state).toBe(
        'paused',
      );
      await faults.unpauseNode(cluster, `${cluster}-worker2`);
      expect((await faults.listNodes(cluster)).find((n) => n.name === `${cluster}-worker2`)?.state).toBe(
        'running',
      );
    });

    it('disconnects a worker from the cluster network and reconnects it with its old address', async () => {
      const node = `${cluster}-worker`;
      const before = await docker.getContainer(node).inspect();
      const address = before.NetworkSettings.Networks[networkName]?.IPAddress;
      const handle = await faults.disconnectNode(cluster, node);
      expect(handle).toEqual({ node, network: networkName, ipv4Address: address });
      const cut = await docker.getContainer(node).inspect();
      expect(cut.NetworkSettings.Networks[networkName]).toBeUndefined();
      await faults.reconnectNode(handle, cluster);
      const back = await docker.getContainer(node).inspect();
      expect(back.NetworkSettings.Networks[networkName]?.IPAddress).toBe(address);
    });

    it('refuses a node of another cluster and bad names', async () => {
      await expect(faults.stopNode('deploy-lab-other', `${cluster}-worker`)).rejects.toMatchObject({
        reason: 'node-not-found',
      });
      await expect(faults.stopNode(cluster, '--all')).rejects.toMatchObject({ reason: 'invalid-name' });
      expect((await faults.listNodes(cluster)).every((n) => n.state === 'running')).toBe(true);
    });
  },
);
