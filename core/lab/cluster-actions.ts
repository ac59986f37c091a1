/**
 * The actions a user can take from the graph's inspector, carried out the way kubectl would carry
 * them out (core/kube), so they show up in the graph through the same watch as everything else.
 */
import { LabFailure, type ActionResult, type ClusterAction } from '../contract';
import {
  applyManifests,
  deletePod,
  rollback,
  scaleDeployment,
  setImage,
  setPaused,
  setServiceSelector,
} from '../kube/kube-operations';
import type { KubeConnection } from '../kube/kube-connection';

export interface ActionTarget {
  connection: KubeConnection;
  /** Calls the embedded cluster's lab API; undefined on real clusters. */
  labApi?: (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;
  destructiveFaults: boolean;
}

function apiMessage(err: unknown): string {
  // client-node's ApiException carries the Status body as text in `body`.
  const body = (err as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const status = JSON.parse(body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      return body;
    }
  }
  return err instanceof Error ? err.message : String(err);
}

export async function runClusterAction(target: ActionTarget, action: ClusterAction): Promise<ActionResult> {
  const c = target.connection;
  try {
    switch (action.type) {
      case 'delete-pod':
        await deletePod(c, action.namespace, action.name);
        return { message: `pod "${action.name}" deleted` };
      case 'scale':
        await scaleDeployment(c, action.namespace, action.name, action.replicas);
        return { message: `deployment.apps/${action.name} scaled to ${action.replicas}` };
      case 'set-image':
        await setImage(c, action.namespace, action.name, action.container, action.image);
        return {
          message: `deployment.apps/${action.name} image updated: ${action.container}=${action.image}`,
        };
      case 'rollback': {
        const revision = await rollback(c, action.namespace, action.name, action.toRevision);
        return { message: `deployment.apps/${action.name} rolled back to revision ${revision}` };
      }
      case 'set-paused':
        await setPaused(c, action.namespace, action.name, action.paused);
        return { message: `deployment.apps/${action.name} ${action.paused ? 'paused' : 'resumed'}` };
      case 'set-selector':
        await setServiceSelector(c, action.namespace, action.name, action.selector);
        return {
          message: `service/${action.name} now selects ${Object.entries(action.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
        };
      case 'node-power': {
        if (!target.destructiveFaults) {
          throw new LabFailure(
            'invalid-request',
            'Stopping nodes is disabled on this cluster: the lab never breaks a shared cluster.',
          );
        }
        if (!target.labApi) {
          throw new LabFailure(
            'not-implemented',
            'Stopping a node is done through the backend (kind stops the node container); this cluster has no lab API.',
          );
        }
        await target.labApi('POST', `faults/${action.up ? 'nodeUp' : 'nodeDown'}`, { args: [action.name] });
        return { message: `node/${action.name} ${action.up ? 'started' : 'stopped'}` };
      }
      case 'apply': {
        const results = await applyManifests(c, action.yaml, action.source ? { source: action.source } : {});
        return { message: results.map((r) => `${r.kind.toLowerCase()}/${r.name} ${r.action}`).join('\n') };
      }
    }
  } catch (err) {
    if (err instanceof LabFailure) throw err;
    throw new LabFailure('invalid-request', apiMessage(err));
  }
}
