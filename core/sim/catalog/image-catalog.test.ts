import { describe, expect, it } from 'vitest';
import { behaviourFor, effectiveEnv, EnvError, FaultState } from '../kubelet/app-model.js';
import type { ConfigMap, Secret } from '../store/kube-types.js';
import { fullyQualified, loadDefaultImageCatalog, normaliseImage, parseImageCatalog } from './image-catalog.js';

describe('image catalog', () => {
  const cat = loadDefaultImageCatalog();

  it('knows the sample app in three healthy versions with distinct versions and colours', () => {
    const got = ['1.0', '2.0', '3.0'].map((t) => cat.resolve(`deploy-lab/pyweb:${t}`)!);
    expect(got.map((p) => [p.version, p.colour, p.port])).toEqual([
      ['1.0', 'blue', 8000],
      ['2.0', 'green', 8000],
      ['3.0', 'purple', 8000],
    ]);
    for (const p of got) expect(p).toMatchObject({ crashOnStart: false, failReadiness: false, errorRate: 0, drainsOnSigterm: true });
    expect(got[0]!.endpoints).toEqual(['/', '/healthz', '/ready', '/work']);
  });

  it('normalises references the way a learner types them; unknown tags are missing', () => {
    expect(cat.resolve('nginx:1.27')?.ref).toBe('nginx:1.27');
    expect(cat.resolve('docker.io/library/nginx:1.27')?.ref).toBe('nginx:1.27');
    expect(cat.resolve('nginx')?.ref).toBe('nginx:latest');
    expect(cat.resolve('deploy-lab/pyweb:9.9')).toBeUndefined();
    expect(cat.resolve('deploy-lab/pyweb')).toBeUndefined();
    expect(normaliseImage('registry.local:5000/team/app:1')).toEqual({ name: 'registry.local:5000/team/app', tag: '1' });
    expect(fullyQualified('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(fullyQualified('deploy-lab/pyweb:2.0')).toBe('docker.io/deploy-lab/pyweb:2.0');
  });

  it('names the file and the field when the data is wrong', () => {
    const bad = `schemaVersion: 1
images:
  - name: x
    server: gunicorn
    port: 80
    endpoints: [/]
    pullSeconds: fast
    sizeBytes: 1
    startupSeconds: 1
    cpuMillicoresPerRequest: 1
    idleCpuMillicores: 1
    baseLatencyMs: 1
    drainsOnSigterm: true
    tags: {}
`;
    expect(() => parseImageCatalog(bad, 'lab-clusters/images/catalog.yaml')).toThrow(/^lab-clusters\/images\/catalog\.yaml: images\[0\]\.pullSeconds: /);
    expect(() => parseImageCatalog('images: [', 'c.yaml')).toThrow(/^c\.yaml: not valid YAML/);
  });
});

describe('app model', () => {
  const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { ERROR_RATE: '0.5', MODE: 'x' } };
  const secret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { TOKEN: Buffer.from('t0k').toString('base64') } };
  const lookup = {
    configMap: (n: string) => (n === 'cfg' ? cm : undefined),
    secret: (n: string) => (n === 's' ? secret : undefined),
    field: (p: string) => (p === 'metadata.name' ? 'pod-1' : undefined),
  };

  it('resolves envFrom, literal values, $(VAR) expansion, configMapKeyRef, secretKeyRef and fieldRef', () => {
    const env = effectiveEnv(
      {
        name: 'web',
        envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 's' }, prefix: 'S_' }],
        env: [
          { name: 'GREETING', value: 'hi $(MODE)' },
          { name: 'RATE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'ERROR_RATE' } } },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'TOKEN' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
        ],
      },
      lookup,
    );
    expect(env).toEqual({ ERROR_RATE: '0.5', MODE: 'x', S_TOKEN: 't0k', GREETING: 'hi x', RATE: '0.5', TOKEN: 't0k', POD: 'pod-1' });
  });

  it('fails like the kubelet for missing sources (CreateContainerConfigError text)', () => {
    expect(() => effectiveEnv({ name: 'w', envFrom: [{ configMapRef: { name: 'nope' } }] }, lookup)).toThrow(new EnvError('configmap "nope" not found'));
    expect(() => effectiveEnv({ name: 'w', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'missing' } } }] }, lookup)).toThrow(
      "couldn't find key missing in ConfigMap default/cfg",
    );
    expect(() => effectiveEnv({ name: 'w', env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }] }, lookup)).toThrow('secret "gone" not found');
  });

  it('lets the sample app switches override the catalog', () => {
    const p = loadDefaultImageCatalog().resolve('deploy-lab/pyweb:1.0')!;
    const b = behaviourFor(p, { name: 'web' }, { STARTUP_DELAY_SECONDS: '7', FAIL_READINESS: '1', CRASH_ON_START: '1', ERROR_RATE: '2', EXTRA_LATENCY_MS: '40', IGNORE_SIGTERM: '1' });
    expect(b).toMatchObject({ startupSeconds: 7, failReadiness: true, crashOnStart: true, errorRate: 1, extraLatencyMs: 40, ignoreSigterm: true });
    const f = new FaultState();
    f.readinessFail.add('2.0');
    expect(f.failsReadiness(loadDefaultImageCatalog().resolve('deploy-lab/pyweb:2.0')!)).toBe(true);
    expect(f.failsReadiness(p)).toBe(false);
    const busybox = loadDefaultImageCatalog().resolve('busybox')!;
    expect(behaviourFor(busybox, { name: 'b' }, {}).exitsImmediately).toBe(true);
    expect(behaviourFor(busybox, { name: 'b', command: ['sh', '-c', 'sleep 3600'] }, {}).exitsImmediately).toBe(false);
  });
});
