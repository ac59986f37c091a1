import { describe, expect, it } from 'vitest';
import {
  AGGREGATED_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  legacyApiGroupList,
  legacyApiResourceList,
  legacyApiVersions,
  versionInfo,
  wantsAggregatedDiscovery,
} from './discovery-documents.js';
import { findResource, RESOURCES } from './resource-registry.js';
import { eventCoreToEventsV1, eventEventsV1ToCore, hpaV1ToV2, hpaV2ToV1 } from '../conversion/version-conversion.js';

const KUBECTL_132_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('resource registry', () => {
  it('serves every resource kubectl needs, with short names and the all category', () => {
    const names = RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`);
    for (const n of [
      '/v1/pods',
      '/v1/nodes',
      '/v1/namespaces',
      'apps/v1/deployments',
      'apps/v1/replicasets',
      '/v1/services',
      '/v1/endpoints',
      'discovery.k8s.io/v1/endpointslices',
      '/v1/configmaps',
      '/v1/secrets',
      'autoscaling/v2/horizontalpodautoscalers',
      'autoscaling/v1/horizontalpodautoscalers',
      '/v1/events',
      'events.k8s.io/v1/events',
    ]) {
      expect(names).toContain(n);
    }
    expect(findResource('apps', 'v1', 'deployments')?.shortNames).toEqual(['deploy']);
    expect(RESOURCES.filter((r) => r.categories.includes('all')).map((r) => r.resource)).toEqual([
      'pods',
      'services',
      'deployments',
      'replicasets',
      'horizontalpodautoscalers',
      'horizontalpodautoscalers',
    ]);
    expect(findResource('autoscaling', 'v1', 'horizontalpodautoscalers')?.storage).toBe('horizontalpodautoscalers');
  });
});

describe('discovery documents', () => {
  it('detects the aggregated Accept and answers with the exact Content-Type', () => {
    expect(wantsAggregatedDiscovery(KUBECTL_132_ACCEPT)?.contentType).toBe(AGGREGATED_DISCOVERY_CONTENT_TYPE);
    expect(wantsAggregatedDiscovery('application/json')).toBeUndefined();
    expect(wantsAggregatedDiscovery(undefined)).toBeUndefined();
  });

  it('builds aggregated /api and /apis with scale subresources', () => {
    const api = aggregatedDiscovery('api') as { items: { metadata: { name: string }; versions: { resources: { resource: string }[] }[] }[] };
    expect(api.items).toHaveLength(1);
    expect(api.items[0]?.metadata.name).toBe('');
    const apis = aggregatedDiscovery('apis') as {
      items: { metadata: { name: string }; versions: { version: string; resources: { resource: string; subresources?: { subresource: string; responseKind: unknown }[] }[] }[] }[];
    };
    expect(apis.items.map((i) => i.metadata.name)).toEqual(['apps', 'autoscaling', 'discovery.k8s.io', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'metrics.k8s.io']);
    const autoscaling = apis.items.find((i) => i.metadata.name === 'autoscaling');
    expect(autoscaling?.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
    const deploy = apis.items[0]?.versions[0]?.resources.find((r) => r.resource === 'deployments');
    expect(deploy?.subresources?.[0]).toEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('builds the legacy documents', () => {
    expect(legacyApiVersions('127.0.0.1:1')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = legacyApiGroupList() as { groups: { name: string; preferredVersion: { version: string } }[] };
    expect(groups.groups.find((g) => g.name === 'autoscaling')?.preferredVersion.version).toBe('v2');
    const apps = legacyApiResourceList('apps', 'v1') as { resources: Record<string, unknown>[] };
    expect(apps.resources).toContainEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect(legacyApiResourceList('nope', 'v1')).toBeUndefined();
  });

  it('reports a configurable minor for the kubectl dispatcher', () => {
    expect(versionInfo()).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    expect(versionInfo(27).minor).toBe('27');
  });
});

describe('version conversion', () => {
  it('round-trips an HPA between autoscaling/v1 and v2', () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    };
    const v2 = hpaV1ToV2(v1);
    expect(v2).toMatchObject({
      apiVersion: 'autoscaling/v2',
      spec: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }] },
    });
    expect(hpaV2ToV1(v2)).toEqual(v1);
    const withStatus = hpaV2ToV1({
      ...v2,
      status: { currentReplicas: 2, desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] },
    });
    expect(withStatus.status).toEqual({ currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 40 });
  });

  it('maps core and events.k8s.io Events', () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p' },
      reason: 'Pulled',
      message: 'ok',
      type: 'Normal',
      count: 2,
    };
    const ev = eventCoreToEventsV1(core);
    expect(ev).toMatchObject({ apiVersion: 'events.k8s.io/v1', regarding: { kind: 'Pod', name: 'p' }, note: 'ok', deprecatedCount: 2 });
    expect(eventEventsV1ToCore(ev)).toMatchObject({ involvedObject: { kind: 'Pod', name: 'p' }, message: 'ok', count: 2, reason: 'Pulled' });
  });
});
