/**
 * Node faults for kind clusters, through dockerode: a kind node is a Docker container labelled
 * io.x-k8s.kind.cluster=<cluster>, so stopping, pausing or disconnecting that container is what a
 * failed machine looks like to Kubernetes.
 *
 * What the learner then sees (explain it on screen): the node turns NotReady after about 40 s
 * (node-monitor-grace-period), but its pods keep showing Running until the node-unreachable
 * toleration (300 s by default) expires and they are evicted.
 */
import type Docker from 'dockerode';
import { translateDockerError } from '../docker/docker.errors';
import { KindBackendError } from './kind.errors';
import { assertDns1123Label, assertNodeName } from './kind.names';

export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
export const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';
/** kind puts every node on this Docker network unless KIND_EXPERIMENTAL_DOCKER_NETWORK says otherwise. */
export const KIND_DEFAULT_NETWORK = 'kind';

export interface KindNode {
  name: string;
  containerId: string;
  role: string;
  /** Docker state: running | paused | exited | ... */
  state: string;
}

export interface DisconnectedNode {
  node: string;
  network: string;
  /** The address it had, so reconnect can give it back (kubelet and etcd remember it). */
  ipv4Address?: string;
}

export interface KindNodeFaults {
  listNodes(cluster: string): Promise<KindNode[]>;
  stopNode(cluster: string, node: string, options?: { timeoutSeconds?: number }): Promise<void>;
  startNode(cluster: string, node: string): Promise<void>;
  pauseNode(cluster: string, node: string): Promise<void>;
  unpauseNode(cluster: string, node: string): Promise<void>;
  disconnectNode(cluster: string, node: string): Promise<DisconnectedNode>;
  reconnectNode(disconnected: DisconnectedNode, cluster: string): Promise<void>;
}

export interface KindNodeFaultsDeps {
  docker: Docker;
  socketPath?: string;
  networkName?: string;
}

export function createKindNodeFaults(deps: KindNodeFaultsDeps): KindNodeFaults {
  const { docker } = deps;
  const socketPath = deps.socketPath ?? '/var/run/docker.sock';
  const networkName = deps.networkName ?? KIND_DEFAULT_NETWORK;

  async function dockerCall<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const translated = translateDockerError(err, socketPath, action);
      throw new KindBackendError('docker-error', translated.code, translated.message, translated.details);
    }
  }

  async function listNodes(cluster: string): Promise<KindNode[]> {
    assertDns1123Label(cluster, 'cluster name');
    const containers = await dockerCall(`list nodes of ${cluster}`, () =>
      docker.listContainers({ all: true, filters: { label: [`${KIND_CLUSTER_LABEL}=${cluster}`] } }),
    );
    return containers
      .map((c) => ({
        name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        containerId: c.Id,
        role: c.Labels[KIND_ROLE_LABEL] ?? 'unknown',
        state: c.State,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The node's container, checked to belong to this cluster so a fault never hits anything else. */
  async function nodeContainer(cluster: string, node: string): Promise<Docker.Container> {
    assertNodeName(node);
    const found = (await listNodes(cluster)).find((n) => n.name === node);
    if (!found) {
      throw new KindBackendError('node-not-found', 'not-found', `cluster ${cluster} has no node ${node}`, {
        cluster,
        node,
      });
    }
    return docker.getContainer(found.containerId);
  }

  return {
    listNodes,
    async stopNode(cluster, node, options) {
      const container = await nodeContainer(cluster, node);
      await dockerCall(`stop node ${node}`, () => container.stop({ t: options?.timeoutSeconds ?? 10 })).catch(
        (err: unknown) => {
          // Already stopped: the fault is in place, which is what was asked.
          if (
            (err as KindBackendError).details &&
            ((err as KindBackendError).details as { status?: number }).status === 304
          )
            return;
          throw err;
        },
      );
    },
    async startNode(cluster, node) {
      const container = await nodeContainer(cluster, node);
      await dockerCall(`start node ${node}`, () => container.start()).catch((err: unknown) => {
        if (
          (err as KindBackendError).details &&
          ((err as KindBackendError).details as { status?: number }).status === 304
        )
          return;
        throw err;
      });
    },
    async pauseNode(cluster, node) {
      const container = await nodeContainer(cluster, node);
      await dockerCall(`pause node ${node}`, () => container.pause());
    },
    async unpauseNode(cluster, node) {
      const container = await nodeContainer(cluster, node);
      await dockerCall(`unpause node ${node}`, () => container.unpause());
    },
    async disconnectNode(cluster, node) {
      const container = await nodeContainer(cluster, node);
      const info = await dockerCall(`inspect node ${node}`, () => container.inspect());
      const endpoint = info.NetworkSettings.Networks?.[networkName];
      if (!endpoint) {
        throw new KindBackendError(
          'node-not-found',
          'not-found',
          `node ${node} is not on the Docker network ${networkName}`,
          { cluster, node },
        );
      }
      await dockerCall(`disconnect node ${node}`, () =>
        docker.getNetwork(networkName).disconnect({ Container: info.Id, Force: true }),
      );
      return {
        node,
        network: networkName,
        ...(endpoint.IPAddress ? { ipv4Address: endpoint.IPAddress } : {}),
      };
    },
    async reconnectNode(disconnected, cluster) {
      const container = await nodeContainer(cluster, disconnected.node);
      const info = await dockerCall(`inspect node ${disconnected.node}`, () => container.inspect());
      await dockerCall(`reconnect node ${disconnected.node}`, () =>
        docker.getNetwork(disconnected.network).connect({
          Container: info.Id,
          ...(disconnected.ipv4Address
            ? { EndpointConfig: { IPAMConfig: { IPv4Address: disconnected.ipv4Address } } }
            : {}),
        }),
      );
    },
  };
}
