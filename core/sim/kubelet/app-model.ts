/**
 * What the simulated app in a container does: the catalog profile, overridden by the container's
 * effective env (the sample app's switches) and by faults injected at run time.
 */
import { normaliseImage, type ImageProfile } from '../catalog/image-catalog.js';
import type { ConfigMap, Container, Secret } from '../store/kube-types.js';

export interface AppBehaviour {
  profile: ImageProfile;
  startupSeconds: number;
  crashOnStart: boolean;
  failReadiness: boolean;
  errorRate: number;
  extraLatencyMs: number;
  ignoreSigterm: boolean;
  /** Shell images without a long-running command exit at once. */
  exitsImmediately: boolean;
}

/** Faults injected through cluster.faults, keyed by image ref, image name or version. */
export class FaultState {
  readonly readinessFail = new Set<string>();
  readonly latency = new Map<string, number>();
  readonly errors = new Map<string, number>();

  private keys(p: ImageProfile): string[] {
    const { name, tag } = normaliseImage(p.ref);
    return [p.ref, name, tag, p.version];
  }

  failsReadiness(p: ImageProfile): boolean {
    if (this.readinessFail.size === 0) return false;
    return this.keys(p).some((k) => this.readinessFail.has(k));
  }

  extraLatency(p: ImageProfile): number {
    if (this.latency.size === 0) return 0;
    for (const k of this.keys(p)) {
      const v = this.latency.get(k);
      if (v !== undefined) return v;
    }
    return 0;
  }

  errorRate(p: ImageProfile): number | undefined {
    if (this.errors.size === 0) return undefined;
    for (const k of this.keys(p)) {
      const v = this.errors.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

export interface EnvLookup {
  configMap(name: string): ConfigMap | undefined;
  secret(name: string): Secret | undefined;
  field(path: string): string | undefined;
}

export class EnvError extends Error {}

/**
 * kubelet_pods.go makeEnvironmentVariables, reduced: envFrom first, then env (later wins);
 * a missing non-optional ConfigMap/Secret or key fails with the kubelet's message, which the
 * kubelet reports as CreateContainerConfigError.
 */
export function effectiveEnv(c: Container, lookup: EnvLookup): Record<string, string> {
  const env: Record<string, string> = {};
  for (const src of c.envFrom ?? []) {
    const prefix = src.prefix ?? '';
    if (src.configMapRef) {
      const cm = lookup.configMap(src.configMapRef.name);
      if (!cm) {
        if (src.configMapRef.optional) continue;
        throw new EnvError(`configmap "${src.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[prefix + k] = v;
    }
    if (src.secretRef) {
      const s = lookup.secret(src.secretRef.name);
      if (!s) {
        if (src.secretRef.optional) continue;
        throw new EnvError(`secret "${src.secretRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(s.data ?? {})) env[prefix + k] = Buffer.from(v, 'base64').toString('utf8');
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = expand(e.value, env);
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = lookup.configMap(ref.name);
      if (!cm) {
        if (ref.optional) continue;
        throw new EnvError(`configmap "${ref.name}" not found`);
      }
      const v = cm.data?.[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new EnvError(`couldn't find key ${ref.key} in ConfigMap ${cm.metadata.namespace}/${ref.name}`);
      }
      env[e.name] = v;
    } else if (e.valueFrom?.secretKeyRef) {
      const ref = e.valueFrom.secretKeyRef;
      const s = lookup.secret(ref.name);
      if (!s) {
        if (ref.optional) continue;
        throw new EnvError(`secret "${ref.name}" not found`);
      }
      const v = s.data?.[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new EnvError(`couldn't find key ${ref.key} in Secret ${s.metadata.namespace}/${ref.name}`);
      }
      env[e.name] = Buffer.from(v, 'base64').toString('utf8');
    } else if (e.valueFrom?.fieldRef) {
      env[e.name] = lookup.field(e.valueFrom.fieldRef.fieldPath) ?? '';
    } else env[e.name] = '';
  }
  return env;
}

/** $(VAR) expansion as in the kubelet (expansion.MappingFuncFor). */
function expand(v: string, env: Record<string, string>): string {
  return v.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env[name] ?? m);
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  return v === '1' || v.toLowerCase() === 'true' || v.toLowerCase() === 'yes';
}

export function behaviourFor(profile: ImageProfile, c: Container, env: Record<string, string>): AppBehaviour {
  const cmd = [...(c.command ?? []), ...(c.args ?? [])].join(' ');
  const longRunning = /sleep|tail -f|while|httpd|nc -l/.test(cmd);
  return {
    profile,
    startupSeconds: num(env['STARTUP_DELAY_SECONDS']) ?? profile.startupSeconds,
    crashOnStart: flag(env['CRASH_ON_START']) ?? profile.crashOnStart,
    failReadiness: flag(env['FAIL_READINESS']) ?? profile.failReadiness,
    errorRate: Math.min(1, Math.max(0, num(env['ERROR_RATE']) ?? profile.errorRate)),
    extraLatencyMs: num(env['EXTRA_LATENCY_MS']) ?? 0,
    ignoreSigterm: flag(env['IGNORE_SIGTERM']) ?? false,
    exitsImmediately: profile.server === 'shell' && !longRunning,
  };
}
