import { describe, expect, it } from 'vitest';
import http from 'node:http';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import protobuf from 'protobufjs/minimal.js';
import { decodeKubernetesProtobuf, hasProtobufMagic, ProtobufDecodeError } from './protobuf-decode.js';

type Writer = protobuf.Writer;
const W = protobuf.Writer;

// Tiny encoder helpers that follow notes Appendix A field numbers.
function str(w: Writer, no: number, v: string): void {
  w.uint32((no << 3) | 2).string(v);
}
function int(w: Writer, no: number, v: number): void {
  w.uint32((no << 3) | 0).int64(v);
}
function sub(w: Writer, no: number, fill: (w: Writer) => void): void {
  w.uint32((no << 3) | 2).fork();
  fill(w);
  w.ldelim();
}
function mapEntry(w: Writer, no: number, key: string, value: string | Uint8Array): void {
  sub(w, no, (e) => {
    str(e, 1, key);
    if (typeof value === 'string') str(e, 2, value);
    else e.uint32((2 << 3) | 2).bytes(value);
  });
}
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const w = W.create();
  sub(w, 1, (t) => {
    str(t, 1, apiVersion);
    str(t, 2, kind);
  });
  w.uint32((2 << 3) | 2).bytes(raw);
  str(w, 3, '');
  str(w, 4, '');
  const body = w.finish();
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), body]);
}
/** Go marshals non-pointer zero fields too: an empty Time, empty strings, zero ints. */
function metaWithZeros(w: Writer, name: string, labels: Record<string, string> = {}): void {
  str(w, 1, name);
  str(w, 2, '');
  str(w, 3, '');
  int(w, 7, 0);
  sub(w, 8, (t) => {
    int(t, 1, 0);
    t.uint32((2 << 3) | 0).int32(0);
  });
  for (const [k, v] of Object.entries(labels)) mapEntry(w, 11, k, v);
}

describe('decodeKubernetesProtobuf (hand-encoded per Appendix A)', () => {
  it('decodes a Deployment with presence-based zero handling', () => {
    const raw = W.create();
    sub(raw, 1, (m) => metaWithZeros(m, 'nginx', { app: 'nginx' }));
    sub(raw, 2, (s) => {
      int(s, 1, 0); // replicas is a pointer: an explicit 0 is kept
      sub(s, 2, (sel) => mapEntry(sel, 1, 'app', 'nginx'));
      sub(s, 3, (t) => {
        sub(t, 1, (m) => metaWithZeros(m, '', { app: 'nginx' }));
        sub(t, 2, (ps) => {
          sub(ps, 2, (c) => {
            str(c, 1, 'nginx');
            str(c, 2, 'nginx:1.25');
            sub(c, 8, (r) => {
              sub(r, 2, (e) => {
                str(e, 1, 'cpu');
                sub(e, 2, (q) => str(q, 1, '100m'));
              });
            });
            sub(c, 6, (p) => {
              int(p, 3, 8080);
              str(p, 4, 'TCP');
            });
            str(c, 13, '');
            int(c, 16, 0);
          });
        });
      });
      sub(s, 4, (st) => {
        str(st, 1, 'RollingUpdate');
        sub(st, 2, (ru) => {
          sub(ru, 1, (ios) => {
            int(ios, 1, 1);
            str(ios, 3, '25%');
          });
          sub(ru, 2, (ios) => {
            int(ios, 1, 0);
            ios.uint32((2 << 3) | 0).int32(1);
          });
        });
      });
      int(s, 5, 0);
      int(s, 7, 0);
    });
    sub(raw, 3, () => undefined);
    const obj = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', raw.finish()));
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', creationTimestamp: null, labels: { app: 'nginx' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.25',
                resources: { requests: { cpu: '100m' } },
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
              },
            ],
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      },
      status: {},
    });
  });

  it('decodes Secret bytes to base64 and ConfigMap data', () => {
    const s = W.create();
    sub(s, 1, (m) => metaWithZeros(m, 'sec'));
    mapEntry(s, 2, 'p', new Uint8Array([0x71]));
    str(s, 3, 'Opaque');
    expect(decodeKubernetesProtobuf(envelope('v1', 'Secret', s.finish()))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec', creationTimestamp: null },
      data: { p: 'cQ==' },
      type: 'Opaque',
    });
    const c = W.create();
    sub(c, 1, (m) => metaWithZeros(m, 'cfg'));
    mapEntry(c, 2, 'a', 'b');
    expect(decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', c.finish()))).toMatchObject({ data: { a: 'b' } });
  });

  it('decodes an autoscaling/v1 HPA keeping explicit pointer values', () => {
    const h = W.create();
    sub(h, 1, (m) => metaWithZeros(m, 'web'));
    sub(h, 2, (s) => {
      sub(s, 1, (r) => {
        str(r, 1, 'Deployment');
        str(r, 2, 'web');
        str(r, 3, 'apps/v1');
      });
      int(s, 2, 2);
      int(s, 3, 5);
      int(s, 4, 80);
    });
    sub(h, 3, () => undefined);
    expect(decodeKubernetesProtobuf(envelope('autoscaling/v1', 'HorizontalPodAutoscaler', h.finish()))).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 2,
        maxReplicas: 5,
        targetCPUUtilizationPercentage: 80,
      },
      status: {},
    });
  });

  it('decodes a Service with an int targetPort and a Namespace', () => {
    const s = W.create();
    sub(s, 1, (m) => metaWithZeros(m, 'svc1', { app: 'svc1' }));
    sub(s, 2, (sp) => {
      sub(sp, 1, (p) => {
        str(p, 1, '80-8080');
        str(p, 2, 'TCP');
        int(p, 3, 80);
        sub(p, 4, (ios) => {
          int(ios, 1, 0);
          ios.uint32((2 << 3) | 0).int32(8080);
          str(ios, 3, '');
        });
        int(p, 5, 0);
      });
      mapEntry(sp, 2, 'app', 'svc1');
      str(sp, 3, '');
      str(sp, 4, 'ClusterIP');
    });
    expect(decodeKubernetesProtobuf(envelope('v1', 'Service', s.finish()))).toMatchObject({
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc1' }, type: 'ClusterIP' },
    });
    const n = W.create();
    sub(n, 1, (m) => metaWithZeros(m, 'team-a'));
    sub(n, 2, () => undefined);
    sub(n, 3, () => undefined);
    expect(decodeKubernetesProtobuf(envelope('v1', 'Namespace', n.finish()))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('rejects garbage with ProtobufDecodeError and unknown kinds as unsupported', () => {
    expect(hasProtobufMagic(Buffer.from('{}'))).toBe(false);
    expect(() => decodeKubernetesProtobuf(Buffer.from('{}'))).toThrow(ProtobufDecodeError);
    expect(() => decodeKubernetesProtobuf(Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff]))).toThrow(ProtobufDecodeError);
    try {
      decodeKubernetesProtobuf(envelope('batch/v1', 'Job', new Uint8Array(0)));
    } catch (err) {
      expect(err).toBeInstanceOf(ProtobufDecodeError);
      expect((err as ProtobufDecodeError).unsupportedKind).toBe(true);
    }
    for (let i = 0; i < 500; i++) {
      const junk = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from(Array.from({ length: i % 40 }, (_, j) => (i * 31 + j * 17) & 0xff))]);
      try {
        decodeKubernetesProtobuf(junk);
      } catch (err) {
        expect(err).toBeInstanceOf(ProtobufDecodeError);
      }
    }
  });
});

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

