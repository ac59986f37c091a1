import type { EventIndex } from './event-index';
import type { Container, ContainerStatus, KubeEvent, Labels, Pod, Probe } from './graph-input';
import type { NodeStatus } from './graph-model';

/** Which bucket of a pod group's counts a pod falls in. */
export type PodState = 'ready' | 'notReady' | 'pending' | 'terminating' | 'failed';

export interface PodAssessment {
  state: PodState;
  status: NodeStatus;
  summary: string;
  phase: string;
  ready: boolean;
  restarts: number;
  terminating: boolean;
  /** The pod's own reason chain, outermost first; empty when healthy. */
  reasons: string[];
  /**
   * The one line that best explains this pod to an outer object (a Service or Deployment chain),
   * e.g. "readiness probe /ready failed 3 times". Undefined when the pod is fine or merely starting.
   */
  rootCause?: string;
}

/**
 * Container waiting reasons that mean "this will not fix itself soon". From the kubelet
 * (pkg/kubelet/kuberuntime, pkg/kubelet/images): the rest (ContainerCreating, PodInitializing) are
 * normal start-up.
 */
const BAD_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

const IMAGE_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName']);

export const VERSION_LABELS = ['app.kubernetes.io/version', 'version'] as const;

/** The tag of an image reference ("repo/web:1.2" -> "1.2"); none for digests or untagged images. */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  return withoutDigest.slice(colon + 1) || undefined;
}

export function versionOf(labels: Labels | undefined, image: string | undefined): string | undefined {
  for (const key of VERSION_LABELS) {
    const value = labels?.[key];
    if (value) return value;
  }
  return imageTag(image);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function describeProbe(kind: 'readiness' | 'liveness' | 'startup', probe: Probe | undefined): string {
  if (probe?.httpGet) return `${kind} probe ${probe.httpGet.path ?? '/'}`;
  if (probe?.tcpSocket) return `${kind} probe tcp:${String(probe.tcpSocket.port ?? '')}`;
  if (probe?.exec) return `${kind} probe (exec ${(probe.exec.command ?? []).join(' ')})`;
  if (probe?.grpc) return `${kind} probe grpc:${String(probe.grpc.port ?? '')}`;
  return `${kind} probe`;
}

/** "Readiness probe failed: HTTP probe failed with statuscode: 503" -> readiness + detail. */
function probeFailure(
  event: KubeEvent,
): { kind: 'readiness' | 'liveness' | 'startup'; detail: string } | undefined {
  if (event.reason !== 'Unhealthy' || !event.message) return undefined;
  const match = /^(Readiness|Liveness|Startup) probe (?:failed|errored)[^:]*:?\s*(.*)$/s.exec(event.message);
  if (!match) return undefined;
  const kind = (match[1] ?? 'Readiness').toLowerCase() as 'readiness' | 'liveness' | 'startup';
  return { kind, detail: (match[2] ?? '').trim() };
}

/**
 * What assessPod reads of a pod's Warning events, in their order: reason, message and container, and
 * the count only where a line shows it (probe failures). Two lists with the same digest give the same
 * assessment, so a repeat counted on an event that shows no count (the scheduler's FailedScheduling,
 * retried for every pending pod) does not make the graph assess the pod again.
 */
export function warningsDigest(events: readonly KubeEvent[]): string {
  let digest = '';
  for (const event of events) {
    const count = probeFailure(event) ? (event.count ?? 1) : '';
    digest += `${event.reason ?? ''}\u0000${event.message ?? ''}\u0000${event.involvedObject.fieldPath ?? ''}\u0000${count}\u0001`;
  }
  return digest;
}

function containerNamed(pod: Pod, name: string): Container | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
}

/** The container a probe event is about: from fieldPath "spec.containers{web}", else the first one. */
function eventContainer(pod: Pod, event: KubeEvent): Container | undefined {
  const match = /\{(.+)\}/.exec(event.involvedObject.fieldPath ?? '');
  return (match?.[1] ? containerNamed(pod, match[1]) : undefined) ?? pod.spec?.containers[0];
}

function probeOf(
  container: Container | undefined,
  kind: 'readiness' | 'liveness' | 'startup',
): Probe | undefined {
  if (kind === 'readiness') return container?.readinessProbe;
  if (kind === 'liveness') return container?.livenessProbe;
  return container?.startupProbe;
}

function probeLines(
  pod: Pod,
  events: readonly KubeEvent[],
  only?: 'readiness' | 'liveness' | 'startup',
): string[] {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const failure = probeFailure(event);
    if (!failure || (only && failure.kind !== only) || seen.has(failure.kind)) continue;
    seen.add(failure.kind);
    const probe = describeProbe(failure.kind, probeOf(eventContainer(pod, event), failure.kind));
    lines.push(`${probe} failed ${plural(event.count ?? 1, 'time').replace(/^1 time$/, 'once')}`);
    if (failure.detail) lines.push(failure.detail);
  }
  return lines;
}

function eventLines(events: readonly KubeEvent[], reasons: string[]): string[] {
  const lines: string[] = [];
  for (const reason of reasons) {
    const event = events.find((e) => e.reason === reason && e.message);
    if (event?.message) lines.push(event.message);
  }
  return lines;
}

function badContainer(statuses: ContainerStatus[]): ContainerStatus | undefined {
  return statuses.find((s) => s.state?.waiting?.reason && BAD_WAITING.has(s.state.waiting.reason));
}

function condition(pod: Pod, type: string): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === type)?.status;
}

function dedupe(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) if (line && !out.includes(line)) out.push(line);
  return out;
}

export interface PodContext {
  events: EventIndex;
  /** Set when the pod's node reports Ready=False/Unknown: the one line saying so. */
  nodeNotReady?: string;
}

