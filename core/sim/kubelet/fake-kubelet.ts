/**
 * The fake kubelet of every node: runs the stages of kubelet-stages.ts per pod and container,
 * plus the built-in logic the stages cannot express: probes (pkg/kubelet/prober), restarts with
 * CrashLoopBackOff (kuberuntime_manager.go doBackOff + client-go flowcontrol/backoff.go), graceful
 * termination (kuberuntime_container.go killContainer) and the simulated app (app-model.ts).
 */
import { rfc3339, type TimerHandle } from '../clock/virtual-clock.js';
import { fullyQualified, type ImageCatalog, type ImageProfile } from '../catalog/image-catalog.js';
import type { Condition, Container, ContainerState, ContainerStateTerminated, ContainerStatus, IntOrString, Pod, PodStatus, Probe } from '../store/kube-types.js';
import { ApiError } from '../store/api-error.js';
import { deepEqual, getCondition } from '../controllers/pod-util.js';
import type { Controller, SimContext } from '../controllers/sim-context.js';
import { behaviourFor, effectiveEnv, EnvError, type AppBehaviour, type FaultState } from './app-model.js';
import {
  BACKOFF_INITIAL_MS,
  BACKOFF_MAX_MS,
  KUBELET_STAGES,
  KUBELET_TICK_MS,
  LEASE_RENEW_MS,
  NODE_STATUS_REPORT_MS,
  fill,
  stageDelay,
  type KubeletStage,
  type StageName,
} from './kubelet-stages.js';
import { LogBuffer, type LogOptions } from './log-buffer.js';

const COMPONENT = 'kubelet';

type CState = 'waiting' | 'running' | 'terminated';

interface ProbeState {
  successes: number;
  failures: number;
  timer?: TimerHandle;
  /**
   * A readiness probe of a ready container, or a liveness probe, that succeeded: it would go on
   * succeeding, with nothing to record, until something it checks changes (the container stops,
   * drains, or a fault is injected), so it is not ticked. wakeProbes() puts it back on its
   * schedule, at the next tick it would have had. At 1,000 pods this is most of the clock's timers.
   */
  parked?: { tick: () => void; next: number; period: number };
}

interface ContainerRt {
  name: string;
  /** Its events' involvedObject.fieldPath ("spec.containers{app}"), built once. */
  fieldPath: string;
  /** An init container: runs to completion before the next one (or the app containers) starts. */
  init: boolean;
  spec: Container;
  profile?: ImageProfile;
  app?: AppBehaviour;
  state: CState;
  waitingReason: string;
  waitingMessage?: string;
  startedAt?: number;
  terminated?: ContainerStateTerminated;
  lastTerminated?: ContainerStateTerminated;
  restartCount: number;
  ready: boolean;
  started: boolean;
  containerId?: string;
  /** When the app starts accepting connections (undefined: never). */
  listeningAt?: number;
  draining: boolean;
  stopping: boolean;
  logs: LogBuffer;
  previousLogs?: LogBuffer;
  readiness: ProbeState;
  liveness: ProbeState;
  startup: ProbeState;
  timers: TimerHandle[];
  pullBackoffMs: number;
  reqBuckets: Float64Array;
  reqSecond: number;
  imageID: string;
  /** The last status built for this container and its state (containerStatus() reuses them). */
  builtStatus?: ContainerStatus;
  builtState?: ContainerState;
}

interface PodRt {
  uid: string;
  ns: string;
  name: string;
  node: string;
  ip?: string;
  sandboxReady: boolean;
  containers: ContainerRt[];
  inits: ContainerRt[];
  initDone: boolean;
  terminating: boolean;
  timers: TimerHandle[];
  startTime: number;
  frozen: boolean;
  removed: boolean;
}

interface NodeAgent {
  name: string;
  index: number;
  up: boolean;
  images: Set<string>;
  usedIps: Set<number>;
  leaseAt: number;
  /** serializeImagePulls (kubelet default true): one pull at a time per node. */
  pullFreeAt: number;
  /** Image ref -> when the pull already queued for it completes. */
  pulling: Map<string, number>;
  timers: TimerHandle[];
}

interface BackoffEntry {
  backoff: number;
  lastUpdate: number;
}

export interface ServeResult {
  outcome: 'ok' | 'error' | 'refused';
  status?: number;
  latencyMs: number;
  version?: string;
}

export function nodeInternalIP(index: number): string {
  return `172.18.0.${index + 2}`;
}

export function nodePodCIDR(index: number): string {
  return `10.244.${index}.0/24`;
}

export class FakeKubelet implements Controller {
  private readonly nodes = new Map<string, NodeAgent>();
  private readonly pods = new Map<string, PodRt>();
  private readonly crashBackoff = new Map<string, BackoffEntry>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private readonly unwatch: (() => void)[] = [];
  private readonly rng;

  constructor(
    private readonly ctx: SimContext,
    private readonly catalog: ImageCatalog,
    private readonly faults: FaultState,
  ) {
    this.rng = ctx.rng;
    this.unwatch.push(
      ctx.store.watch('pods', {}, (e) => {
        const p = e.object;
        const uid = p.metadata.uid!;
        if (e.type === 'DELETED') {
          const pr = this.pods.get(uid);
          if (pr) this.dispose1(pr);
          return;
        }
        const node = p.spec.nodeName;
        if (!node) return;
        const agent = this.nodes.get(node);
        if (!agent || !agent.up) return;
        let pr = this.pods.get(uid);
        if (!pr) {
          const phase = p.status?.phase;
          if (phase === 'Succeeded' || phase === 'Failed') return;
          pr = this.admit(p, agent);
        }
        if (p.metadata.deletionTimestamp && !pr.terminating) this.startTermination(pr, p);
      }),
    );
  }

  dispose(): void {
    this.unwatch.forEach((u) => u());
    for (const pr of this.pods.values()) this.cancelPodTimers(pr);
    for (const a of this.nodes.values()) a.timers.forEach((t) => this.ctx.clock.cancel(t));
  }

  // ------------------------------------------------------------------ nodes

  registerNode(name: string, index: number): void {
    const preloaded = this.catalog.all().filter((p) => p.preloaded).map((p) => p.ref);
    const agent: NodeAgent = { name, index, up: true, images: new Set(preloaded), usedIps: new Set(), leaseAt: this.ctx.clock.now(), pullFreeAt: 0, pulling: new Map(), timers: [] };
    this.nodes.set(name, agent);
    this.startHeartbeats(agent);
  }

  isNodeUp(name: string): boolean {
    return this.nodes.get(name)?.up ?? false;
  }

