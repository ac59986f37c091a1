import { describe, expect, it } from 'vitest';
import { findUnknownFields } from './known-fields.js';

describe('findUnknownFields', () => {
  it('reports unknown fields with apiserver paths', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { a: 'b' } },
      spec: {
        foo: 1,
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x', imagee: 'y', env: [{ name: 'A', value: '1' }] }] } },
      },
    };
    expect(findUnknownFields('Deployment', d)).toEqual(['spec.foo', 'spec.template.spec.containers[0].imagee']);
  });
  it('accepts valid objects, patch directives and HPA v1 fields', () => {
    expect(findUnknownFields('Service', { spec: { ports: [{ port: 80, targetPort: 8080 }], type: 'ClusterIP' } })).toEqual([]);
    expect(findUnknownFields('Deployment', { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }] } } } })).toEqual([]);
    expect(findUnknownFields('HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 50 } })).toEqual([]);
    expect(findUnknownFields('HorizontalPodAutoscaler', { apiVersion: 'autoscaling/v2', spec: { targetCPUUtilizationPercentage: 50 } })).toEqual([
      'spec.targetCPUUtilizationPercentage',
    ]);
    expect(findUnknownFields('ConfigMap', { data: {}, extra: 1 })).toEqual(['extra']);
    expect(findUnknownFields('Widget', { anything: 1 })).toEqual([]);
  });
});

describe('findTypeErrors / applyStructDefaults', () => {
  it('rejects structural type mismatches like the Go JSON decoder', async () => {
    const { findTypeErrors, applyStructDefaults } = await import('./known-fields.js');
    expect(findTypeErrors('Node', { spec: { taints: 42 } })).toEqual(['json: cannot unmarshal number into Go struct field spec.taints of type []']);
    expect(findTypeErrors('Deployment', { spec: 'x' })).toEqual(['json: cannot unmarshal string into Go struct field spec of type object']);
    expect(findTypeErrors('Deployment', { spec: { template: { spec: { containers: {} } } } })).toHaveLength(1);
    expect(findTypeErrors('Deployment', { spec: { replicas: 2, template: { spec: { containers: [{ name: 'a' }] } } } })).toEqual([]);
    const node: Record<string, unknown> = { metadata: { name: 'n' } };
    applyStructDefaults('Node', node);
    expect(node.spec).toEqual({});
  });
});

describe('pruneUnknownFields', () => {
  it('drops unknown fields in place, keeping known and opaque ones', async () => {
    const { pruneUnknownFields } = await import('./known-fields.js');
    const d: Record<string, unknown> = {
      spec: { foo: 1, replicas: 2, template: { spec: { containers: [{ name: 'a', imagee: 'x' }] } } },
      status: { anything: true },
    };
    pruneUnknownFields('Deployment', d);
    expect(d).toEqual({ spec: { replicas: 2, template: { spec: { containers: [{ name: 'a' }] } } }, status: { anything: true } });
  });
});