/**
 * Classify one pod and explain it. Order matters: deletion wins over everything (the pod is on its
 * way out whatever its containers say), then terminal phases, then broken containers, then
 * scheduling, then readiness.
 */
export function assessPod(pod: Pod, ctx: PodContext): PodAssessment {
  const meta = pod.metadata;
  const phase = pod.status?.phase ?? 'Pending';
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const restarts = (pod.status?.containerStatuses ?? []).reduce((sum, s) => sum + (s.restartCount ?? 0), 0);
  const containersReady =
    (pod.status?.containerStatuses?.length ?? 0) > 0 &&
    (pod.status?.containerStatuses ?? []).every((s) => s.ready);
  const ready = condition(pod, 'Ready')
    ? condition(pod, 'Ready') === 'True'
    : phase === 'Running' && containersReady;
  const restartText = restarts > 0 ? ` · ${plural(restarts, 'restart')}` : '';
  const events = () => ctx.events.warningsFor('Pod', meta.namespace, meta.name, meta.uid);
  const base = { phase, ready, restarts, terminating: false };

  if (meta.deletionTimestamp) {
    return {
      ...base,
      terminating: true,
      state: 'terminating',
      status: 'progressing',
      summary: 'Terminating',
      reasons: [],
    };
  }

  if (phase === 'Failed') {
    const why = pod.status?.reason ?? 'Failed';
    const line = `Pod ${meta.name} failed: ${why}`;
    return {
      ...base,
      state: 'failed',
      status: 'error',
      summary: why,
      reasons: dedupe([line, pod.status?.message ?? '']),
      rootCause: line,
    };
  }
  if (phase === 'Succeeded') {
    return { ...base, state: 'failed', status: 'idle', summary: 'Completed', reasons: [] };
  }

  const broken = badContainer(statuses);
  if (broken) {
    const reason = broken.state?.waiting?.reason ?? 'Waiting';
    const waitingMessage = broken.state?.waiting?.message ?? '';
    const list = events();
    let reasons: string[];
    let rootCause: string;
    if (reason === 'CrashLoopBackOff') {
      rootCause = `container ${broken.name} is crash-looping (${plural(broken.restartCount, 'restart')})`;
      const last = broken.lastState?.terminated;
      const exit = last
        ? `last exit: ${last.reason ?? 'terminated'}${last.exitCode !== undefined ? `, exit code ${last.exitCode}` : ''}`
        : '';
      reasons = [
        rootCause,
        exit,
        last?.message ?? '',
        ...probeLines(pod, list, 'liveness'),
        ...eventLines(list, ['BackOff']),
      ];
    } else if (IMAGE_REASONS.has(reason)) {
      const image = containerNamed(pod, broken.name)?.image ?? broken.image ?? '';
      rootCause = `image ${image} cannot be pulled (${reason})`;
      reasons = [rootCause, ...eventLines(list, ['Failed']), waitingMessage];
    } else {
      rootCause = `container ${broken.name} cannot start (${reason})`;
      reasons = [rootCause, waitingMessage, ...eventLines(list, ['Failed', 'FailedMount'])];
    }
    return {
      ...base,
      state: 'failed',
      status: 'error',
      summary: reason + restartText,
      reasons: dedupe(reasons),
      rootCause,
    };
  }

  if (phase === 'Pending') {
    if (condition(pod, 'PodScheduled') === 'False' || !pod.spec?.nodeName) {
      const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      const list = events();
      const why = eventLines(list, ['FailedScheduling'])[0] ?? scheduled?.message ?? '';
      if (scheduled?.status === 'False' || why) {
        const rootCause = `pod ${meta.name} cannot be scheduled`;
        return {
          ...base,
          state: 'pending',
          status: 'warning',
          summary: 'Pending · unschedulable',
          reasons: dedupe([rootCause, why]),
          rootCause,
        };
      }
    }
    const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
    return {
      ...base,
      state: 'pending',
      status: 'progressing',
      summary: waiting ? `Pending · ${waiting}` : 'Pending',
      reasons: [],
    };
  }

  if (ctx.nodeNotReady) {
    // The kubelet cannot report any more, so the last status (often Running, Ready) is stale.
    return {
      ...base,
      state: ready ? 'ready' : 'notReady',
      status: 'warning',
      summary: `${phase} · node not ready`,
      reasons: [
        ctx.nodeNotReady,
        'the pod keeps its last reported status until the node controller evicts it (300 s toleration)',
      ],
      rootCause: ctx.nodeNotReady,
    };
  }

  if (!ready) {
    const list = events();
    const probes = probeLines(pod, list);
    const waiting = statuses.find((s) => !s.ready && s.state?.waiting?.reason);
    const notReady = (pod.status?.containerStatuses ?? []).filter((s) => !s.ready).map((s) => s.name);
    const header =
      notReady.length > 0 ? `container ${notReady.join(', ')} not ready` : `pod ${meta.name} not ready`;
    if (probes.length > 0) {
      return {
        ...base,
        state: 'notReady',
        status: 'warning',
        summary: `${phase} · not ready${restartText}`,
        reasons: dedupe([header, ...probes]),
        rootCause: probes[0],
      };
    }
    // No failure evidence yet: a pod that has just started and is waiting for its first probe.
    return {
      ...base,
      state: 'notReady',
      status: 'progressing',
      summary: waiting ? `${phase} · ${waiting.state?.waiting?.reason ?? ''}` : `${phase} · starting`,
      reasons: [],
    };
  }

  return { ...base, state: 'ready', status: 'ok', summary: `${phase}${restartText}`, reasons: [] };
}
