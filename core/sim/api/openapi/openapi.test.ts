import { describe, expect, it } from 'vitest';
import { documentHash, openApiGroupVersionDocument, openApiIndex, parseOpenApiPathKey } from './openapi-documents.js';

describe('synthetic OpenAPI v3', () => {
  it('indexes every served group-version with a content hash', () => {
    const index = openApiIndex() as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths)).toEqual(
      expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/autoscaling/v1', 'apis/discovery.k8s.io/v1', 'apis/events.k8s.io/v1']),
    );
    expect(index.paths['apis/apps/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('declares fieldValidation on PATCH without a requestBody', () => {
    const doc = openApiGroupVersionDocument('apps', 'v1') as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
    expect(patch).toMatchObject({
      operationId: 'patchNamespacedDeployment',
      'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'Deployment' },
      'x-kubernetes-action': 'patch',
    });
    expect(patch?.parameters).toContainEqual({ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } });
    expect(patch?.requestBody).toBeUndefined();
    const core = openApiGroupVersionDocument('', 'v1') as { paths: Record<string, unknown> };
    expect(core.paths['/api/v1/namespaces/{name}']).toBeDefined();
    expect(openApiGroupVersionDocument('nope', 'v1')).toBeUndefined();
  });

  it('changes the hash when the document changes', () => {
    const a = openApiGroupVersionDocument('apps', 'v1') ?? {};
    expect(documentHash(a)).toBe(documentHash(openApiGroupVersionDocument('apps', 'v1') ?? {}));
    expect(documentHash({ ...a, info: { title: 'x' } })).not.toBe(documentHash(a));
    expect(parseOpenApiPathKey('apis/apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(parseOpenApiPathKey('api/v1')).toEqual({ group: '', version: 'v1' });
    expect(parseOpenApiPathKey('apis/x')).toBeUndefined();
  });
});
