/** The inspector's view of one graph node: the live object as YAML, its events, and pod logs. */
import { stringify } from 'yaml';
import { LabFailure, type InspectedEvent, type Inspection } from '../contract';
import type { GraphModel } from '../graph';
import type { PlainObject } from '../kube/cluster-cache';

const RESOURCE_OF: Record<string, { resource: string; kind: string }> = {
  service: { resource: 'services', kind: 'Service' },
  deployment: { resource: 'deployments', kind: 'Deployment' },
  replicaset: { resource: 'replicasets', kind: 'ReplicaSet' },
  podgroup: { resource: 'replicasets', kind: 'ReplicaSet' },
  pod: { resource: 'pods', kind: 'Pod' },
  node: { resource: 'nodes', kind: 'Node' },
  hpa: { resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' },
  configmap: { resource: 'configmaps', kind: 'ConfigMap' },
  secret: { resource: 'secrets', kind: 'Secret' },
};

export interface InspectSource {
  list(resource: string): PlainObject[];
  graph(): GraphModel;
  podLogs(namespace: string, name: string): Promise<string>;
}

/** Secrets are shown with their keys but not their values: the inspector is on screen. */
function redact(object: PlainObject): PlainObject {
  if (object.kind !== 'Secret' || typeof object.data !== 'object' || object.data === null) return object;
  const data = Object.fromEntries(Object.keys(object.data).map((key) => [key, '<hidden>']));
  return { ...object, data };
}

export async function inspectNode(source: InspectSource, id: string): Promise<Inspection> {
  const [graphKind = '', namespace = '', ...rest] = id.split('/');
  const name = rest.join('/');
  const target = RESOURCE_OF[graphKind];
  if (!target || !name) throw new LabFailure('invalid-request', `"${id}" is not an object in the graph`);
  const object = source
    .list(target.resource)
    .find((o) => o.metadata?.name === name && (o.metadata?.namespace ?? '') === namespace);
  if (!object)
    throw new LabFailure(
      'not-found',
      `${target.kind} ${namespace ? `${namespace}/` : ''}${name} no longer exists`,
    );
  const { managedFields: _managed, ...metadata } = object.metadata ?? {};
  const shown = redact({ ...object, metadata } as PlainObject);
  const events: InspectedEvent[] = source
    .list('events')
    .filter((e) => {
      const involved = e.involvedObject as { kind?: string; name?: string; namespace?: string } | undefined;
      return (
        involved?.kind === target.kind && involved.name === name && (involved.namespace ?? '') === namespace
      );
    })
    .map((e) => ({
      type: String(e.type ?? 'Normal'),
      reason: String(e.reason ?? ''),
      message: String(e.message ?? ''),
      count: Number(e.count ?? 1),
      ...(e.lastTimestamp ? { lastSeen: String(e.lastTimestamp) } : {}),
    }))
    .sort((a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? ''));
  const node = source.graph().nodes.find((n) => n.id === id);
  const logs =
    graphKind === 'pod'
      ? await source.podLogs(namespace, name).catch((err: Error) => `(no logs: ${err.message})`)
      : undefined;
  return {
    id,
    kind: target.kind,
    namespace,
    name,
    yaml: stringify(shown),
    events,
    ...(logs === undefined ? {} : { logs }),
    reasons: node?.reasons ?? [],
  };
}

/** The namespace's most recent events, newest last, as `kubectl get events` lists them. */
export function recentEvents(events: PlainObject[], limit: number): InspectedEvent[] {
  return events
    .map((e) => {
      const involved = e.involvedObject as { kind?: string; name?: string } | undefined;
      return {
        object: `${involved?.kind ?? ''} ${involved?.name ?? ''}`.trim(),
        type: String(e.type ?? 'Normal'),
        reason: String(e.reason ?? ''),
        message: String(e.message ?? ''),
        count: Number(e.count ?? 1),
        ...(e.lastTimestamp ? { lastSeen: String(e.lastTimestamp) } : {}),
      };
    })
    .sort((a, b) => (a.lastSeen ?? '').localeCompare(b.lastSeen ?? ''))
    .slice(-limit);
}
