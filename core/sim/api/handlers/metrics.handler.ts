// metrics.k8s.io requests (`kubectl top`): PodMetrics/NodeMetrics computed from the simulator's usage model.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreObject } from '../cluster-port.js';
import { storeListOptions, type QueryOptions } from '../http/query-options.js';
import { sendJson } from '../http/responses.js';
import { metricsList, nodeMetrics, podMetrics } from '../metrics/metrics-api.js';
import { failure, methodNotAllowed, StatusError } from '../status.js';
import { isMap, type HandlerContext, type ResourceRoute } from './handler-context.js';

export function handleMetricsRequest(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: QueryOptions): void {
  const { store, cluster } = ctx;
  const { info } = route;
  const method = req.method ?? 'GET';
  if (method !== 'GET' || query.watch || route.subresource !== undefined) throw new StatusError(methodNotAllowed(method, info.group, info.resource));
  const source = cluster.metrics;
  if (!source) throw new StatusError(failure(503, 'ServiceUnavailable', 'the server is currently unable to handle the request (metrics are not available)'));
  const now = cluster.clock.now();
  const running = (pod: StoreObject): number | undefined =>
    isMap(pod.status) && pod.status.phase === 'Running' ? source.podCpuMilli(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '') : undefined;
  if (info.kind === 'PodMetrics') {
    const pods = route.name !== undefined ? [store.get('pods', route.namespace, route.name)] : store.list('pods', storeListOptions(route.namespace, query)).items;
    const items = pods.flatMap((p) => {
      const cpu = running(p);
      return cpu === undefined ? [] : [podMetrics(p, cpu, now)];
    });
    if (route.name !== undefined) {
      const item = items[0];
      if (!item) throw new StatusError(failure(404, 'NotFound', `podmetrics.metrics.k8s.io "${route.name}" not found`, { name: route.name, group: info.group, kind: 'pods' }));
      sendJson(res, 200, item);
      return;
    }
    sendJson(res, 200, metricsList('PodMetricsList', items));
    return;
  }
  const nodes = route.name !== undefined ? [store.get('nodes', undefined, route.name)] : store.list('nodes', storeListOptions(route.namespace, query)).items;
  const items = nodes.map((n) => {
    const pods = store
      .list('pods', { fieldSelector: `spec.nodeName=${n.metadata.name ?? ''}` })
      .items.flatMap((p) => {
        const cpu = running(p);
        return cpu === undefined ? [] : [{ pod: p, cpuMilli: cpu }];
      });
    return nodeMetrics(n, pods, now);
  });
  sendJson(res, 200, route.name !== undefined ? items[0] : metricsList('NodeMetricsList', items));
}
