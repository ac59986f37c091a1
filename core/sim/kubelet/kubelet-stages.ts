/**
 * The fake kubelet's lifecycle steps as data, in the spirit of KWOK Stages: each step names the
 * delay on the virtual clock before it completes and the event it emits. Probes, restarts with
 * back-off and termination are built-in logic in fake-kubelet.ts that runs these steps.
 *
 * Message texts are the kubelet's (pkg/kubelet/{images/image_manager.go,kuberuntime/kuberuntime_container.go}).
 */
export interface StageEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  /** `{name}` placeholders are filled from the step's parameters. */
  message: string;
}

export interface KubeletStage {
  /** Virtual ms from the step's start to its completion (rounded up to the kubelet tick). */
  delayMs: number | ((p: Record<string, string | number>) => number);
  event?: StageEvent;
  /** Extra events emitted with the first (e.g. "Error: ErrImagePull"). */
  alsoEvents?: StageEvent[];
}

export const KUBELET_TICK_MS = 100;

export const KUBELET_STAGES = {
  /** Pod accepted by the kubelet on its node: sandbox (pause container + CNI) until podIP exists. */
  sandbox: { delayMs: 400 },
  /** Image already on the node and the pull policy allows using it. */
  imagePresent: { delayMs: 0, event: { type: 'Normal', reason: 'Pulled', message: 'Container image "{image}" already present on machine' } },
  pullStart: { delayMs: 0, event: { type: 'Normal', reason: 'Pulling', message: 'Pulling image "{image}"' } },
  pullDone: {
    delayMs: (p) => Number(p['pullMs']),
    event: {
      type: 'Normal',
      reason: 'Pulled',
      message: 'Successfully pulled image "{image}" in {pullDuration} ({totalDuration} including waiting). Image size: {size} bytes.',
    },
  },
  pullNotFound: {
    delayMs: 800,
    event: {
      type: 'Warning',
      reason: 'Failed',
      message:
        'Failed to pull image "{image}": rpc error: code = NotFound desc = failed to pull and unpack image "{fq}": failed to resolve reference "{fq}": {fq}: not found',
    },
    alsoEvents: [{ type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull' }],
  },
  pullBackOff: {
    delayMs: 1000,
    event: { type: 'Normal', reason: 'BackOff', message: 'Back-off pulling image "{image}"' },
    alsoEvents: [{ type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff' }],
  },
  neverPull: {
    delayMs: 0,
    event: {
      type: 'Warning',
      reason: 'ErrImageNeverPull',
      message: 'Container image "{image}" is not present with pull policy of Never',
    },
    alsoEvents: [{ type: 'Warning', reason: 'Failed', message: 'Error: ErrImageNeverPull' }],
  },
  configError: { delayMs: 0, event: { type: 'Warning', reason: 'Failed', message: 'Error: {error}' } },
  create: { delayMs: 100, event: { type: 'Normal', reason: 'Created', message: 'Created container: {container}' } },
  start: { delayMs: 100, event: { type: 'Normal', reason: 'Started', message: 'Started container {container}' } },
  /** The kubelet notices an exited container at its next pod sync. */
  syncAfterExit: { delayMs: 1000 },
  crashBackOff: { delayMs: 0, event: { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container {container} in pod {pod}_{namespace}({uid})' } },
  stop: { delayMs: 0, event: { type: 'Normal', reason: 'Killing', message: 'Stopping container {container}' } },
  /** A non-draining app exits this long after SIGTERM. */
  exitOnSigterm: { delayMs: 200 },
  sandboxChanged: { delayMs: 0, event: { type: 'Normal', reason: 'SandboxChanged', message: 'Pod sandbox changed, it will be killed and re-created.' } },
  configRetry: { delayMs: 10_000 },
} satisfies Record<string, KubeletStage>;

export type StageName = keyof typeof KUBELET_STAGES;

/** Templates split once into literal text (even indexes) and placeholder names (odd indexes). */
const compiled = new Map<string, string[]>();

/**
 * Texts of one-placeholder templates by template and value ("Started container app" is the same for
 * every pod of a Deployment): one string instance, so the event recorder's lookups find its hash
 * cached and the events share it.
 */
const filledOnce = new Map<string, Map<string, string>>();

/** Replaces {name} placeholders; unknown names stay as written. Runs for every kubelet event. */
export function fill(template: string, p: Record<string, string | number>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    if (compiled.size < 1000) compiled.set(template, parts);
  }
  if (parts.length === 3 && typeof p[parts[1]!] === 'string') {
    const v = p[parts[1]!] as string;
    let byValue = filledOnce.get(template);
    if (!byValue) filledOnce.set(template, (byValue = new Map()));
    let text = byValue.get(v);
    if (text === undefined) {
      text = parts[0]! + v + parts[2]!;
      if (byValue.size < 1000) byValue.set(v, text);
    }
    return text;
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    const v = p[k];
    out += (v !== undefined ? String(v) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

export function stageDelay(name: StageName, p: Record<string, string | number> = {}): number {
  const s: KubeletStage = KUBELET_STAGES[name];
  const d = typeof s.delayMs === 'function' ? s.delayMs(p) : s.delayMs;
  return Math.ceil(d / KUBELET_TICK_MS) * KUBELET_TICK_MS;
}

/** CrashLoopBackOff and image pull back-off: kubelet.go (backOffPeriod 10 s, MaxContainerBackOff 300 s). */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** Node lease renewal (kubelet nodeLeaseRenewIntervalFraction x 40 s lease) and full status report. */
export const LEASE_RENEW_MS = 10_000;
export const NODE_STATUS_REPORT_MS = 300_000;
