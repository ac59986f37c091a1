import { describe, expect, it } from 'vitest';
import { metricsList, nodeMetrics, podMetrics, quantityBytes } from './metrics-api.js';

const NOW = Date.parse('2026-01-01T00:00:10Z');

describe('metrics.k8s.io objects', () => {
  it('builds PodMetrics with CPU split over containers and memory from requests', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } },
      spec: { containers: [{ name: 'a', resources: { requests: { memory: '64Mi' } } }, { name: 'b' }] },
    };
    expect(podMetrics(pod, 40, NOW)).toEqual({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'p', namespace: 'default', creationTimestamp: '2026-01-01T00:00:10Z', labels: { app: 'x' } },
      timestamp: '2026-01-01T00:00:10Z',
      window: '15s',
      containers: [
        { name: 'a', usage: { cpu: '20000000n', memory: '65536Ki' } },
        { name: 'b', usage: { cpu: '20000000n', memory: '0Ki' } },
      ],
    });
  });
  it('sums node usage and parses quantities', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a', resources: { requests: { memory: '1Gi' } } }] } };
    expect(nodeMetrics({ metadata: { name: 'n' } }, [{ pod, cpuMilli: 5 }, { pod, cpuMilli: 7 }], NOW).usage).toEqual({ cpu: '12000000n', memory: '2097152Ki' });
    expect(quantityBytes('1.5Ki')).toBe(1536);
    expect(quantityBytes('10M')).toBe(10_000_000);
    expect(quantityBytes('junk')).toBe(0);
    expect(metricsList('PodMetricsList', [])).toMatchObject({ kind: 'PodMetricsList', items: [] });
  });
});
