// What the API layer needs from the simulator, as structural interfaces. The simulator's ObjectStore
// (core/sim/store/object-store.ts) satisfies ApiStore; keeping the port here lets the REST surface be
// tested with a stand-in and keeps core/sim/api free of the simulator's concrete types.

export interface StoreMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

export interface StoreObject {
  apiVersion?: string;
  kind?: string;
  metadata: StoreMeta;
  [key: string]: unknown;
}

export interface StoreListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface StoreWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoreObject;
}

export interface StoreDeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  dryRun?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ScaleObject {
  apiVersion: 'autoscaling/v1';
  kind: 'Scale';
  metadata: StoreMeta;
  spec: { replicas: number };
  status: { replicas: number; selector?: string };
}

/** The store calls, keyed by plural resource name (`deployments`, `horizontalpodautoscalers`, ...). */
export interface ApiStore {
  resourceVersion(): string;
  get(resource: string, namespace: string | undefined, name: string): StoreObject;
  list(resource: string, opts: StoreListOptions): { items: StoreObject[]; resourceVersion: string };
  create(resource: string, obj: StoreObject, opts: { dryRun?: boolean }): StoreObject;
  update(resource: string, obj: StoreObject | ScaleObject, opts: { subresource?: 'status' | 'scale'; dryRun?: boolean }): StoreObject | ScaleObject;
  delete(resource: string, namespace: string | undefined, name: string, opts: StoreDeleteOptions): StoreObject;
  watch(resource: string, opts: StoreListOptions & { resourceVersion?: string }, onEvent: (e: StoreWatchEvent) => void): () => void;
  getScale?(resource: 'deployments' | 'replicasets', namespace: string, name: string): ScaleObject;
}

export interface LogLine {
  /** Epoch ms on the virtual clock. */
  time: number;
  text: string;
}

export interface LogRequest {
  container: string;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

/** Container logs, as the fake kubelet keeps them. Both calls are optional so the API works without them. */
export interface LogSource {
  read(namespace: string, pod: string, req: LogRequest): LogLine[];
  /**
   * Calls onLine for the lines `req` selects (none with tailLines 0) and then every new line, until the
   * container instance ends (onEnd) or the returned function is called.
   */
  follow?(namespace: string, pod: string, req: LogRequest, onLine: (line: LogLine) => void, onEnd: () => void): () => void;
}

/** Lab-owned control operations (clock, faults, traffic) exposed under /lab/v1 for the CLI. */
export interface LabControl {
  clock?: {
    status(): Record<string, unknown>;
    pause(): void;
    resume(speed?: number): void;
    setSpeed(speed: number): void;
    advance(ms: number): void;
  };
  /** Named operations with a JSON body, e.g. faults.inject, traffic.start; each returns JSON. */
  operations?: Record<string, (body: Record<string, unknown>) => unknown>;
}

/** Resource usage for metrics.k8s.io (`kubectl top`). */
export interface MetricsSource {
  /** CPU millicores the pod uses now, or undefined when it is not running. */
  podCpuMilli(namespace: string, pod: string): number | undefined;
}

export interface SimClusterPort {
  readonly store: ApiStore;
  readonly clock: { now(): number };
  readonly logs?: LogSource;
  readonly metrics?: MetricsSource;
  readonly control?: LabControl;
}