  /** Last lease renewal: what the node lifecycle controller watches. */
  leaseRenewedAt(name: string): number | undefined {
    return this.nodes.get(name)?.leaseAt;
  }

  private startHeartbeats(agent: NodeAgent): void {
    const { clock } = this.ctx;
    const renew = (): void => {
      if (!agent.up) return;
      agent.leaseAt = clock.now();
      agent.timers.push(clock.after(LEASE_RENEW_MS, renew));
    };
    const report = (): void => {
      if (!agent.up) return;
      this.postNodeStatus(agent);
      agent.timers.push(clock.after(NODE_STATUS_REPORT_MS, report));
    };
    agent.timers = [];
    renew();
    agent.timers.push(clock.after(NODE_STATUS_REPORT_MS, report));
  }

  private postNodeStatus(agent: NodeAgent): void {
    const { store, clock } = this.ctx;
    const n = store.tryGet('nodes', undefined, agent.name);
    if (!n) return;
    const now = rfc3339(clock.now());
    const status = structuredClone(n.status ?? {});
    status.conditions = (status.conditions ?? []).map((c) => {
      if (c.type === 'Ready') {
        const changed = c.status !== 'True';
        return {
          ...c,
          status: 'True' as const,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: changed ? now : c.lastTransitionTime,
        };
      }
      const healthy = { MemoryPressure: 'KubeletHasSufficientMemory', DiskPressure: 'KubeletHasNoDiskPressure', PIDPressure: 'KubeletHasSufficientPID' }[c.type];
      const changed = c.status !== 'False';
      return healthy ? { ...c, status: 'False' as const, reason: healthy, lastHeartbeatTime: now, lastTransitionTime: changed ? now : c.lastTransitionTime } : c;
    });
    status.images = [...agent.images].sort().map((ref) => {
      const p = this.catalog.resolve(ref);
      return { names: [`${fullyQualified(ref)}`], sizeBytes: p?.sizeBytes ?? 0 };
    });
    store.update('nodes', { ...n, status }, { subresource: 'status' });
  }

  /** Stops the node's kubelet and its containers (docker stop of a kind node). */
  setNodeUp(name: string, up: boolean): void {
    const agent = this.nodes.get(name);
    if (!agent || agent.up === up) return;
    agent.up = up;
    if (!up) {
      agent.timers.forEach((t) => this.ctx.clock.cancel(t));
      agent.timers = [];
      for (const pr of this.pods.values()) {
        if (pr.node !== name) continue;
        this.cancelPodTimers(pr);
        pr.frozen = true;
      }
      return;
    }
    // The node is back: the kubelet restarts, posts Ready, removes pods deleted meanwhile and
    // restarts the containers of the rest (new sandbox, restartCount + 1).
    this.startHeartbeats(agent);
    this.postNodeStatus(agent);
    const { store } = this.ctx;
    for (const p of store.podsOnNode(name)) {
      const pr = this.pods.get(p.metadata.uid!);
      if (p.metadata.deletionTimestamp) {
        if (pr) this.dispose1(pr);
        this.removePod(p.metadata.namespace!, p.metadata.name!);
        continue;
      }
      if (pr) {
        pr.frozen = false;
        this.emit(pr, 'sandboxChanged', {});
        pr.initDone = pr.inits.length === 0;
        for (const c of [...pr.inits, ...pr.containers]) {
          const finished = rfc3339(this.ctx.clock.now());
          c.lastTerminated = { exitCode: 255, reason: 'Unknown', startedAt: c.startedAt !== undefined ? rfc3339(c.startedAt) : finished, finishedAt: finished, containerID: c.containerId };
          if (c.state !== 'waiting' || c.startedAt !== undefined) c.restartCount++;
          c.state = 'waiting';
          c.waitingReason = 'ContainerCreating';
          c.ready = false;
          c.started = false;
          c.listeningAt = undefined;
          c.draining = false;
          c.logs.close();
          c.previousLogs = c.logs;
          c.logs = new LogBuffer();
        }
        pr.sandboxReady = false;
        this.markDirty(pr);
        this.after(pr, stageDelay('sandbox'), () => {
          pr.sandboxReady = true;
          this.markDirty(pr);
          this.startContainers(pr);
        });
      } else {
        this.admit(p, agent);
      }
    }
  }

  // ------------------------------------------------------------------ pod admission and start

  private admit(p: Pod, agent: NodeAgent): PodRt {
    const pr: PodRt = {
      uid: p.metadata.uid!,
      ns: p.metadata.namespace!,
      name: p.metadata.name!,
      node: agent.name,
      sandboxReady: false,
      containers: p.spec.containers.map((c) => this.newContainer(c, false, (p.spec.initContainers ?? []).length > 0)),
      inits: (p.spec.initContainers ?? []).map((c) => this.newContainer(c, true, false)),
      initDone: (p.spec.initContainers ?? []).length === 0,
      terminating: false,
      timers: [],
      startTime: this.ctx.clock.now(),
      frozen: false,
      removed: false,
    };
    this.pods.set(pr.uid, pr);
    this.markDirty(pr);
    if (p.metadata.deletionTimestamp) return pr;
    const hostNetwork = p.spec['hostNetwork'] === true;
    this.after(pr, stageDelay('sandbox'), () => {
      pr.ip = hostNetwork ? nodeInternalIP(agent.index) : this.allocateIp(agent);
      pr.sandboxReady = true;
      this.markDirty(pr);
      this.startContainers(pr);
    });
    return pr;
  }

  /** Init containers one at a time, in order; then all app containers. */
  private startContainers(pr: PodRt): void {
    if (!pr.initDone) {
      const next = pr.inits.find((c) => !(c.state === 'terminated' && c.terminated?.exitCode === 0));
      if (next) {
        if (next.state === 'waiting') this.prepareContainer(pr, next);
        return;
      }
      pr.initDone = true;
      this.markDirty(pr);
    }
    for (const c of pr.containers) {
      c.waitingReason = 'ContainerCreating';
      this.prepareContainer(pr, c);
    }
  }

  private newContainer(spec: Container, init: boolean, afterInits: boolean): ContainerRt {
    const profile = spec.image ? this.catalog.resolve(spec.image) : undefined;
    return {
      name: spec.name,
      fieldPath: `spec.containers{${spec.name}}`,
      init,
      spec,
      profile,
      state: 'waiting',
      waitingReason: afterInits ? 'PodInitializing' : 'ContainerCreating',
      restartCount: 0,
      ready: false,
      started: false,
      draining: false,
      stopping: false,
      logs: new LogBuffer(),
      readiness: { successes: 0, failures: 0 },
      liveness: { successes: 0, failures: 0 },
      startup: { successes: 0, failures: 0 },
      timers: [],
      pullBackoffMs: 0,
      reqBuckets: new Float64Array(60),
      reqSecond: 0,
      imageID: '',
    };
  }

