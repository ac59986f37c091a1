/**
 * The rolling-update arithmetic a Deployment controller does before it creates or deletes a pod,
 * made visible. Upstream: kubernetes pkg/controller/deployment/util/deployment_util.go
 * ResolveFenceposts — maxSurge is scaled with round-up, maxUnavailable with round-down, and when both
 * come out 0 maxUnavailable becomes 1 so the rollout can make progress.
 */
export type IntOrPercent = number | string;

export interface RolloutFenceposts {
  replicas: number;
  maxSurge: number;
  maxUnavailable: number;
  /** True when both resolved to 0 and maxUnavailable was raised to 1. */
  unavailableRaised: boolean;
  /** Most pods that may exist during the rollout (replicas + surge). */
  maxPods: number;
  /** Fewest pods that must stay available (replicas - unavailable, not below 0). */
  minAvailable: number;
  lines: string[];
}

const PERCENT = /^(\d+(?:\.\d+)?)%$/;

/** intstr.GetScaledValueFromIntOrPercent: an int is taken as is, "n%" is scaled by the total. */
export function scaleIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return Math.max(0, Math.trunc(value));
  const trimmed = value.trim();
  const match = PERCENT.exec(trimmed);
  if (!match) {
    const asInt = Number(trimmed);
    if (Number.isInteger(asInt)) return Math.max(0, asInt);
    throw new Error(`invalid value "${value}": expected an integer or a percentage like "25%"`);
  }
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

function pods(n: number): string {
  return `${n} ${n === 1 ? 'pod' : 'pods'}`;
}

function describeInput(value: IntOrPercent): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

export function resolveFenceposts(
  replicas: number,
  maxSurgeInput: IntOrPercent = '25%',
  maxUnavailableInput: IntOrPercent = '25%',
): RolloutFenceposts {
  const maxSurge = scaleIntOrPercent(maxSurgeInput, replicas, true);
  let maxUnavailable = scaleIntOrPercent(maxUnavailableInput, replicas, false);
  const unavailableRaised = maxSurge === 0 && maxUnavailable === 0;
  if (unavailableRaised) maxUnavailable = 1;
  const surgePct = typeof maxSurgeInput === 'string' && PERCENT.test(maxSurgeInput.trim());
  const unavailPct = typeof maxUnavailableInput === 'string' && PERCENT.test(maxUnavailableInput.trim());
  const surgeLine = `maxSurge ${describeInput(maxSurgeInput)} -> ${maxSurge} extra ${maxSurge === 1 ? 'pod' : 'pods'}${surgePct ? ' (rounded up)' : ''}`;
  const unavailLine = unavailableRaised
    ? `maxUnavailable ${describeInput(maxUnavailableInput)} -> 0, raised to 1 pod may be down (both 0 would never progress)`
    : `maxUnavailable ${describeInput(maxUnavailableInput)} -> ${pods(maxUnavailable)} may be down${unavailPct ? ' (rounded down)' : ''}`;
  const minAvailable = Math.max(0, replicas - maxUnavailable);
  return {
    replicas,
    maxSurge,
    maxUnavailable,
    unavailableRaised,
    maxPods: replicas + maxSurge,
    minAvailable,
    lines: [
      `replicas ${replicas}: ${surgeLine}; ${unavailLine}`,
      `During the rollout at most ${pods(replicas + maxSurge)} exist and at least ${pods(minAvailable)} stay available.`,
    ],
  };
}
