/**
 * Reads the few fields the inspector's actions need (container names, paused, rolling-update
 * settings, a Service's selector) out of the YAML the engine returned for an object. The YAML is
 * the engine's answer; this only narrows it, it never fills in values the object does not have.
 */
import { parse } from 'yaml';
import type { IntOrPercent } from './rollout-math';

export interface InspectedObject {
  containers: { name: string; image: string }[];
  paused: boolean;
  replicas?: number;
  maxSurge?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  strategyType?: string;
  revision?: string;
  selector?: Record<string, string>;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function intOrPercent(value: unknown): IntOrPercent | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

export function readInspectedObject(yamlText: string): InspectedObject {
  let root: Record<string, unknown> | undefined;
  try {
    root = record(parse(yamlText));
  } catch {
    root = undefined;
  }
  const spec = record(root?.spec);
  const podSpec = record(record(spec?.template)?.spec) ?? spec;
  const rawContainers = Array.isArray(podSpec?.containers) ? podSpec.containers : [];
  const containers = rawContainers
    .map((c) => record(c))
    .filter((c): c is Record<string, unknown> => c !== undefined && typeof c.name === 'string')
    .map((c) => ({ name: String(c.name), image: typeof c.image === 'string' ? c.image : '' }));
  const strategy = record(spec?.strategy);
  const rolling = record(strategy?.rollingUpdate);
  const annotations = record(record(root?.metadata)?.annotations);
  const revision = annotations?.['deployment.kubernetes.io/revision'];
  const rawSelector = root?.kind === 'Service' ? record(spec?.selector) : undefined;
  const selector = rawSelector
    ? Object.fromEntries(Object.entries(rawSelector).map(([k, v]) => [k, String(v)]))
    : undefined;
  const out: InspectedObject = { containers, paused: spec?.paused === true };
  if (typeof spec?.replicas === 'number') out.replicas = spec.replicas;
  const surge = intOrPercent(rolling?.maxSurge);
  if (surge !== undefined) out.maxSurge = surge;
  const unavailable = intOrPercent(rolling?.maxUnavailable);
  if (unavailable !== undefined) out.maxUnavailable = unavailable;
  if (typeof strategy?.type === 'string') out.strategyType = strategy.type;
  if (typeof revision === 'string') out.revision = revision;
  if (selector) out.selector = selector;
  return out;
}

/** "app=web,tier=front" <-> { app: 'web', tier: 'front' }, for the selector editor. */
export function formatSelector(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function parseSelector(
  text: string,
): { ok: true; selector: Record<string, string> } | { ok: false; error: string } {
  const selector: Record<string, string> = {};
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return { ok: false, error: 'a selector needs at least one key=value' };
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${part}" is not key=value` };
    selector[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { ok: true, selector };
}