  private allocateIp(agent: NodeAgent): string {
    for (let i = 0; i < 1000; i++) {
      const host = 2 + this.rng.int(252);
      if (!agent.usedIps.has(host)) {
        agent.usedIps.add(host);
        return `10.244.${agent.index}.${host}`;
      }
    }
    return `10.244.${agent.index}.254`;
  }

  private releaseIp(pr: PodRt): void {
    if (!pr.ip || !pr.ip.startsWith('10.244.')) return;
    const agent = this.nodes.get(pr.node);
    agent?.usedIps.delete(Number(pr.ip.split('.')[3]));
  }

  private params(pr: PodRt, c?: ContainerRt): Record<string, string | number> {
    return { pod: pr.name, namespace: pr.ns, uid: pr.uid, container: c?.name ?? '', image: c?.spec.image ?? '' };
  }

  private emit(pr: PodRt, stage: StageName, extra: Record<string, string | number>, c?: ContainerRt): void {
    const s: KubeletStage = KUBELET_STAGES[stage];
    const p = Object.assign(this.params(pr, c), extra);
    const pod = this.ctx.store.tryGet('pods', pr.ns, pr.name);
    if (!pod) return;
    const opts = c ? { host: pr.node, fieldPath: c.fieldPath } : { host: pr.node };
    if (s.event) this.ctx.recorder.record(pod, s.event.type, s.event.reason, fill(s.event.message, p), COMPONENT, opts);
    for (const ev of s.alsoEvents ?? []) this.ctx.recorder.record(pod, ev.type, ev.reason, fill(ev.message, p), COMPONENT, opts);
  }

  private after(pr: PodRt, ms: number, fn: () => void, c?: ContainerRt): void {
    const { clock } = this.ctx;
    const at = Math.ceil((clock.now() + ms) / KUBELET_TICK_MS) * KUBELET_TICK_MS;
    const h = clock.schedule(at, () => {
      if (pr.removed || pr.frozen) return;
      fn();
    });
    (c ? c.timers : pr.timers).push(h);
    if ((c ? c.timers : pr.timers).length > 64) {
      // Drop handles of timers that have fired.
      const list = c ? c.timers : pr.timers;
      const keep = list.filter((t) => t.at > clock.now());
      list.length = 0;
      list.push(...keep);
    }
  }

  private cancelContainerTimers(c: ContainerRt): void {
    for (const t of c.timers) this.ctx.clock.cancel(t);
    c.timers = [];
    for (const ps of [c.readiness, c.liveness, c.startup]) {
      this.ctx.clock.cancel(ps.timer);
      ps.timer = undefined;
      ps.parked = undefined;
    }
  }

  /** Puts the container's parked probes back on their schedule: something they check changed. */
  private wakeProbes(c: ContainerRt): void {
    const now = this.ctx.clock.now();
    for (const ps of [c.readiness, c.liveness]) {
      const p = ps.parked;
      if (!p) continue;
      ps.parked = undefined;
      const at = p.next >= now ? p.next : p.next + Math.ceil((now - p.next) / p.period) * p.period;
      ps.timer = this.ctx.clock.schedule(at, p.tick);
    }
  }

  /** An injected fault changed what the apps answer (FaultInjector): every probe looks again. */
  faultsChanged(): void {
    for (const pr of this.pods.values()) for (const c of pr.containers) this.wakeProbes(c);
  }

  private cancelPodTimers(pr: PodRt): void {
    for (const t of pr.timers) this.ctx.clock.cancel(t);
    pr.timers = [];
    for (const c of [...pr.inits, ...pr.containers]) this.cancelContainerTimers(c);
  }

