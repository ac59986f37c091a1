/**
 * Faults a learner or a scenario can inject. Each acts at the current virtual time and leaves the
 * rest to the simulated components, so the events that follow are the ones a real cluster shows
 * (a stopped node goes NotReady after 40 s, its pods are evicted 300 s later, and so on).
 */
import { ApiError } from '../store/api-error.js';
import type { SimContext } from '../controllers/sim-context.js';
import type { FakeKubelet } from '../kubelet/fake-kubelet.js';
import type { FaultState } from '../kubelet/app-model.js';

export class FaultInjector {
  constructor(
    private readonly ctx: SimContext,
    private readonly kubelet: FakeKubelet,
    private readonly state: FaultState,
  ) {}

  private node(name: string) {
    const n = this.ctx.store.tryGet('nodes', undefined, name);
    if (!n) throw new ApiError(404, 'NotFound', `nodes "${name}" not found`, { name, kind: 'nodes' });
    return n;
  }

  /** Stops the node (like `docker stop` of a kind node): kubelet and containers stop. */
  nodeDown(name: string): void {
    this.node(name);
    this.kubelet.setNodeUp(name, false);
  }

  /** Starts the node again: the kubelet posts Ready and restarts its pods' containers. */
  nodeUp(name: string): void {
    const n = this.node(name);
    if (this.kubelet.isNodeUp(name)) return;
    this.ctx.recorder.record(n, 'Normal', 'Starting', 'Starting kubelet.', 'kubelet', { host: name });
    this.kubelet.setNodeUp(name, true);
    const fresh = this.ctx.store.tryGet('nodes', undefined, name);
    if (fresh) this.ctx.recorder.record(fresh, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'kubelet', { host: name });
  }

  /** Force delete (`kubectl delete pod --grace-period=0 --force`). */
  killPod(namespace: string, name: string): void {
    this.ctx.store.delete('pods', namespace, name, { gracePeriodSeconds: 0 });
  }

  /** The container's process dies (137 = SIGKILL/OOM, 1 = error); restartPolicy decides what follows. */
  crashContainer(namespace: string, pod: string, opts: { container?: string; exitCode?: number } = {}): boolean {
    return this.kubelet.crashContainer(namespace, pod, opts.container, opts.exitCode ?? 137);
  }

  /** Makes /ready answer 503 for an image ref (`deploy-lab/pyweb:2.0`), image name, tag or version. */
  failReadiness(imageOrVersion: string, on = true): void {
    if (on) this.state.readinessFail.add(imageOrVersion);
    else this.state.readinessFail.delete(imageOrVersion);
    this.kubelet.faultsChanged();
  }

  /** Adds latency to every request served by a version (0 removes it). */
  injectLatency(version: string, ms: number): void {
    if (ms <= 0) this.state.latency.delete(version);
    else this.state.latency.set(version, ms);
  }

  /** Makes a version answer 500 with probability `rate` (negative removes the override). */
  injectErrors(version: string, rate: number): void {
    if (rate < 0) this.state.errors.delete(version);
    else this.state.errors.set(version, Math.min(1, rate));
  }

  clearAll(): void {
    this.state.readinessFail.clear();
    this.kubelet.faultsChanged();
    this.state.latency.clear();
    this.state.errors.clear();
  }
}
