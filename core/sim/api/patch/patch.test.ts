import { describe, expect, it } from 'vitest';
import { applyPatch, applyJsonPatch, jsonMergePatch, PatchError, strategicMergePatch, type JsonMap } from './apply-patch.js';

function deployment(): JsonMap {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' }, finalizers: ['a'] },
    spec: {
      replicas: 2,
      paused: true,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'x', operator: 'Exists' }],
        },
      },
    },
  };
}
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('strategic merge patch with the bodies kubectl sends', () => {
  it('set image merges containers by name and honours $setElementOrder', () => {
    const body = '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"nginx"},{"name":"sidecar"}],"containers":[{"image":"nginx:1.26","name":"nginx"}]}}}}';
    const out = applyPatch('strategic', deployment(), body, 'Deployment') as Any;
    const containers = out.spec.template.spec.containers;
    expect(containers.map((c: Any) => [c.name, c.image])).toEqual([
      ['nginx', 'nginx:1.26'],
      ['sidecar', 'busybox'],
    ]);
    expect(containers[0].env).toHaveLength(2);
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
  });

  it('rollout pause/resume: true sets and null deletes', () => {
    expect((applyPatch('strategic', deployment(), '{"spec":{"paused":null}}', 'Deployment') as Any).spec.paused).toBeUndefined();
    const d = deployment();
    delete (d.spec as Any).paused;
    expect((applyPatch('strategic', d, '{"spec":{"paused":true}}', 'Deployment') as Any).spec.paused).toBe(true);
  });

  it('rollout restart adds a template annotation', () => {
    const out = applyPatch('strategic', deployment(), '{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-01T00:00:00Z"}}}}}', 'Deployment') as Any;
    expect(out.spec.template.metadata).toEqual({ labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } });
  });

  it('set env merges env by name; $patch delete removes an element', () => {
    const out = strategicMergePatch(
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: '3' }, { name: 'A', $patch: 'delete' }, { name: 'C', value: 'x' }] }] } } } },
      'Deployment',
    ) as Any;
    expect(out.spec.template.spec.containers[0].env).toEqual([
      { name: 'B', value: '3' },
      { name: 'C', value: 'x' },
    ]);
  });

  it('merges ports by containerPort, volumeMounts by mountPath; replaces tolerations', () => {
    const out = strategicMergePatch(
      deployment(),
      {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'nginx', ports: [{ containerPort: 443 }], volumeMounts: [{ mountPath: '/data', readOnly: true }] }],
              tolerations: [{ key: 'y', operator: 'Exists' }],
            },
          },
        },
      },
      'Deployment',
    ) as Any;
    const c = out.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('service ports merge by port; conditions by type', () => {
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    expect((strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }, 'Service') as Any).spec.ports).toEqual([
      { port: 80, targetPort: 9090 },
      { port: 443 },
    ]);
    const pod = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
    expect((strategicMergePatch(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Pod') as Any).status.conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('$patch replace on a map and in a list, $retainKeys, $deleteFromPrimitiveList, finalizers union', () => {
    const out = strategicMergePatch(
      deployment(),
      {
        metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] },
        spec: {
          selector: { $patch: 'replace', matchLabels: { app: 'web2' } },
          strategy: { $retainKeys: ['type'], type: 'Recreate' },
          template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } },
        },
      },
      'Deployment',
    ) as Any;
    expect(out.metadata.finalizers).toEqual(['b']);
    expect(out.spec.selector).toEqual({ matchLabels: { app: 'web2' } });
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.spec.template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
    const deleted = strategicMergePatch(deployment(), { spec: { strategy: { $patch: 'delete' } } }, 'Deployment') as Any;
    expect(deleted.spec.strategy).toBeUndefined();
  });

  it('kubectl apply three-way patch with last-applied annotation and removed fields', () => {
    const lastApplied = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}\n';
    const body = JSON.stringify({
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } },
      spec: {
        replicas: null,
        template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }, { name: 'sidecar', $patch: 'delete' }] } },
      },
    });
    const out = applyPatch('strategic', deployment(), body, 'Deployment') as Any;
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(lastApplied);
    expect(out.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.template.spec.containers.map((c: Any) => c.name)).toEqual(['nginx']);
  });

  it('rejects list elements without the merge key', () => {
    expect(() => strategicMergePatch(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }, 'Deployment')).toThrow(PatchError);
    expect(() => applyPatch('strategic', deployment(), '{not json', 'Deployment')).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('follows the RFC examples', () => {
    expect(jsonMergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(jsonMergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(jsonMergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(jsonMergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(jsonMergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(jsonMergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(jsonMergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });
  it('scale and label bodies from kubectl', () => {
    expect(applyPatch('merge', { spec: { replicas: 1 } }, '{"spec":{"replicas":3}}', 'Scale')).toEqual({ spec: { replicas: 3 } });
    expect(applyPatch('merge', deployment(), '{"metadata":{"labels":{"tier":"frontend"}}}', 'Deployment').metadata).toMatchObject({
      labels: { app: 'web', tier: 'frontend' },
    });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies rollout undo replace ops', () => {
    const template = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.24' }] } };
    const body = JSON.stringify([
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '1' } },
    ]);
    const out = applyPatch('json', deployment(), body, 'Deployment') as Any;
    expect(out.spec.template).toEqual(template);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });
  it('answers 422 for a failed test op or a missing path and 400 for a malformed document', () => {
    expect(() => applyJsonPatch(deployment(), [{ op: 'test', path: '/spec/replicas', value: 5 }])).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => applyJsonPatch(deployment(), [{ op: 'replace', path: '/spec/nope/x', value: 5 }])).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => applyJsonPatch(deployment(), { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch(deployment(), [{ op: 'frobnicate', path: '/a' }])).toThrow(expect.objectContaining({ code: 400 }));
    expect(applyJsonPatch(deployment(), [{ op: 'test', path: '/spec/replicas', value: 2 }])).toMatchObject({ spec: { replicas: 2 } });
  });
});

describe('server-side apply (approximation)', () => {
  it('accepts JSON or YAML text and upserts', () => {
    const created = applyPatch('apply', undefined, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n', 'ConfigMap');
    expect(created).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
    const updated = applyPatch('apply', created, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"b":"2"}}', 'ConfigMap');
    expect(updated.data).toEqual({ a: '1', b: '2' });
    expect(() => applyPatch('apply', undefined, '- a\n- b', 'ConfigMap')).toThrow(expect.objectContaining({ code: 400 }));
  });
});