  /** Env + image, then create and start. */
  private prepareContainer(pr: PodRt, c: ContainerRt): void {
    if (pr.terminating) return;
    const pod = this.ctx.store.tryGet('pods', pr.ns, pr.name);
    if (!pod) return;
    let env: Record<string, string>;
    try {
      env = effectiveEnv(c.spec, {
        configMap: (n) => this.ctx.store.tryGet('configmaps', pr.ns, n),
        secret: (n) => this.ctx.store.tryGet('secrets', pr.ns, n),
        field: (path) =>
          ({ 'metadata.name': pr.name, 'metadata.namespace': pr.ns, 'status.podIP': pr.ip ?? '', 'spec.nodeName': pr.node, 'metadata.uid': pr.uid })[path],
      });
    } catch (e) {
      if (!(e instanceof EnvError)) throw e;
      c.state = 'waiting';
      c.waitingReason = 'CreateContainerConfigError';
      c.waitingMessage = e.message;
      this.markDirty(pr);
      this.emit(pr, 'configError', { error: e.message }, c);
      this.after(pr, stageDelay('configRetry'), () => this.prepareContainer(pr, c), c);
      return;
    }
    const agent = this.nodes.get(pr.node)!;
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = agent.images.has(c.profile?.ref ?? `missing:${image}`);
    const proceed = (): void => {
      c.app = behaviourFor(c.profile!, c.spec, env);
      c.imageID = `${fullyQualified(image).replace(/:[^:/]+$/, '')}@${c.profile!.digest}`;
      this.createAndStart(pr, c);
    };
    if (c.profile && present && policy !== 'Always') {
      this.emit(pr, 'imagePresent', {}, c);
      proceed();
      return;
    }
    if (policy === 'Never') {
      c.waitingReason = 'ErrImageNeverPull';
      c.waitingMessage = fill(KUBELET_STAGES.neverPull.event.message, { image });
      this.emit(pr, 'neverPull', {}, c);
      this.markDirty(pr);
      return;
    }
    this.emit(pr, 'pullStart', {}, c);
    if (!c.profile) {
      this.after(
        pr,
        stageDelay('pullNotFound'),
        () => {
          const fq = fullyQualified(image);
          c.waitingReason = 'ErrImagePull';
          c.waitingMessage = fill(KUBELET_STAGES.pullNotFound.event.message, { image, fq });
          this.emit(pr, 'pullNotFound', { fq }, c);
          this.markDirty(pr);
          // images/image_manager.go: back-off per image, 10 s doubling to 300 s.
          c.pullBackoffMs = c.pullBackoffMs === 0 ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, c.pullBackoffMs * 2);
          this.after(
            pr,
            stageDelay('pullBackOff'),
            () => {
              c.waitingReason = 'ImagePullBackOff';
              c.waitingMessage = `Back-off pulling image "${image}"`;
              this.emit(pr, 'pullBackOff', {}, c);
              this.markDirty(pr);
            },
            c,
          );
          this.after(pr, c.pullBackoffMs, () => this.prepareContainer(pr, c), c);
        },
        c,
      );
      return;
    }
    // Pulls on a node are serialised; a request whose image another request is already fetching
    // only re-resolves the manifest once its turn comes (containerd has the layers by then).
    const now = this.ctx.clock.now();
    const ref = c.profile.ref;
    const start = Math.max(now, agent.pullFreeAt);
    const inFlight = agent.pulling.get(ref);
    const pullMs = present || (inFlight !== undefined && inFlight <= start) ? MANIFEST_CHECK_MS : Math.round(c.profile.pullSeconds * 1000);
    const end = start + pullMs;
    agent.pullFreeAt = end;
    if (inFlight === undefined && !present) agent.pulling.set(ref, end);
    this.after(
      pr,
      stageDelay('pullDone', { pullMs: end - now }),
      () => {
        agent.images.add(ref);
        if (agent.pulling.get(ref) === end) agent.pulling.delete(ref);
        this.emit(pr, 'pullDone', { pullDuration: goDuration(pullMs), totalDuration: goDuration(end - now), size: c.profile!.sizeBytes }, c);
        proceed();
      },
      c,
    );
  }

  private createAndStart(pr: PodRt, c: ContainerRt): void {
    this.after(
      pr,
      stageDelay('create'),
      () => {
        this.emit(pr, 'create', {}, c);
        this.after(
          pr,
          stageDelay('start'),
          () => {
            if (pr.terminating) return;
            this.emit(pr, 'start', {}, c);
            this.runContainer(pr, c);
          },
          c,
        );
      },
      c,
    );
  }

  private runContainer(pr: PodRt, c: ContainerRt): void {
    const { clock } = this.ctx;
    const now = clock.now();
    const app = c.app!;
    c.state = 'running';
    c.startedAt = now;
    c.terminated = undefined;
    c.waitingMessage = undefined;
    c.containerId = `containerd://${this.hex64()}`;
    c.started = !c.spec.startupProbe;
    c.ready = false;
    c.draining = false;
    c.stopping = false;
    c.readiness = { successes: 0, failures: 0 };
    c.liveness = { successes: 0, failures: 0 };
    c.startup = { successes: 0, failures: 0 };
    c.listeningAt = undefined;
    this.markDirty(pr);
    if (c.init) {
      // Init containers of shell images run their script to completion ("sleep N" takes N s,
      // anything else about a second); a server image never completes, as on a real cluster.
      if (app.profile.server === 'shell' || app.crashOnStart) {
        const cmd = [...(c.spec.command ?? []), ...(c.spec.args ?? [])].join(' ');
        const m = cmd.match(/sleep\s+(\d+(?:\.\d+)?)/);
        const runMs = m ? Number(m[1]) * 1000 : 1000;
        this.after(pr, runMs, () => (app.crashOnStart ? this.containerExited(pr, c, 1, 'Error') : this.containerExited(pr, c, 0, 'Completed')), c);
      }
      return;
    }
    if (app.exitsImmediately) {
      this.after(pr, 300, () => this.containerExited(pr, c, 0, 'Completed'), c);
      return;
    }
    const startupMs = Math.round(app.startupSeconds * 1000);
    const p = app.profile;
    if (p.server === 'gunicorn') {
      c.logs.push(now, `[${gunicornTime(now)}] [1] [INFO] Starting gunicorn 26.2.0`);
    } else if (p.server === 'nginx') {
      c.logs.push(now, `/docker-entrypoint.sh: Configuration complete; ready for start up`);
    }
    if (app.crashOnStart) {
      this.after(
        pr,
        Math.max(startupMs, 500),
        () => {
          const t = clock.now();
          c.logs.push(t, 'Traceback (most recent call last):');
          c.logs.push(t, '  File "/app/app.py", line 31, in <module>');
          c.logs.push(t, '    raise RuntimeError("CRASH_ON_START is set: exiting on purpose")');
          c.logs.push(t, 'RuntimeError: CRASH_ON_START is set: exiting on purpose');
          this.containerExited(pr, c, 1, 'Error');
        },
        c,
      );
    } else {
      this.after(
        pr,
        startupMs,
        () => {
          const t = clock.now();
          c.listeningAt = t;
          if (p.server === 'gunicorn') {
            c.logs.push(t, `[${gunicornTime(t)}] [1] [INFO] Listening at: http://0.0.0.0:${p.port} (1)`);
            c.logs.push(t, `[${gunicornTime(t)}] [1] [INFO] Using worker: gthread`);
            c.logs.push(t, `[${gunicornTime(t)}] [7] [INFO] Booting worker with pid: 7`);
            c.logs.push(t, `pyweb ${p.version} (${p.colour}) ready on port ${p.port}`);
          } else if (p.server === 'nginx') {
            c.logs.push(t, `${nginxTime(t)} [notice] 1#1: start worker processes`);
          }
          this.markDirty(pr);
        },
        c,
      );
    }
    // Without a readiness probe a started container counts as ready at once.
    if (!c.spec.readinessProbe && c.started) c.ready = true;
    this.startProbes(pr, c);
  }

  private hex64(): string {
    let s = '';
    for (let i = 0; i < 8; i++) s += this.rng.int(0x100000000).toString(16).padStart(8, '0');
    return s;
  }

  // ------------------------------------------------------------------ app state

  private listening(c: ContainerRt): boolean {
    return c.state === 'running' && c.listeningAt !== undefined && c.listeningAt <= this.ctx.clock.now() && !c.stopping;
  }

  private resolvePort(c: ContainerRt, port: IntOrString): number | undefined {
    if (typeof port === 'number') return port;
    const named = c.spec.ports?.find((p) => p.name === port);
    if (named) return named.containerPort;
    const n = Number(port);
    return Number.isFinite(n) ? n : undefined;
  }

  /** One probe against the simulated app: undefined = success, else the failure text. */
  private probeOnce(pr: PodRt, c: ContainerRt, probe: Probe): string | undefined {
    const ip = pr.ip ?? '';
    const app = c.app;
    if (probe.exec) return c.state === 'running' ? undefined : 'container is not running';
    const port = this.resolvePort(c, probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port ?? 0);
    const listening = this.listening(c) && app !== undefined && port === app.profile.port;
    if (probe.tcpSocket || probe.grpc) return listening ? undefined : `dial tcp ${ip}:${port}: connect: connection refused`;
    const path = probe.httpGet?.path ?? '/';
    if (!listening) return `Get "http://${ip}:${port}${path}": dial tcp ${ip}:${port}: connect: connection refused`;
    const endpoints = app!.profile.endpoints;
    const q = path.indexOf('?');
    const bare = q >= 0 ? path.slice(0, q) : path;
    if (!endpoints.includes(bare)) return 'HTTP probe failed with statuscode: 404';
    if (bare === '/ready' && (app!.failReadiness || this.faults.failsReadiness(app!.profile) || c.draining)) return 'HTTP probe failed with statuscode: 503';
    return undefined;
  }

  // ------------------------------------------------------------------ probes

  private startProbes(pr: PodRt, c: ContainerRt): void {
    const spec = c.spec;
    if (spec.startupProbe) this.loopProbe(pr, c, 'startup', spec.startupProbe);
    else this.startMainProbes(pr, c);
  }

  private startMainProbes(pr: PodRt, c: ContainerRt): void {
    if (c.spec.readinessProbe) this.loopProbe(pr, c, 'readiness', c.spec.readinessProbe);
    else if (c.state === 'running') {
      c.ready = true;
      this.markDirty(pr);
    }
    if (c.spec.livenessProbe) this.loopProbe(pr, c, 'liveness', c.spec.livenessProbe);
  }

  private loopProbe(pr: PodRt, c: ContainerRt, kind: 'readiness' | 'liveness' | 'startup', probe: Probe): void {
    const { clock } = this.ctx;
    const ps = c[kind];
    const period = (probe.periodSeconds ?? 10) * 1000;
    const tick = (): void => {
      ps.timer = undefined;
      if (pr.removed || pr.frozen || c.state !== 'running') return;
      const failure = this.probeOnce(pr, c, probe);
      const label = kind === 'readiness' ? 'Readiness' : kind === 'liveness' ? 'Liveness' : 'Startup';
      if (failure === undefined) {
        ps.successes++;
        ps.failures = 0;
        if (kind === 'readiness' && !c.ready && ps.successes >= (probe.successThreshold ?? 1)) {
          c.ready = true;
          this.markDirty(pr);
        }
        if (kind === 'startup' && !c.started) {
          c.started = true;
          this.markDirty(pr);
          this.startMainProbes(pr, c);
          return;
        }
      } else {
        ps.failures++;
        ps.successes = 0;
        const pod = this.ctx.store.tryGet('pods', pr.ns, pr.name);
        if (pod)
          this.ctx.recorder.record(pod, 'Warning', 'Unhealthy', `${label} probe failed: ${failure}`, COMPONENT, {
            host: pr.node,
            fieldPath: c.fieldPath,
          });
        const threshold = probe.failureThreshold ?? 3;
        if (kind === 'readiness' && c.ready && ps.failures >= threshold) {
          c.ready = false;
          this.markDirty(pr);
        }
        if ((kind === 'liveness' || kind === 'startup') && ps.failures >= threshold && !pr.terminating) {
          if (pod)
            this.ctx.recorder.record(pod, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`, COMPONENT, {
              host: pr.node,
              fieldPath: c.fieldPath,
            });
          this.killForRestart(pr, c);
          return;
        }
      }
      if (failure === undefined && kind !== 'startup' && (kind === 'liveness' || c.ready)) {
        ps.parked = { tick, next: clock.now() + period, period };
        return;
      }
      ps.timer = clock.after(period, tick);
    };
    const first = (probe.initialDelaySeconds ?? 0) * 1000;
    ps.timer = clock.after(first, tick);
  }

  /** Liveness/startup failure: stop the app the way SIGTERM would, then the restart logic applies. */
  private killForRestart(pr: PodRt, c: ContainerRt): void {
    const app = c.app;
    this.cancelContainerTimers(c);
    if (app?.ignoreSigterm) {
      const grace = (this.ctx.store.tryGet('pods', pr.ns, pr.name)?.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      c.stopping = true;
      this.after(pr, grace, () => this.containerExited(pr, c, 137, 'Error'), c);
    } else if (app?.profile.drainsOnSigterm) {
      c.stopping = true;
      this.after(pr, 500, () => this.containerExited(pr, c, 0, 'Completed'), c);
    } else {
      c.stopping = true;
      this.after(pr, stageDelay('exitOnSigterm'), () => this.containerExited(pr, c, 143, 'Error'), c);
    }
  }

  // ------------------------------------------------------------------ exits and restarts

  /** Fault: the container's process dies now (OOM kill or crash). */
  crashContainer(ns: string, pod: string, container?: string, exitCode = 137): boolean {
    const p = this.ctx.store.tryGet('pods', ns, pod);
    const pr = p ? this.pods.get(p.metadata.uid!) : undefined;
    if (!pr || pr.frozen) return false;
    const c = container ? pr.containers.find((x) => x.name === container) : pr.containers.find((x) => x.state === 'running');
    if (!c || c.state !== 'running') return false;
    this.containerExited(pr, c, exitCode, exitCode === 137 ? 'OOMKilled' : 'Error');
    return true;
  }

  private containerExited(pr: PodRt, c: ContainerRt, exitCode: number, reason: string): void {
    const { clock, store } = this.ctx;
    if (c.state !== 'running') return;
    this.cancelContainerTimers(c);
    const now = clock.now();
    c.state = 'terminated';
    c.ready = false;
    c.listeningAt = undefined;
    c.stopping = false;
    c.draining = false;
    c.logs.close();
    c.terminated = {
      exitCode,
      reason,
      startedAt: rfc3339(c.startedAt ?? now),
      finishedAt: rfc3339(now),
      containerID: c.containerId,
    };
    this.markDirty(pr);
    if (pr.terminating) {
      if ([...pr.inits, ...pr.containers].every((x) => x.state !== 'running')) this.finishTermination(pr);
      return;
    }
    const pod = store.tryGet('pods', pr.ns, pr.name);
    const policy = pod?.spec.restartPolicy ?? 'Always';
    if (c.init && exitCode === 0) {
      this.startContainers(pr);
      return;
    }
    if (c.init && policy === 'Never') return;
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
      this.markDirty(pr);
      return;
    }
    this.after(pr, stageDelay('syncAfterExit'), () => this.maybeRestart(pr, c), c);
  }

  /** kuberuntime_manager.go doBackOff + flowcontrol.Backoff (IsInBackOffSince / Next). */
  private maybeRestart(pr: PodRt, c: ContainerRt): void {
    const { clock } = this.ctx;
    const now = clock.now();
    const key = `${pr.uid}/${c.name}`;
    const finishedAt = Date.parse(c.terminated?.finishedAt ?? '') || now;
    let entry = this.crashBackoff.get(key);
    const expired = entry !== undefined && now - entry.lastUpdate > 2 * BACKOFF_MAX_MS;
    if (entry && !expired && now - finishedAt < entry.backoff) {
      const wait = entry.backoff;
      c.lastTerminated = c.terminated;
      c.state = 'waiting';
      c.waitingReason = 'CrashLoopBackOff';
      c.waitingMessage = `back-off ${formatDuration(wait)} restarting failed container=${c.name} pod=${pr.name}_${pr.ns}(${pr.uid})`;
      this.emit(pr, 'crashBackOff', {}, c);
      this.markDirty(pr);
      const at = finishedAt + wait;
      const h = clock.schedule(at, () => {
        if (pr.removed || pr.frozen || pr.terminating) return;
        this.restartNow(pr, c, key);
      });
      c.timers.push(h);
      return;
    }
    if (expired) entry = undefined;
    this.restartNow(pr, c, key, entry);
  }

  private restartNow(pr: PodRt, c: ContainerRt, key: string, entryIn?: BackoffEntry): void {
    const now = this.ctx.clock.now();
    const entry = entryIn ?? this.crashBackoff.get(key);
    if (!entry || now - entry.lastUpdate > 2 * BACKOFF_MAX_MS) this.crashBackoff.set(key, { backoff: BACKOFF_INITIAL_MS, lastUpdate: now });
    else this.crashBackoff.set(key, { backoff: Math.min(BACKOFF_MAX_MS, entry.backoff * 2), lastUpdate: now });
    if (c.terminated) c.lastTerminated = c.terminated;
    c.terminated = undefined;
    c.restartCount++;
    c.previousLogs = c.logs;
    c.logs = new LogBuffer();
    c.state = 'waiting';
    c.waitingReason = 'ContainerCreating';
    this.markDirty(pr);
    // The image is on the node now; the kubelet goes straight to "already present".
    this.prepareContainer(pr, c);
  }

  // ------------------------------------------------------------------ termination

  private preStopMs(c: ContainerRt): number {
    const ps = c.spec.lifecycle?.preStop;
    if (!ps) return 0;
    if (ps.sleep) return ps.sleep.seconds * 1000;
    const cmd = (ps.exec?.command ?? []).join(' ');
    const m = cmd.match(/sleep\s+(\d+(?:\.\d+)?)/);
    return m ? Number(m[1]) * 1000 : 0;
  }

  private startTermination(pr: PodRt, p: Pod): void {
    const { clock } = this.ctx;
    pr.terminating = true;
    const deadline = Date.parse(p.metadata.deletionTimestamp ?? '') || clock.now();
    let anyRunning = false;
    for (const c of [...pr.inits, ...pr.containers]) {
      if (c.state !== 'running') {
        this.cancelContainerTimers(c);
        continue;
      }
      anyRunning = true;
      this.emit(pr, 'stop', {}, c);
      const preStop = Math.min(this.preStopMs(c), Math.max(0, deadline - clock.now()));
      this.after(pr, preStop, () => this.sigterm(pr, c), c);
    }
    if (!anyRunning) {
      // Nothing to stop: the kubelet deletes the pod on its next sync.
      this.after(pr, KUBELET_TICK_MS, () => this.finishTermination(pr));
      return;
    }
    const h = clock.schedule(Math.max(deadline, clock.now()), () => {
      if (pr.removed || pr.frozen) return;
      for (const c of [...pr.inits, ...pr.containers]) if (c.state === 'running') this.containerExited(pr, c, 137, 'Error');
      this.finishTermination(pr);
    });
    pr.timers.push(h);
  }

  private sigterm(pr: PodRt, c: ContainerRt): void {
    const app = c.app;
    const now = this.ctx.clock.now();
    if (!app) {
      this.containerExited(pr, c, 137, 'Error');
      return;
    }
    if (app.profile.server === 'gunicorn') c.logs.push(now, `[${gunicornTime(now)}] [1] [INFO] Handling signal: term`);
    if (app.ignoreSigterm) return;
    if (app.profile.drainsOnSigterm) {
      c.draining = true;
      this.wakeProbes(c);
      this.after(
        pr,
        app.profile.drainSeconds * 1000,
        () => {
          const t = this.ctx.clock.now();
          if (app.profile.server === 'gunicorn') {
            c.logs.push(t, `[${gunicornTime(t)}] [7] [INFO] Worker exiting (pid: 7)`);
            c.logs.push(t, `[${gunicornTime(t)}] [1] [INFO] Shutting down: Master`);
          }
          this.containerExited(pr, c, 0, 'Completed');
        },
        c,
      );
    } else {
      c.stopping = true;
      this.wakeProbes(c);
      this.after(pr, stageDelay('exitOnSigterm'), () => this.containerExited(pr, c, 143, 'Error'), c);
    }
  }

  private finishTermination(pr: PodRt): void {
    if (pr.removed) return;
    this.flushOne(pr);
    this.dispose1(pr);
    this.removePod(pr.ns, pr.name);
  }

  private removePod(ns: string, name: string): void {
    try {
      this.ctx.store.delete('pods', ns, name, { gracePeriodSeconds: 0 });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 404)) throw e;
    }
  }

  private dispose1(pr: PodRt): void {
    if (pr.removed) return;
    pr.removed = true;
    this.cancelPodTimers(pr);
    this.releaseIp(pr);
    this.pods.delete(pr.uid);
    this.dirty.delete(pr.uid);
    for (const c of [...pr.inits, ...pr.containers]) {
      c.logs.close();
      this.crashBackoff.delete(`${pr.uid}/${c.name}`);
    }
  }

  // ------------------------------------------------------------------ status

  private markDirty(pr: PodRt): void {
    this.dirty.add(pr.uid);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.ctx.clock.after(0, () => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const uids = [...this.dirty];
    this.dirty.clear();
    for (const uid of uids) {
      const pr = this.pods.get(uid);
      if (pr && !pr.removed && !pr.frozen) this.flushOne(pr);
    }
  }

  private flushOne(pr: PodRt): void {
    const { store } = this.ctx;
    const pod = store.tryGet('pods', pr.ns, pr.name);
    if (!pod || pod.metadata.uid !== pr.uid) return;
    const status = this.buildStatus(pr, pod);
    if (deepEqual(status, pod.status)) return;
    store.update('pods', { ...pod, status }, { subresource: 'status' });
  }

  private buildStatus(pr: PodRt, pod: Pod): PodStatus {
    const now = rfc3339(this.ctx.clock.now());
    const old = pod.status ?? {};
    const cond = (type: string, ok: boolean, reason?: string, message?: () => string): Condition => {
      const prev = getCondition(old.conditions, type);
      const status = ok ? 'True' : 'False';
      const r = ok ? undefined : reason;
      const m = r && message ? message() : undefined;
      // Unchanged: hand back the previous object (less to allocate, keep and compare).
      if (prev && prev.status === status && prev.reason === r && prev.message === m && prev.lastProbeTime === null && keyCount(prev) === 4 + (r ? 1 : 0) + (m ? 1 : 0)) return prev;
      const c: Condition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
      if (r) {
        c.reason = r;
        if (m) c.message = m;
      }
      return c;
    };
    let allReady = pr.containers.length > 0;
    for (const c of pr.containers) if (!c.ready) allReady = false;
    const msg = (): string => `containers with unready status: [${pr.containers.filter((c) => !c.ready).map((c) => c.name).join(' ')}]`;
    const agent = this.nodes.get(pr.node);
    const hostIP = agent ? nodeInternalIP(agent.index) : undefined;
    const statuses = pr.containers.map(containerStatus);
    const incomplete = (): string => `containers with incomplete status: [${pr.inits.filter((c) => !(c.state === 'terminated' && c.terminated?.exitCode === 0)).map((c) => c.name).join(' ')}]`;
    const podScheduled = getCondition(old.conditions, 'PodScheduled') ?? { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: now };
    const conditions: Condition[] = [
      cond('PodReadyToStartContainers', pr.sandboxReady),
      cond('Initialized', pr.initDone, 'ContainersNotInitialized', incomplete),
      cond('Ready', allReady, 'ContainersNotReady', msg),
      cond('ContainersReady', allReady, 'ContainersNotReady', msg),
      podScheduled,
    ];
    // Assigned field by field (same key order as the apiserver's JSON) rather than spreading
    // temporary objects: this runs for every pod status change.
    const status: PodStatus = { phase: this.phase(pr, pod), conditions };
    if (hostIP) {
      status.hostIP = hostIP;
      status.hostIPs = old.hostIP === hostIP && old.hostIPs?.length === 1 && old.hostIPs[0]!.ip === hostIP ? old.hostIPs : [{ ip: hostIP }];
    }
    if (pr.ip) {
      status.podIP = pr.ip;
      status.podIPs = old.podIP === pr.ip && old.podIPs?.length === 1 && old.podIPs[0]!.ip === pr.ip ? old.podIPs : [{ ip: pr.ip }];
    }
    status.startTime = rfc3339(pr.startTime);
    if (pr.inits.length) status.initContainerStatuses = pr.inits.map(containerStatus);
    status.containerStatuses = statuses;
    status.qosClass = old.qosClass ?? 'BestEffort';
    return status;
  }

  /** kubelet_pods.go getPhase, reduced. */
  private phase(pr: PodRt, pod: Pod): PodStatus['phase'] {
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (!pr.initDone) return 'Pending';
    let running = 0;
    let waiting = 0;
    let succeeded = 0;
    let failed = 0;
    for (const c of pr.containers) {
      if (c.state === 'running') running++;
      else if (c.state === 'terminated') {
        if (c.terminated?.exitCode === 0) succeeded++;
        else failed++;
      } else if (c.lastTerminated) running++;
      else waiting++;
    }
    if (waiting > 0) return 'Pending';
    if (running > 0) return 'Running';
    if (pr.terminating) return failed > 0 ? 'Failed' : 'Succeeded';
    if (policy === 'Always') return 'Running';
    if (failed > 0 && policy === 'Never') return 'Failed';
    if (succeeded + failed === pr.containers.length) return failed > 0 && policy === 'OnFailure' ? 'Running' : 'Succeeded';
    return 'Running';
  }

  // ------------------------------------------------------------------ traffic, metrics, logs

  /** A request reaching the pod's IP on `port`: the app answers according to its real state. */
  serve(podUid: string, port: number, path: string, client: { ip: string; errorRoll: number; jitter: number }): ServeResult {
    const pr = this.pods.get(podUid);
    if (!pr) return { outcome: 'refused', latencyMs: 1 };
    const agent = this.nodes.get(pr.node);
    if (!agent?.up || pr.frozen) return { outcome: 'error', latencyMs: 1000 };
    const c = pr.containers.find((x) => x.app?.profile.port === port) ?? pr.containers[0];
    if (!c || !c.app || !this.listening(c) || c.app.profile.server === 'shell' || c.app.profile.port !== port) return { outcome: 'refused', latencyMs: 1 };
    const app = c.app;
    const now = this.ctx.clock.now();
    const sec = Math.floor(now / 1000);
    if (sec !== c.reqSecond) {
      const gap = Math.min(60, sec - c.reqSecond);
      for (let i = 1; i <= gap; i++) c.reqBuckets[(c.reqSecond + i) % 60] = 0;
      c.reqSecond = sec;
    }
    c.reqBuckets[sec % 60]! += 1;
    const rate = this.faults.errorRate(app.profile) ?? app.errorRate;
    const status = client.errorRoll < rate ? 500 : 200;
    const base = app.profile.baseLatencyMs + app.extraLatencyMs + this.faults.extraLatency(app.profile);
    const latencyMs = Math.round(base * (0.8 + 0.4 * client.jitter));
    const size = status === 200 ? 48 + app.profile.version.length + app.profile.colour.length : 21;
    if (app.profile.server === 'nginx') c.logs.push(now, `${client.ip} - - [${accessTime(now)}] "GET ${path} HTTP/1.1" ${status} ${size} "-" "deploy-lab-load/1.0" "-"`);
    else c.logs.push(now, `${client.ip} - - [${accessTime(now)}] "GET ${path} HTTP/1.1" ${status} ${size} "-" "deploy-lab-load/1.0"`);
    return { outcome: status === 200 ? 'ok' : 'error', status, latencyMs, version: app.profile.version };
  }

  /** CPU usage in millicores averaged over the last `windowSec` seconds (what metrics-server reports). */
  podCpuMilli(podUid: string, windowSec = 30): number | undefined {
    const pr = this.pods.get(podUid);
    if (!pr || pr.frozen) return undefined;
    const now = this.ctx.clock.now();
    const sec = Math.floor(now / 1000);
    let total = 0;
    let any = false;
    for (const c of pr.containers) {
      if (c.state !== 'running' || !c.app) continue;
      any = true;
      let reqs = 0;
      if (sec - c.reqSecond < 60) {
        for (let i = 1; i <= windowSec; i++) {
          const s = sec - i;
          if (s > c.reqSecond || s <= c.reqSecond - 60) continue;
          reqs += c.reqBuckets[((s % 60) + 60) % 60]!;
        }
      }
      total += c.app.profile.idleCpuMillicores + (c.app.profile.cpuMillicoresPerRequest * reqs) / windowSec;
    }
    return any ? total : undefined;
  }

  /** Whether the kubelet has seen the pod start (has a runtime). */
  podStartedAt(podUid: string): number | undefined {
    return this.pods.get(podUid)?.startTime;
  }

  private logBuffer(ns: string, pod: string, opts: { container?: string; previous?: boolean }): LogBuffer {
    const p = this.ctx.store.get('pods', ns, pod);
    const pr = this.pods.get(p.metadata.uid!);
    const name = opts.container ?? p.spec.containers[0]?.name;
    if (opts.container && !p.spec.containers.some((c) => c.name === opts.container) && !(p.spec.initContainers ?? []).some((c) => c.name === opts.container))
      throw new ApiError(400, 'BadRequest', `container ${opts.container} is not valid for pod ${pod}`);
    const c = pr?.containers.find((x) => x.name === name) ?? pr?.inits.find((x) => x.name === name);
    if (!c) throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod}" is waiting to start: ContainerCreating`);
    if (opts.previous) {
      if (!c.previousLogs) throw new ApiError(400, 'BadRequest', `previous terminated container "${name}" in pod "${pod}" not found`);
      return c.previousLogs;
    }
    if (c.state === 'waiting' && c.logs.size() === 0)
      throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod}" is waiting to start: ${c.waitingReason}`);
    return c.logs;
  }

  /** Log lines with their virtual timestamps (for the API layer's own rendering). */
  logLines(ns: string, pod: string, opts: LogOptions & { container?: string; previous?: boolean } = {}): { time: number; text: string }[] {
    return this.logBuffer(ns, pod, opts)
      .select(this.ctx.clock.now(), opts)
      .map((l) => ({ time: l.t, text: l.text }));
  }

  /**
   * `kubectl logs -f`: the selected existing lines, then new ones, until the container instance
   * ends (exit, restart, pod removal). Returns a stop function.
   */
  followLogs(
    ns: string,
    pod: string,
    opts: LogOptions & { container?: string; previous?: boolean },
    onLine: (l: { time: number; text: string }) => void,
    onEnd: () => void,
  ): () => void {
    const buf = this.logBuffer(ns, pod, opts);
    for (const l of buf.select(this.ctx.clock.now(), opts)) onLine({ time: l.t, text: l.text });
    if (opts.previous) {
      onEnd();
      return () => undefined;
    }
    return buf.follow((l) => onLine({ time: l.t, text: l.text }), onEnd);
  }

  logs(ns: string, pod: string, opts: LogOptions & { container?: string; previous?: boolean } = {}): string {
    const p = this.ctx.store.get('pods', ns, pod);
    const pr = this.pods.get(p.metadata.uid!);
    const name = opts.container ?? p.spec.containers[0]?.name;
    if (opts.container && !p.spec.containers.some((c) => c.name === opts.container) && !(p.spec.initContainers ?? []).some((c) => c.name === opts.container))
      throw new ApiError(400, 'BadRequest', `container ${opts.container} is not valid for pod ${pod}`);
    const c = pr?.containers.find((x) => x.name === name) ?? pr?.inits.find((x) => x.name === name);
    if (!c) throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod}" is waiting to start: ContainerCreating`);
    if (opts.previous) {
      if (!c.previousLogs) throw new ApiError(400, 'BadRequest', `previous terminated container "${name}" in pod "${pod}" not found`);
      return c.previousLogs.render(this.ctx.clock.now(), opts);
    }
    if (c.state === 'waiting' && c.logs.size() === 0)
      throw new ApiError(400, 'BadRequest', `container "${name}" in pod "${pod}" is waiting to start: ${c.waitingReason}`);
    return c.logs.render(this.ctx.clock.now(), opts);
  }

}

