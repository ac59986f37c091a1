import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiServer, type ApiServer } from './api-server.js';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE } from './discovery/discovery-documents.js';
import { TABLE_CONTENT_TYPE } from './tables/table-builder.js';
import { memoryCluster, type ManualClock, type MemoryStore } from '../../../test/conformance/memory-store.js';

const TOKEN = 'test-token';
const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
let server: http.Server;
let api: ApiServer;
let base: string;
let store: MemoryStore;
let clock: ManualClock;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

function request(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length: Record<string, string> = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = http.request(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const json = (o: unknown) => JSON.stringify(o);
const CT = (t: string) => ({ 'content-type': t });

beforeAll(async () => {
  ({ store, clock } = memoryCluster());
  api = createApiServer({ cluster: { store, clock }, token: TOKEN, kubeVersion: 32 });
  server = http.createServer((req, res) => api.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  api.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('createApiServer', () => {
  it('serves /version without auth and answers 401 Status otherwise', async () => {
    const v = await request('GET', '/version', undefined, { authorization: '' });
    expect(v.json()).toMatchObject({ major: '1', minor: '32' });
    const r = await request('GET', '/api/v1/pods', undefined, { authorization: 'Bearer wrong' });
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('serves aggregated discovery with the exact Content-Type and legacy documents otherwise', async () => {
    const agg = await request('GET', '/apis', undefined, {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
    });
    expect(agg.headers['content-type']).toBe(AGGREGATED_DISCOVERY_CONTENT_TYPE);
    expect(agg.json().kind).toBe('APIGroupDiscoveryList');
    expect((await request('GET', '/apis')).json().kind).toBe('APIGroupList');
    expect((await request('GET', '/api')).json().kind).toBe('APIVersions');
    expect((await request('GET', '/apis/apps/v1')).json().kind).toBe('APIResourceList');
    expect((await request('GET', '/openapi/v3')).json().paths).toBeDefined();
    expect((await request('GET', '/openapi/v2')).json().swagger).toBe('2.0');
  });

  it('creates, gets as Table, lists, patches and deletes', async () => {
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    };
    const created = await request('POST', '/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict', json(dep), CT('application/json'));
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } });
    expect((await request('POST', '/apis/apps/v1/namespaces/default/deployments', json(dep), CT('application/json'))).json()).toMatchObject({ code: 409, reason: 'AlreadyExists' });

    const table = await request('GET', '/apis/apps/v1/namespaces/default/deployments?limit=500', undefined, { accept: TABLE_ACCEPT });
    expect(table.headers['content-type']).toBe(TABLE_CONTENT_TYPE);
    expect(table.json()).toMatchObject({ kind: 'Table', rows: [{ cells: ['web', '0/2', 0, 0, '0s', 'web', 'nginx:1.25', 'app=web'] }] });

    const list = (await request('GET', '/apis/apps/v1/deployments?labelSelector=app%3Dweb')).json();
    expect(list).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1', items: [{ kind: 'Deployment', apiVersion: 'apps/v1' }] });

    const smp = await request(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl-set',
      '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"nginx:1.26","name":"web"}]}}}}',
      CT('application/strategic-merge-patch+json'),
    );
    expect(smp.status).toBe(200);
    expect(JSON.stringify(smp.json())).toContain('nginx:1.26');

    const strict = await request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web?fieldValidation=Strict', '{"spec":{"foo":1}}', CT('application/merge-patch+json'));
    expect(strict.status).toBe(400);
    expect(strict.json().message).toBe('strict decoding error: unknown field "spec.foo"');

    const warned = await request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web?fieldValidation=Warn', '{"spec":{"foo":1}}', CT('application/merge-patch+json'));
    expect(warned.status).toBe(200);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"spec.foo\\""');
    expect((warned.json().spec as Record<string, unknown>).foo).toBeUndefined();

    const badTest = await request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', '[{"op":"test","path":"/spec/replicas","value":9}]', CT('application/json-patch+json'));
    expect(badTest.status).toBe(422);

    const scaleGet = (await request('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale')).json();
    expect(scaleGet).toMatchObject({ kind: 'Scale', spec: { replicas: 2 } });
    const scalePut = await request('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', json({ ...scaleGet, spec: { replicas: 4 } }));
    expect(scalePut.json()).toMatchObject({ kind: 'Scale', spec: { replicas: 4 } });
    const scalePatch = await request('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', '{"spec":{"replicas":3}}', CT('application/merge-patch+json'));
    expect(scalePatch.json()).toMatchObject({ spec: { replicas: 3 } });

    const dry = await request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web?dryRun=All', '{"propagationPolicy":"Background"}', CT('application/json'));
    expect(dry.status).toBe(200);
    expect((await request('GET', '/apis/apps/v1/namespaces/default/deployments/web')).status).toBe(200);
    const del = await request('DELETE', '/apis/apps/v1/namespaces/default/deployments/web', '{"propagationPolicy":"Background"}', CT('application/json'));
    expect(del.status).toBe(200);
    const gone = await request('GET', '/apis/apps/v1/namespaces/default/deployments/web');
    expect(gone.json()).toMatchObject({ kind: 'Status', code: 404, message: 'deployments.apps "web" not found' });
  });

  it('serves autoscaling/v1 and v2 from one store', async () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    };
    expect((await request('POST', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers', json(v1), CT('application/json'))).status).toBe(201);
    const v2 = (await request('GET', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web')).json();
    expect(v2).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { metrics: [{ resource: { target: { averageUtilization: 80 } } }] } });
    const back = (await request('GET', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web')).json();
    expect(back).toMatchObject({ apiVersion: 'autoscaling/v1', spec: { targetCPUUtilizationPercentage: 80 } });
  });

  it('rejects bad bodies with the right Status codes', async () => {
    expect((await request('POST', '/api/v1/namespaces/default/configmaps', 'x', CT('text/plain'))).status).toBe(415);
    expect((await request('POST', '/api/v1/namespaces/default/configmaps', '{bad', CT('application/json'))).status).toBe(400);
    expect((await request('POST', '/api/v1/namespaces/default/configmaps', Buffer.alloc(4 * 1024 * 1024, 32), CT('application/json'))).status).toBe(413);
    expect((await request('PUT', '/api/v1/namespaces', '{}', CT('application/json'))).status).toBe(405);
    expect((await request('GET', '/apis/nope/v1/things')).status).toBe(404);
    const strict = await request(
      'POST',
      '/api/v1/namespaces/default/configmaps?fieldValidation=Strict',
      json({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, dataa: {} }),
      CT('application/json'),
    );
    expect(strict.json()).toMatchObject({ code: 400, message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dataa"' });
    const wrongNs = await request('POST', '/api/v1/namespaces/default/configmaps', json({ metadata: { name: 'c', namespace: 'other' } }), CT('application/json'));
    expect(wrongNs.status).toBe(400);
  });

  it('streams watch events with flushed headers, as Tables when asked', async () => {
    const rv = (await request('GET', '/api/v1/namespaces/default/configmaps')).json().metadata as { resourceVersion: string };
    const events: { type: string; object: Record<string, unknown> }[] = [];
    const done = new Promise<void>((resolve) => {
      http.get(
        `${base}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv.resourceVersion}&timeoutSeconds=1`,
        { headers: { authorization: `Bearer ${TOKEN}`, accept: TABLE_ACCEPT } },
        (res) => {
          expect(res.headers['content-type']).toBe(TABLE_CONTENT_TYPE);
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              events.push(JSON.parse(buf.slice(0, nl)) as { type: string; object: Record<string, unknown> });
              buf = buf.slice(nl + 1);
            }
          });
          res.on('end', () => resolve());
        },
      );
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(api.activeWatches()).toBe(1);
    await request('POST', '/api/v1/namespaces/default/configmaps', json({ metadata: { name: 'w1' }, data: { a: '1' } }), CT('application/json'));
    await request('POST', '/api/v1/namespaces/default/configmaps', json({ metadata: { name: 'w2' } }), CT('application/json'));
    await done;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
    expect(events[0]?.object).toMatchObject({ kind: 'Table', rows: [{ cells: ['w1', 1, '0s'] }] });
    expect((events[0]?.object.columnDefinitions as unknown[]).length).toBe(3);
    expect((events[1]?.object.columnDefinitions as unknown[]).length).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.activeWatches()).toBe(0);
  });

  it('serves pod logs and graceful deletion', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1' },
      spec: { nodeName: 'sim-node-1', containers: [{ name: 'app', image: 'x' }] },
    };
    await request('POST', '/api/v1/namespaces/default/pods', json(pod), CT('application/json'));
    const waiting = await request('GET', '/api/v1/namespaces/default/pods/p1/log');
    expect(waiting.json()).toMatchObject({ code: 400, message: 'container "app" in pod "p1" is waiting to start: ContainerCreating' });
    const del = (await request('DELETE', '/api/v1/namespaces/default/pods/p1', '{"propagationPolicy":"Background"}', CT('application/json'))).json();
    expect((del.metadata as Record<string, unknown>).deletionTimestamp).toBeDefined();
    expect(api.pendingDeletions()).toBe(1);
    clock.advance(31_000);
    expect(api.pendingDeletions()).toBe(0);
    expect(api.requestLog().length).toBeGreaterThan(5);
    expect(api.requestLog().at(-1)).toMatchObject({ method: 'DELETE', status: 200 });
  });
});
