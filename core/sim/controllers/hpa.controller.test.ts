import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import type { HorizontalPodAutoscaler, Pod } from '../store/kube-types.js';
import { webDeployment, webService } from '../testing/fixtures.js';
import { resourceReplicas, scaleDownLimit, scaleUpLimit } from './hpa.controller.js';

const NOW = Date.parse('2026-01-01T01:00:00Z');

function readyPod(name: string, request = '100m', o: { ready?: boolean; phase?: 'Pending' | 'Running' } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'web', resources: { requests: { cpu: request } } }] },
    status: {
      phase: o.phase ?? 'Running',
      startTime: '2026-01-01T00:00:00Z',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: '2026-01-01T00:00:05Z' }],
    },
  };
}

describe('HPA replica calculation (replica_calculator.go GetResourceReplicas)', () => {
  it('4 pods at 100% of request with a 50% target -> 8', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => readyPod(n));
    const usage = new Map(pods.map((p) => [p.metadata.name!, 100]));
    expect(resourceReplicas(4, 50, pods, usage, NOW)).toMatchObject({ replicas: 8, utilization: 100 });
  });

  it('keeps the count within the 10% tolerance (54% vs 50%)', () => {
    const pods = ['a', 'b', 'c'].map((n) => readyPod(n));
    const usage = new Map(pods.map((p) => [p.metadata.name!, 54]));
    expect(resourceReplicas(3, 50, pods, usage, NOW).replicas).toBe(3);
    const over = new Map(pods.map((p) => [p.metadata.name!, 56]));
    expect(resourceReplicas(3, 50, pods, over, NOW).replicas).toBe(4);
  });

  it('counts missing pods as 100% on scale-down and unready pods as 0% on scale-up', () => {
    const pods = ['a', 'b', 'c', 'd'].map((n) => readyPod(n));
    // Two pods report 10%, two have no metrics: without them the ratio would say 1 replica;
    // with the missing ones at 100% the ratio is (10+10+100+100)/4/50 = 1.1 -> within tolerance.
    const usage = new Map([
      ['a', 10],
      ['b', 10],
    ]);
    expect(resourceReplicas(4, 50, pods, usage, NOW).replicas).toBe(4);
    const withUnready = [readyPod('a'), readyPod('b'), readyPod('c', '100m', { ready: false }), readyPod('d', '100m', { phase: 'Pending' })];
    const hot = new Map([
      ['a', 100],
      ['b', 100],
      ['c', 100],
    ]);
    // Ready: 200% -> ratio 2; unready counted at 0: (100+100+0+0)/4 = 50% of request -> ratio 1.0 -> keep 4.
    expect(resourceReplicas(4, 50, withUnready, hot, NOW).replicas).toBe(4);
  });

  it('rejects pods without a cpu request', () => {
    const p = readyPod('a');
    delete p.spec.containers[0]!.resources;
    expect(() => resourceReplicas(1, 50, [p], new Map([['a', 10]]), NOW)).toThrow('missing request for cpu in container web of Pod a');
  });

  it('applies behavior policies (Pods 4 / Percent 100 per 15 s; Max) and scale-down percent truncation', () => {
    const up = { selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 15 }, { type: 'Percent' as const, value: 100, periodSeconds: 15 }] };
    expect(scaleUpLimit(3, [], up, NOW)).toBe(7);
    expect(scaleUpLimit(10, [], up, NOW)).toBe(20);
    expect(scaleUpLimit(10, [{ t: NOW - 5000, change: 5 }], up, NOW)).toBe(10);
    const down = { selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 50, periodSeconds: 60 }] };
    expect(scaleDownLimit(5, [], down, NOW)).toBe(2);
  });
});

describe('HpaController', () => {
  it('scales up from load (max 2x or 4 per step), then holds the scale-down for the 300 s window', () => {
    const c = createSimCluster({ seed: 21, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 2, cpuRequest: '100m' }));
    c.store.create('services', webService());
    const hpa: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
    };
    c.store.create('horizontalpodautoscalers', hpa);
    // Let the pods leave the 5 min CPU initialization period first.
    c.advance(330_000);
    expect(c.store.get('horizontalpodautoscalers', 'default', 'web').status).toMatchObject({ currentReplicas: 2, desiredReplicas: 2 });
    c.traffic.start({ service: 'web', ratePerSecond: 40 });
    c.advance(60_000);
    const rescale = c.events().filter((e) => e.reason === 'SuccessfulRescale');
    expect(rescale[0]?.message).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
    c.advance(240_000);
    const scaledUp = c.store.get('deployments', 'default', 'web').spec.replicas!;
    expect(scaledUp).toBeGreaterThanOrEqual(6);
    const st = c.store.get('horizontalpodautoscalers', 'default', 'web').status!;
    expect(st.conditions?.find((x) => x.type === 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(st.lastScaleTime).toBeDefined();
    c.traffic.stop();
    c.advance(240_000);
    expect(c.store.get('deployments', 'default', 'web').spec.replicas).toBe(scaledUp);
    expect(c.store.get('horizontalpodautoscalers', 'default', 'web').status?.conditions?.find((x) => x.type === 'AbleToScale')?.reason).toBe('ScaleDownStabilized');
    c.advance(120_000);
    expect(c.store.get('deployments', 'default', 'web').spec.replicas).toBe(2);
    expect(c.events().filter((e) => e.reason === 'SuccessfulRescale').at(-1)?.message).toBe('New size: 2; reason: All metrics below target');
    c.dispose();
  });
});

describe('HpaController with spec.behavior', () => {
  it('limits scale-up by the policies and scales down without the default window when told so', () => {
    const c = createSimCluster({ seed: 22, freezeObjects: true, nodes: 4 });
    c.store.create('deployments', webDeployment({ replicas: 1, cpuRequest: '100m' }));
    c.store.create('services', webService());
    c.store.create('horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 20,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        behavior: {
          scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] },
        },
      },
    });
    const hpa = c.store.get('horizontalpodautoscalers', 'default', 'web');
    // Defaults filled in for the parts not given (pkg/apis/autoscaling/v2/defaults.go).
    expect(hpa.spec.behavior?.scaleUp).toMatchObject({ stabilizationWindowSeconds: 0, selectPolicy: 'Max' });
    expect(hpa.spec.behavior?.scaleDown?.selectPolicy).toBe('Max');
    c.advance(330_000);
    c.traffic.start({ service: 'web', ratePerSecond: 60 });
    c.advance(50_000);
    // One pod per 60 s at most, however hot the pods are.
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      sizes.push(c.store.get('deployments', 'default', 'web').spec.replicas!);
      c.advance(60_000);
    }
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]! - sizes[i - 1]!).toBeLessThanOrEqual(1);
    expect(sizes.at(-1)).toBeGreaterThan(1);
    const limited = c.store.get('horizontalpodautoscalers', 'default', 'web').status?.conditions?.find((x) => x.type === 'ScalingLimited');
    expect(limited).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    c.traffic.stop();
    const before = c.store.get('deployments', 'default', 'web').spec.replicas!;
    c.advance(60_000);
    const after = c.store.get('deployments', 'default', 'web').spec.replicas!;
    // No stabilization window: down by one pod per 15 s as soon as the 30 s CPU window has drained.
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThanOrEqual(4);
    c.dispose();
  });
});