/** The `state` of a container status, reused while the container's state is unchanged. */
function containerState(c: ContainerRt): ContainerState {
  const prev = c.builtState;
  if (c.state === 'running') {
    const startedAt = rfc3339(c.startedAt ?? 0);
    if (prev?.running?.startedAt === startedAt) return prev;
    return (c.builtState = { running: { startedAt } });
  }
  if (c.state === 'terminated') {
    if (prev?.terminated === c.terminated) return prev!;
    return (c.builtState = { terminated: c.terminated! });
  }
  const w = prev?.waiting;
  if (w && w.reason === c.waitingReason && w.message === c.waitingMessage) return prev!;
  return (c.builtState = { waiting: c.waitingMessage ? { reason: c.waitingReason, message: c.waitingMessage } : { reason: c.waitingReason } });
}

const NO_LAST_STATE: ContainerState = {};

/**
 * A container's status; the object built last time when nothing in it changed, so consecutive pod
 * versions share it (less to allocate, keep in the watch history and compare).
 */
function containerStatus(c: ContainerRt): ContainerStatus {
  const state = containerState(c);
  const prevLast = c.builtStatus?.lastState;
  const lastState = !c.lastTerminated ? NO_LAST_STATE : prevLast?.terminated === c.lastTerminated ? prevLast : { terminated: c.lastTerminated };
  const ready = c.init ? c.state === 'terminated' && c.terminated?.exitCode === 0 : c.ready;
  const started = c.state === 'running' && c.started;
  const image = c.spec.image ?? '';
  const b = c.builtStatus;
  if (
    b &&
    b.state === state &&
    b.lastState === lastState &&
    b.ready === ready &&
    b.restartCount === c.restartCount &&
    b.image === image &&
    b.imageID === c.imageID &&
    b.started === started &&
    b.containerID === (c.containerId || undefined)
  )
    return b;
  const s: ContainerStatus = { name: c.name, state, lastState, ready, restartCount: c.restartCount, image, imageID: c.imageID, started };
  if (c.containerId) s.containerID = c.containerId;
  return (c.builtStatus = s);
}

/** Own enumerable keys of a JSON-shaped object, counted without allocating. */
function keyCount(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Log timestamps have whole seconds and a rollout writes thousands per second: keep the last one. */
let gunicornSec = NaN;
let gunicornText = '';

function gunicornTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== gunicornSec) {
    const d = new Date(sec * 1000);
    gunicornSec = sec;
    gunicornText = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  }
  return gunicornText;
}

function nginxTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function accessTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** Go's time.Duration String as the kubelet prints pull times: 398ms, 2.5s, 1m2.5s. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  const fmt = (x: number): string => x.toFixed(3).replace(/\.?0+$/, '');
  if (s < 60) return `${fmt(s)}s`;
  return `${Math.floor(s / 60)}m${fmt(s % 60)}s`;
}

const MANIFEST_CHECK_MS = 300;

/** Go's time.Duration String for whole seconds (10s, 5m0s). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return `${m}m${s % 60}s`;
}
