import { describe, expect, it } from 'vitest';
import { buildGraph, resolveRollout } from './build-graph';
import { indexWarningEvents } from './event-index';
import { assessPod, describeProbe, imageTag, versionOf } from './pod-health';
import { FIXTURE_NOW, deployment, pod, replicaSet, warningEvent } from './k8s-fixtures';

const noEvents = indexWarningEvents([], FIXTURE_NOW, 600_000);

describe('versions and images', () => {
  it('reads the tag of an image reference', () => {
    expect(imageTag('deploy-lab/pyweb:2.1')).toBe('2.1');
    expect(imageTag('localhost:5000/pyweb')).toBeUndefined();
    expect(imageTag('localhost:5000/pyweb:3')).toBe('3');
    expect(imageTag('pyweb@sha256:abc')).toBeUndefined();
  });

  it('prefers the version labels over the image tag', () => {
    expect(versionOf({ 'app.kubernetes.io/version': '2.0', version: 'x' }, 'web:1')).toBe('2.0');
    expect(versionOf({ version: 'green' }, 'web:1')).toBe('green');
    expect(versionOf({}, 'web:1.4')).toBe('1.4');
  });

  it('describes probes in plain words', () => {
    expect(describeProbe('readiness', { httpGet: { path: '/ready' } })).toBe('readiness probe /ready');
    expect(describeProbe('liveness', { tcpSocket: { port: 8000 } })).toBe('liveness probe tcp:8000');
    expect(describeProbe('startup', undefined)).toBe('startup probe');
  });
});

describe('assessPod', () => {
  const rs = replicaSet(deployment('web'), 'h1');

  it('counts restarts in the summary of a running pod', () => {
    const a = assessPod(pod(rs, 'a', { restarts: 2 }), { events: noEvents });
    expect(a).toMatchObject({ state: 'ready', status: 'ok', summary: 'Running · 2 restarts', restarts: 2 });
  });

  it('treats a not-ready pod without failures as starting, not broken', () => {
    const a = assessPod(pod(rs, 'a', { ready: false }), { events: noEvents });
    expect(a).toMatchObject({
      state: 'notReady',
      status: 'progressing',
      summary: 'Running · starting',
      reasons: [],
    });
    expect(a.rootCause).toBeUndefined();
  });

  it('ignores stale probe failures', () => {
    const p = pod(rs, 'a', { ready: false });
    const events = indexWarningEvents(
      [warningEvent(p, 'Unhealthy', 'Readiness probe failed: connection refused', { ageMs: 3_600_000 })],
      FIXTURE_NOW,
      600_000,
    );
    expect(assessPod(p, { events }).status).toBe('progressing');
  });

  it('explains CreateContainerConfigError with the kubelet message', () => {
    const a = assessPod(
      pod(rs, 'a', {
        waiting: { reason: 'CreateContainerConfigError', message: 'configmap "web-config" not found' },
      }),
      { events: noEvents },
    );
    expect(a).toMatchObject({
      state: 'failed',
      status: 'error',
      summary: 'CreateContainerConfigError',
      reasons: [
        'container web cannot start (CreateContainerConfigError)',
        'configmap "web-config" not found',
      ],
    });
  });

  it('calls a pod that is being deleted terminating whatever its containers say', () => {
    const a = assessPod(pod(rs, 'a', { terminating: true, waiting: { reason: 'CrashLoopBackOff' } }), {
      events: noEvents,
    });
    expect(a).toMatchObject({ state: 'terminating', status: 'progressing', terminating: true });
  });

  it('explains an evicted pod', () => {
    const p = pod(rs, 'a', { phase: 'Failed' });
    p.status = {
      ...p.status,
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
    };
    expect(assessPod(p, { events: noEvents })).toMatchObject({
      state: 'failed',
      status: 'error',
      summary: 'Evicted',
      reasons: ['Pod web-h1-a failed: Evicted', 'The node was low on resource: memory.'],
    });
  });

  it('shows liveness failures under a crash loop', () => {
    const p = pod(rs, 'a', { restarts: 4, waiting: { reason: 'CrashLoopBackOff' } });
    const events = indexWarningEvents(
      [
        warningEvent(
          p,
          'Unhealthy',
          'Liveness probe failed: Get "http://10.244.1.10:8000/healthz": context deadline exceeded',
          { count: 9 },
        ),
      ],
      FIXTURE_NOW,
      600_000,
    );
    expect(assessPod(p, { events }).reasons).toEqual([
      'container web is crash-looping (4 restarts)',
      'liveness probe /healthz failed 9 times',
      'Get "http://10.244.1.10:8000/healthz": context deadline exceeded',
    ]);
  });
});

describe('resolveRollout', () => {
  it('rounds maxSurge up and maxUnavailable down, like the deployment controller', () => {
    expect(resolveRollout(deployment('web', { replicas: 10 }))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveRollout(deployment('web', { replicas: 1 }))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    const zero = deployment('web', { replicas: 3 });
    zero.spec = {
      ...zero.spec,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
    };
    expect(resolveRollout(zero)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    const recreate = deployment('web');
    recreate.spec = { ...recreate.spec, strategy: { type: 'Recreate' } };
    expect(resolveRollout(recreate)).toBeUndefined();
    expect(buildGraph({ deployments: [recreate], now: FIXTURE_NOW }).nodes[0]).not.toHaveProperty('rollout');
  });
});
