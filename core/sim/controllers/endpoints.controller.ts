/**
 * Endpoints (pkg/controller/endpoint/endpoints_controller.go) and EndpointSlices
 * (pkg/controller/endpointslice + staging/src/k8s.io/endpointslice/utils.go) kept in one pass per
 * Service so the two never disagree. Slices hold at most 100 endpoints, like upstream's default.
 */
import type { EndpointAddress, EndpointSlice, Endpoints, IntOrString, Pod, Service, SliceEndpoint } from '../store/kube-types.js';
import { fromMatchLabels, matchesLabels, type Selector } from '../store/selectors.js';
import { WorkQueue } from './work-queue.js';
import { deepEqual, isPodReady, nsName, splitNsName } from './pod-util.js';
import type { Controller, SimContext } from './sim-context.js';

const MAX_ENDPOINTS_PER_SLICE = 100;
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

function resolveTargetPort(pod: Pod, target: IntOrString | undefined, port: number): number | undefined {
  if (target === undefined) return port;
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers) for (const p of c.ports ?? []) if (p.name === target) return p.containerPort;
  const n = Number(target);
  return Number.isFinite(n) && target !== '' ? n : undefined;
}

export class EndpointsController implements Controller {
  private readonly queue: WorkQueue;
  private readonly unwatch: (() => void)[] = [];
  /** namespace -> service key -> selector, so a pod event checks only its namespace's services. */
  private readonly selectors = new Map<string, Map<string, Selector>>();

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, (k) => this.sync(k));
    const { store } = ctx;
    this.unwatch.push(
      store.watch('services', {}, (e) => {
        const ns = e.object.metadata.namespace ?? '';
        let m = this.selectors.get(ns);
        if (!m) this.selectors.set(ns, (m = new Map()));
        const key = nsName(e.object);
        if (e.type === 'DELETED' || !e.object.spec.selector) m.delete(key);
        else m.set(key, fromMatchLabels(e.object.spec.selector));
        this.queue.add(key);
      }),
      store.watch('pods', {}, (e) => {
        const m = this.selectors.get(e.object.metadata.namespace ?? '');
        if (!m) return;
        for (const [key, sel] of m) if (matchesLabels(sel, e.object.metadata.labels)) this.queue.add(key);
      }),
    );
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    this.queue.dispose();
  }

  private sync(key: string): void {
    const [ns, name] = splitNsName(key);
    const { store } = this.ctx;
    const svc = store.tryGet('services', ns, name);
    if (!svc) {
      // Endpoints have no owner reference upstream; the controller deletes them with the Service.
      if (store.tryGet('endpoints', ns, name)) store.delete('endpoints', ns, name);
      for (const s of store.select('endpointslices', ns, fromMatchLabels({ [SERVICE_NAME_LABEL]: name }))) store.delete('endpointslices', ns, s.metadata.name!);
      return;
    }
    if (!svc.spec.selector || svc.spec.type === 'ExternalName') return;
    const pods = store.select('pods', ns, fromMatchLabels(svc.spec.selector));
    const publishNotReady = svc.spec.publishNotReadyAddresses === true;
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    const sliceEps: SliceEndpoint[] = [];
    const svcPorts = svc.spec.ports ?? [];
    let portsFrom: Pod | undefined;
    for (const p of pods) {
      const ip = p.status?.podIP;
      const phase = p.status?.phase;
      if (!ip || phase === 'Succeeded' || phase === 'Failed') continue;
      const terminating = !!p.metadata.deletionTimestamp;
      const podReady = isPodReady(p);
      const targetRef = { kind: 'Pod', namespace: ns, name: p.metadata.name!, uid: p.metadata.uid! };
      const addr: EndpointAddress = { ip, ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}), targetRef };
      // endpoints_controller.go: terminating pods are left out unless publishNotReadyAddresses.
      if (!terminating || publishNotReady) {
        if (podReady || publishNotReady) ready.push(addr);
        else notReady.push(addr);
      }
      sliceEps.push({
        addresses: [ip],
        conditions: { ready: publishNotReady || (podReady && !terminating), serving: podReady, terminating },
        ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
        targetRef,
      });
      portsFrom ??= p;
    }
    const ports = svcPorts
      .map((sp) => {
        const port = portsFrom ? resolveTargetPort(portsFrom, sp.targetPort, sp.port) : typeof sp.targetPort === 'number' ? sp.targetPort : sp.port;
        return port === undefined ? undefined : { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' };
      })
      .filter((p): p is { name?: string; port: number; protocol: string } => !!p);
    this.writeEndpoints(svc, ready, notReady, ports);
    this.writeSlices(svc, sliceEps, ports);
  }

  private writeEndpoints(svc: Service, ready: EndpointAddress[], notReady: EndpointAddress[], ports: { name?: string; port: number; protocol: string }[]): void {
    const { store } = this.ctx;
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const byIp = (a: EndpointAddress, b: EndpointAddress): number => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
    ready.sort(byIp);
    notReady.sort(byIp);
    const subsets =
      ready.length + notReady.length === 0
        ? undefined
        : [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }];
    const labels = { ...(svc.metadata.labels ?? {}), 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' };
    const existing = store.tryGet('endpoints', ns, name);
    if (!existing) {
      const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels } };
      if (subsets) ep.subsets = subsets;
      store.create('endpoints', ep);
      return;
    }
    if (deepEqual(existing.subsets, subsets) && deepEqual(existing.metadata.labels, labels)) return;
    const next: Endpoints = { ...existing, metadata: { ...existing.metadata, labels } };
    if (subsets) next.subsets = subsets;
    else delete next.subsets;
    store.update('endpoints', next);
  }

  private writeSlices(svc: Service, eps: SliceEndpoint[], ports: { name?: string; port: number; protocol: string }[]): void {
    const { store } = this.ctx;
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    eps.sort((a, b) => (a.targetRef!.name < b.targetRef!.name ? -1 : a.targetRef!.name > b.targetRef!.name ? 1 : 0));
    const chunks: SliceEndpoint[][] = [];
    for (let i = 0; i < eps.length; i += MAX_ENDPOINTS_PER_SLICE) chunks.push(eps.slice(i, i + MAX_ENDPOINTS_PER_SLICE));
    if (chunks.length === 0) chunks.push([]);
    const existing = store.select('endpointslices', ns, fromMatchLabels({ [SERVICE_NAME_LABEL]: name })).sort((a, b) =>
      (a.metadata.creationTimestamp ?? '') + a.metadata.name! < (b.metadata.creationTimestamp ?? '') + b.metadata.name! ? -1 : 1,
    );
    const labels = { [SERVICE_NAME_LABEL]: name, [MANAGED_BY]: 'endpointslice-controller.k8s.io', ...(svc.metadata.labels ?? {}) };
    const ownerReferences = [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }];
    chunks.forEach((chunk, i) => {
      const cur = existing[i];
      if (!cur) {
        const s: EndpointSlice = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: { generateName: `${name}-`, namespace: ns, labels, ownerReferences },
          addressType: 'IPv4',
          endpoints: chunk,
          ports,
        };
        store.create('endpointslices', s);
        return;
      }
      if (deepEqual(cur.endpoints, chunk) && deepEqual(cur.ports, ports) && deepEqual(cur.metadata.labels, labels)) return;
      store.update('endpointslices', { ...cur, metadata: { ...cur.metadata, labels }, endpoints: chunk, ports });
    });
    for (const extra of existing.slice(chunks.length)) store.delete('endpointslices', ns, extra.metadata.name!);
  }
}