describe.skipIf(!existsSync(KUBECTL))('decodeKubernetesProtobuf (bodies captured from real kubectl 1.32)', () => {
  async function capture(args: string[]): Promise<Buffer> {
    let body: Buffer | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST') {
          body = Buffer.concat(chunks);
          // Echo the decoded object back so kubectl prints success.
          let json = '{}';
          try {
            json = JSON.stringify(decodeKubernetesProtobuf(body));
          } catch {
            /* the assertion below reports it */
          }
          res.writeHead(201, { 'Content-Type': 'application/json' }).end(json);
        } else {
          res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"kind":"Status","apiVersion":"v1","status":"Failure","code":404,"reason":"NotFound"}');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'pbcap-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
    );
    await new Promise<void>((resolve) => {
      execFile(KUBECTL, [...args, '--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')], { timeout: 20_000 }, () => resolve());
    });
    await new Promise<void>((r) => server.close(() => r()));
    if (!body) throw new Error(`kubectl ${args.join(' ')} sent no POST`);
    return body;
  }

  it('create deployment', async () => {
    const body = await capture(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=8080']);
    expect(hasProtobufMagic(body)).toBe(true);
    const obj = decodeKubernetesProtobuf(body);
    expect(obj).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 8080 }], resources: {} }] },
        },
      },
    });
    // No zero-valued noise from non-pointer fields.
    const spec = obj.spec as Record<string, unknown>;
    expect(spec.paused).toBeUndefined();
    expect(spec.minReadySeconds).toBeUndefined();
  });

  it('create deployment --replicas=0 keeps the explicit zero', async () => {
    const obj = decodeKubernetesProtobuf(await capture(['create', 'deployment', 'zero', '--image=x', '--replicas=0']));
    expect((obj.spec as Record<string, unknown>).replicas).toBe(0);
  });

  it('create configmap, secret, namespace, service clusterip', async () => {
    expect(decodeKubernetesProtobuf(await capture(['create', 'configmap', 'cfg', '--from-literal=a=b']))).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: 'b' },
    });
    expect(decodeKubernetesProtobuf(await capture(['create', 'secret', 'generic', 'sec', '--from-literal=p=q']))).toMatchObject({
      kind: 'Secret',
      data: { p: 'cQ==' },
    });
    expect(decodeKubernetesProtobuf(await capture(['create', 'namespace', 'team-a']))).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    expect(decodeKubernetesProtobuf(await capture(['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080']))).toMatchObject({
      kind: 'Service',
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc1' }, type: 'ClusterIP' },
    });
  });
});
