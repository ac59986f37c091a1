/**
 * What a Deployment is doing right now, in words, read from the live graph: "rollout web: 3 of 5 new
 * replicas ready · old ReplicaSet web-6d4 still has 2 pods", or, outside a rollout, "web: 3 of 5
 * replicas ready (waiting for 2)" — worded without a cause, since scaling, a crash or a lost node
 * all look the same from the counts. Used instead of a spinner so the user
 * sees the controller's progress step by step.
 */
import type { DeploymentGraphNode, GraphModel, GraphNode, ReplicaSetGraphNode } from '../../../core/graph';

export interface DeploymentProgress {
  id: string;
  name: string;
  text: string;
}

function isDeployment(node: GraphNode): node is DeploymentGraphNode {
  return node.kind === 'deployment';
}

function isReplicaSet(node: GraphNode): node is ReplicaSetGraphNode {
  return node.kind === 'replicaset';
}

function pods(n: number): string {
  return `${n} ${n === 1 ? 'pod' : 'pods'}`;
}

export function deploymentProgress(model: GraphModel | undefined): DeploymentProgress[] {
  if (!model) return [];
  const replicaSets = model.nodes.filter(isReplicaSet);
  const out: DeploymentProgress[] = [];
  for (const deployment of model.nodes.filter(isDeployment)) {
    const owned = replicaSets.filter((rs) => rs.ownerId === deployment.id);
    const current = owned.find((rs) => rs.revision !== undefined && rs.revision === deployment.revision);
    const old = owned.filter((rs) => rs !== current && rs.replicas.current > 0);
    const desired = deployment.replicas.desired;
    const ready = current?.replicas.ready ?? 0;
    const name =
      deployment.namespace === 'default' ? deployment.name : `${deployment.namespace}/${deployment.name}`;
    if (old.length > 0) {
      const drain = old.map((rs) => `old ReplicaSet ${rs.name} still has ${pods(rs.replicas.current)}`);
      out.push({
        id: deployment.id,
        name,
        text: `rollout ${name}: ${ready} of ${desired} new replicas ready · ${drain.join(' · ')}`,
      });
    } else if (current && current.replicas.current > desired) {
      out.push({
        id: deployment.id,
        name,
        text: `${name}: scaling down to ${desired} · ${pods(current.replicas.current - desired)} being removed`,
      });
    } else if (current && ready < desired) {
      out.push({
        id: deployment.id,
        name,
        text: `${name}: ${ready} of ${desired} replicas ready (waiting for ${desired - ready})`,
      });
    }
  }
  return out;
}
