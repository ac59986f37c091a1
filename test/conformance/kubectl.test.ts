// Real kubectl (1.32, plus 1.27 and 1.33 for a subset) against the embedded cluster served by
// startSimServer over https with a bearer token. Each kubectl version gets a private --cache-dir so
// discovery is never read from another run (notes §7 pitfall 15).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startSimServer, type SimServer } from '../../core/sim/serve/sim-server.js';

const BIN = '/usr/lib/google-cloud-sdk/bin';
const has = (minor: number) => existsSync(`${BIN}/kubectl.1.${minor}`);

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

let sim: SimServer;
let dir: string;

async function run(
  args: string[],
  opts: { minor?: number; input?: string; timeoutMs?: number; bin?: string } = {},
): Promise<Run> {
  const minor = opts.minor ?? 32;
  const bin = opts.bin ?? `${BIN}/kubectl.1.${minor}`;
  const r = await execa(bin, ['--cache-dir', join(dir, `cache-${minor}`), ...args], {
    env: { KUBECONFIG: sim.kubeconfigPath, HOME: dir, PATH: process.env.PATH ?? '' },
    extendEnv: false,
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), code: r.exitCode ?? -1 };
}

/** Runs a command that never exits on its own (get -w, logs -f) for a while, then stops it. */
async function stream(minor: number, args: string[], ms: number, during?: () => Promise<unknown>): Promise<string> {
  const child = execa(`${BIN}/kubectl.1.${minor}`, ['--cache-dir', join(dir, `cache-${minor}`), ...args], {
    env: { KUBECONFIG: sim.kubeconfigPath, HOME: dir, PATH: process.env.PATH ?? '' },
    extendEnv: false,
    reject: false,
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  // Wait for the first output (the watch or follow is established once kubectl printed the current state),
  // then a little more for the watch request itself; bounded so a silent command still finishes.
  for (let waited = 0; out === '' && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500));
  if (during) await during();
  await new Promise((r) => setTimeout(r, ms));
  child.kill('SIGTERM');
  await child;
  return out;
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`kubectl failed (${r.code}): ${r.stderr}\n${r.stdout}`);
  return r;
}

const DEPLOY_YAML = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: ${image}
        ports: [{containerPort: 8000}]${extra}
`;

// The full command list runs against 1.32 (the version the dispatcher picks by default) and, with the server
// reporting the matching minor, against the oldest and newest kubectl installed.
const FULL_SUITE = (process.env.KUBECTL_MINORS ?? '32,33,27').split(',').map(Number);

for (const MINOR of FULL_SUITE) describe.skipIf(!has(MINOR))(`kubectl 1.${MINOR} against the embedded cluster`, () => {
  const kubectl = (args: string[], opts: { minor?: number; input?: string; timeoutMs?: number; bin?: string } = {}) => run(args, { minor: MINOR, ...opts });
  const streamFor = (args: string[], ms: number, during?: () => Promise<unknown>) => stream(MINOR, args, ms, during);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `kubectl-conf-${MINOR}-`));
    sim = await startSimServer({ kubeconfigPath: join(dir, 'kubeconfig'), nodes: 3, seed: 7, speed: 4, kubeVersion: MINOR });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it(`version through the gcloud dispatcher picks kubectl 1.${MINOR}`, async () => {
    const dispatcher = existsSync('/usr/bin/kubectl');
    const r = await kubectl(['version'], { bin: dispatcher ? '/usr/bin/kubectl' : `${BIN}/kubectl.1.${MINOR}` });
    expect(r.code).toBe(0);
    // 1.27 prints version.Info{...} structs, later versions the short form; both carry the git versions.
    expect(r.stdout).toMatch(/Server Version: (v1\.\d+\.0|version\.Info\{Major:"1", Minor:"\d+")/);
    expect(r.stdout).toContain(`v1.${MINOR}.0`);
    if (dispatcher) expect(r.stdout.match(new RegExp(`v1\\.${MINOR}\\.\\d+`, 'g'))?.length).toBeGreaterThanOrEqual(2);
  });

  it('rejects a request without the token (401 Status)', async () => {
    const res = await fetch(`${sim.url}/api/v1/pods`).catch((err: unknown) => err);
    // Self-signed CA: fetch without the CA fails TLS, which is also a refusal; with node:https the body is a 401 Status.
    expect(res).toBeDefined();
    const https = await import('node:https');
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const cfg = parse(readFileSync(sim.kubeconfigPath, 'utf8')) as {
      clusters: { cluster: Record<string, string> }[];
    };
    const ca = Buffer.from(cfg.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString();
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${sim.url}/api/v1/pods`, { ca }, (res) => {
          let d = '';
          res.on('data', (c: Buffer) => (d += c.toString()));
          res.on('end', () => resolve(d));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
  });

  it('get nodes and namespaces', async () => {
    const nodes = ok(await kubectl(['get', 'nodes']));
    expect(nodes.stdout).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(nodes.stdout).toMatch(/deploy-lab-control-plane\s+Ready\s+control-plane/);
    const wide = ok(await kubectl(['get', 'nodes', '-o', 'wide']));
    expect(wide.stdout).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/);
    expect(ok(await kubectl(['get', 'ns'])).stdout).toMatch(/default\s+Active/);
  });

  it('create deployment (protobuf body) and rollout status', async () => {
    const c = ok(
      await kubectl(['create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=2', '--port=80']),
    );
    expect(c.stdout).toBe('deployment.apps/web created');
    const s = ok(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']));
    expect(s.stdout).toContain('deployment "web" successfully rolled out');
  });

  it('get in every output format', async () => {
    expect(ok(await kubectl(['get', 'deploy'])).stdout).toMatch(
      /NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+2\/2\s+2\s+2\s+\d+s/,
    );
    expect(ok(await kubectl(['get', 'deploy', '-o', 'wide'])).stdout).toMatch(
      /CONTAINERS\s+IMAGES\s+SELECTOR\n.*nginx\s+nginx:1\.26\s+app=web/,
    );
    const pods = ok(await kubectl(['get', 'pods', '-o', 'wide']));
    expect(pods.stdout).toMatch(
      /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/,
    );
    expect(pods.stdout).toMatch(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0/);
    expect(ok(await kubectl(['get', 'deploy', 'web', '-o', 'yaml'])).stdout).toMatch(
      /apiVersion: apps\/v1\nkind: Deployment/,
    );
    const j = JSON.parse(ok(await kubectl(['get', 'deploy', '-o', 'json'])).stdout) as {
      kind: string;
      items: { kind: string }[];
    };
    expect(j.kind).toBe('List');
    expect(j.items[0]?.kind).toBe('Deployment');
    expect(
      ok(await kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))
        .stdout,
    ).toBe('nginx:1.26');
    expect(
      ok(await kubectl(['get', 'deploy', '-o', 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas']))
        .stdout,
    ).toMatch(/NAME\s+REPLICAS\nweb\s+2/);
    expect(ok(await kubectl(['get', 'pods', '-A'])).stdout).toMatch(
      /NAMESPACE\s+NAME\s+READY\s+STATUS[\s\S]*\ndefault\s+web-/,
    );
    expect(ok(await kubectl(['get', 'pods', '-l', 'app=web', '--show-labels'])).stdout).toMatch(
      /LABELS\n.*app=web,pod-template-hash=/,
    );
    expect(ok(await kubectl(['get', 'pods', '-l', 'app=nope'])).stderr).toContain(
      'No resources found in default namespace.',
    );
    const sorted = ok(await kubectl(['get', 'pods', '--sort-by=.metadata.name', '-o', 'name'])).stdout.split(
      '\n',
    );
    expect(sorted).toEqual([...sorted].sort());
    expect(ok(await kubectl(['get', 'pods', '--sort-by=.status.podIP'])).stdout).toMatch(/Running/);
    expect(ok(await kubectl(['get', 'rs'])).stdout).toMatch(
      /NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb-[a-z0-9]+\s+2\s+2\s+2/,
    );
    expect(ok(await kubectl(['get', 'all'])).stdout).toMatch(
      /service\/kubernetes[\s\S]*deployment.apps\/web[\s\S]*replicaset.apps\/web-/,
    );
  });

  it('get -w streams Table rows as the object changes', async () => {
    const out = await streamFor(['get', 'deploy', 'web', '-w'], 1500, () =>
      kubectl(['label', 'deployment', 'web', 'watched=yes']),
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE/);
    expect(lines.filter((l) => l.startsWith('web ')).length).toBeGreaterThanOrEqual(2);
  });

  it('create service, configmap, secret, namespace (protobuf bodies)', async () => {
    expect(ok(await kubectl(['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'])).stdout).toBe(
      'service/svc1 created',
    );
    expect(ok(await kubectl(['create', 'configmap', 'cfg', '--from-literal=a=b'])).stdout).toBe(
      'configmap/cfg created',
    );
    expect(ok(await kubectl(['create', 'secret', 'generic', 'sec', '--from-literal=p=q'])).stdout).toBe(
      'secret/sec created',
    );
    expect(ok(await kubectl(['create', 'namespace', 'team-a'])).stdout).toBe('namespace/team-a created');
    expect(ok(await kubectl(['get', 'secret', 'sec', '-o', 'jsonpath={.data.p}'])).stdout).toBe('cQ==');
    expect(ok(await kubectl(['get', 'cm,secret'])).stdout).toMatch(
      /configmap\/cfg\s+1[\s\S]*secret\/sec\s+Opaque\s+1/,
    );
    const dup = await kubectl(['create', 'configmap', 'cfg', '--from-literal=a=b']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('error: failed to create configmap: configmaps "cfg" already exists');
  });

  it('more protobuf creates: configmap from files (binaryData), nodeport/loadbalancer/externalname services, docker-registry secret', async () => {
    writeFileSync(join(dir, 't.txt'), 'hello\n');
    writeFileSync(join(dir, 'bin.dat'), Buffer.from([0, 255, 1, 254, 2]));
    ok(await kubectl(['create', 'configmap', 'files', `--from-file=${join(dir, 't.txt')}`, `--from-file=${join(dir, 'bin.dat')}`]));
    const cm = JSON.parse(ok(await kubectl(['get', 'cm', 'files', '-o', 'json'])).stdout) as { data: Record<string, string>; binaryData: Record<string, string> };
    expect(cm.data).toEqual({ 't.txt': 'hello\n' });
    expect(cm.binaryData).toEqual({ 'bin.dat': Buffer.from([0, 255, 1, 254, 2]).toString('base64') });
    ok(await kubectl(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']));
    ok(await kubectl(['create', 'service', 'loadbalancer', 'lb', '--tcp=80:8080']));
    ok(await kubectl(['create', 'service', 'externalname', 'ext', '--external-name=example.com']));
    const svcs = ok(await kubectl(['get', 'svc', 'np', 'lb', 'ext'])).stdout;
    expect(svcs).toMatch(/np\s+NodePort\s+10\.\S+\s+<none>\s+80:30080\/TCP/);
    expect(svcs).toMatch(/lb\s+LoadBalancer\s+10\.\S+\s+<pending>\s+80:3\d{4}\/TCP/);
    expect(svcs).toMatch(/ext\s+ExternalName\s+<none>\s+example\.com\s+<none>/);
    ok(await kubectl(['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example', '--docker-username=u', '--docker-password=p']));
    expect(ok(await kubectl(['get', 'secret', 'reg'])).stdout).toMatch(/reg\s+kubernetes\.io\/dockerconfigjson\s+1/);
  });

  it('expose, run, describe service', async () => {
    expect(ok(await kubectl(['expose', 'deployment', 'web', '--port=80', '--target-port=80'])).stdout).toBe(
      'service/web exposed',
    );
    expect(ok(await kubectl(['get', 'svc', 'web'])).stdout).toMatch(
      /web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP/,
    );
    expect(ok(await kubectl(['run', 'tmp', '--image=busybox', '--', 'sleep', '3600'])).stdout).toBe(
      'pod/tmp created',
    );
    const d = ok(await kubectl(['describe', 'svc', 'web']));
    expect(d.stdout).toMatch(/Name:\s+web/);
    expect(d.stdout).toMatch(/Endpoints:\s+10\.244\.\d+\.\d+:80/);
  });

  it('describe deployment, pod, node', async () => {
    const dep = ok(await kubectl(['describe', 'deployment', 'web']));
    expect(dep.stdout).toMatch(
      /Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable/,
    );
    expect(dep.stdout).toMatch(/NewReplicaSet:\s+web-[a-z0-9]+ \(2\/2 replicas created\)/);
    expect(dep.stdout).toContain('ScalingReplicaSet');
    const pod = ok(
      await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']),
    ).stdout;
    const dp = ok(await kubectl(['describe', 'pod', pod]));
    expect(dp.stdout).toMatch(/Status:\s+Running/);
    expect(dp.stdout).toMatch(/Normal\s+Scheduled/);
    const node = ok(await kubectl(['describe', 'node', 'deploy-lab-worker']));
    expect(node.stdout).toMatch(/Non-terminated Pods:\s+\(\d+ in total\)/);
  });

  it('apply: create, unchanged, configure, dry-run client and server, diff, server-side, strict', async () => {
    const file = join(dir, 'api.yaml');
    writeFileSync(file, DEPLOY_YAML('deploy-lab/pyweb:1.0'));
    expect(ok(await kubectl(['apply', '-f', file])).stdout).toBe('deployment.apps/api created');
    expect(ok(await kubectl(['apply', '-f', file])).stdout).toBe('deployment.apps/api unchanged');
    writeFileSync(file, DEPLOY_YAML('deploy-lab/pyweb:2.0'));
    const diff = await kubectl(['diff', '-f', file]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^-.*image: deploy-lab\/pyweb:1\.0$/m);
    expect(diff.stdout).toMatch(/^\+.*image: deploy-lab\/pyweb:2\.0$/m);
    expect(ok(await kubectl(['apply', '-f', file, '--dry-run=client'])).stdout).toBe(
      'deployment.apps/api configured (dry run)',
    );
    expect(ok(await kubectl(['apply', '-f', file, '--dry-run=server'])).stdout).toBe(
      'deployment.apps/api configured (server dry run)',
    );
    expect(
      ok(await kubectl(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']))
        .stdout,
    ).toBe('deploy-lab/pyweb:1.0');
    expect(ok(await kubectl(['apply', '-f', file])).stdout).toBe('deployment.apps/api configured');
    expect(ok(await kubectl(['apply', '--server-side', '-f', file])).stdout).toBe(
      'deployment.apps/api serverside-applied',
    );
    writeFileSync(
      join(dir, 'bad.yaml'),
      DEPLOY_YAML('deploy-lab/pyweb:2.0').replace('replicas: 2', 'replicas: 2\n  foo: bar'),
    );
    const bad = await kubectl(['apply', '-f', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('strict decoding error: unknown field "spec.foo"');
    ok(await kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']));
  });

  it('scale, set image, set env, label, annotate, patch (three types)', async () => {
    expect(ok(await kubectl(['scale', 'deployment', 'api', '--replicas=3'])).stdout).toBe(
      'deployment.apps/api scaled',
    );
    expect(
      ok(await kubectl(['scale', 'deployment', 'api', '--current-replicas=3', '--replicas=2'])).stdout,
    ).toBe('deployment.apps/api scaled');
    expect(ok(await kubectl(['set', 'image', 'deployment/api', 'api=deploy-lab/pyweb:3.0'])).stdout).toBe(
      'deployment.apps/api image updated',
    );
    expect(ok(await kubectl(['set', 'env', 'deployment/api', 'GREETING=hi'])).stdout).toBe(
      'deployment.apps/api env updated',
    );
    expect(ok(await kubectl(['label', 'deployment', 'api', 'tier=backend'])).stdout).toBe(
      'deployment.apps/api labeled',
    );
    // kubectl 1.27 prints "annotate" (the past tense came later).
    const annotated = ok(await kubectl(['annotate', 'deployment', 'api', 'kubernetes.io/change-cause=v3']));
    expect(annotated.stdout).toMatch(/^deployment\.apps\/api annotated?$/);
    expect(
      ok(await kubectl(['patch', 'deployment', 'api', '-p', '{"spec":{"revisionHistoryLimit":5}}'])).stdout,
    ).toBe('deployment.apps/api patched');
    expect(
      ok(
        await kubectl([
          'patch',
          'deployment',
          'api',
          '--type=merge',
          '-p',
          '{"metadata":{"labels":{"m":"1"}}}',
        ]),
      ).stdout,
    ).toBe('deployment.apps/api patched');
    expect(
      ok(
        await kubectl([
          'patch',
          'deployment',
          'api',
          '--type=json',
          '-p',
          '[{"op":"add","path":"/spec/minReadySeconds","value":1}]',
        ]),
      ).stdout,
    ).toBe('deployment.apps/api patched');
    const failed = await kubectl([
      'patch',
      'deployment',
      'api',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":99}]',
    ]);
    expect(failed.code).toBe(1);
    const got = JSON.parse(ok(await kubectl(['get', 'deploy', 'api', '-o', 'json'])).stdout) as {
      metadata: { labels: Record<string, string> };
      spec: {
        revisionHistoryLimit: number;
        replicas: number;
        template: { spec: { containers: { image: string; env: { name: string }[] }[] } };
      };
    };
    expect(got.metadata.labels).toMatchObject({ tier: 'backend', m: '1' });
    expect(got.spec.revisionHistoryLimit).toBe(5);
    expect(got.spec.replicas).toBe(2);
    expect(got.spec.template.spec.containers[0]?.image).toBe('deploy-lab/pyweb:3.0');
    expect(got.spec.template.spec.containers[0]?.env).toEqual([{ name: 'GREETING', value: 'hi' }]);
    ok(await kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']));
  });

  it('rollout history, undo, pause, resume, restart', async () => {
    const h = ok(await kubectl(['rollout', 'history', 'deployment/api']));
    expect(h.stdout).toMatch(/REVISION\s+CHANGE-CAUSE/);
    expect(h.stdout).toMatch(/\n\d+\s+v3/);
    expect(ok(await kubectl(['rollout', 'pause', 'deployment/api'])).stdout).toBe(
      'deployment.apps/api paused',
    );
    const undoPaused = await kubectl(['rollout', 'undo', 'deployment/api']);
    expect(undoPaused.code).toBe(1);
    expect(undoPaused.stderr).toContain('cannot rollback a paused deployment');
    expect(ok(await kubectl(['rollout', 'resume', 'deployment/api'])).stdout).toBe(
      'deployment.apps/api resumed',
    );
    expect(ok(await kubectl(['rollout', 'undo', 'deployment/api'])).stdout).toBe(
      'deployment.apps/api rolled back',
    );
    ok(await kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']));
    // The last two revisions were `set image` (pyweb:3.0) and `set env`; undo returns to the former.
    const undone = JSON.parse(ok(await kubectl(['get', 'deploy', 'api', '-o', 'json'])).stdout) as {
      spec: { template: { spec: { containers: { image: string; env?: unknown }[] } } };
    };
    expect(undone.spec.template.spec.containers[0]?.image).toBe('deploy-lab/pyweb:3.0');
    expect(undone.spec.template.spec.containers[0]?.env).toBeUndefined();
    expect(ok(await kubectl(['rollout', 'restart', 'deployment/api'])).stdout).toBe(
      'deployment.apps/api restarted',
    );
    ok(await kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']));
    expect(
      ok(await kubectl(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.template.metadata.annotations}']))
        .stdout,
    ).toContain('kubectl.kubernetes.io/restartedAt');
  });

  it('autoscale (autoscaling/v1 protobuf) and describe hpa (v2)', async () => {
    expect(
      ok(await kubectl(['autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80'])).stdout,
    ).toBe('horizontalpodautoscaler.autoscaling/web autoscaled');
    expect(ok(await kubectl(['get', 'hpa'])).stdout).toMatch(
      /NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\nweb\s+Deployment\/web\s+cpu: .+\/80%\s+2\s+5/,
    );
    const d = ok(await kubectl(['describe', 'hpa', 'web']));
    expect(d.stdout).toMatch(/Reference:\s+Deployment\/web/);
    expect(d.stdout).toMatch(/Min replicas:\s+2/);
  });

  it('top pod and top node (metrics.k8s.io)', async () => {
    expect(ok(await kubectl(['top', 'pod', '-l', 'app=web'])).stdout).toMatch(/NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\nweb-\S+\s+\d+m\s+\d+Mi/);
    expect(ok(await kubectl(['top', 'node'])).stdout).toMatch(/NAME\s+CPU\(cores\)\s+CPU\S*\s+MEMORY\(bytes\)[\s\S]*deploy-lab-worker\s+\d+m/);
  });

  it('logs: pod, deploy/, --tail, --timestamps, -f', async () => {
    const pod = ok(
      await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']),
    ).stdout;
    const all = ok(await kubectl(['logs', pod]));
    expect(all.stdout.length).toBeGreaterThan(0);
    const tail = ok(await kubectl(['logs', pod, '--tail=1']));
    expect(tail.stdout.trim().split('\n')).toHaveLength(1);
    expect(ok(await kubectl(['logs', 'deploy/web', '--timestamps', '--tail=2'])).stdout).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /,
    );
    const follow = await streamFor(['logs', '-f', pod, '--tail=1'], 500);
    expect(follow.length).toBeGreaterThan(0);
    const missing = await kubectl(['logs', 'nope']);
    expect(missing.stderr).toContain('pods "nope" not found');
  });

  it('wait --for=condition and events', async () => {
    expect(
      ok(await kubectl(['wait', '--for=condition=Available', 'deployment/web', '--timeout=30s'])).stdout,
    ).toBe('deployment.apps/web condition met');
    expect(ok(await kubectl(['get', 'events'])).stdout).toMatch(
      /LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/,
    );
    expect(ok(await kubectl(['events'])).stdout).toMatch(/Scheduled|ScalingReplicaSet/);
  });

  it('endpoints, endpointslices, api-resources, api-versions, cluster-info, get --raw', async () => {
    expect(ok(await kubectl(['get', 'ep', 'web'])).stdout).toMatch(/NAME\s+ENDPOINTS\s+AGE\nweb\s+10\.244\.\d+\.\d+:80/);
    expect(ok(await kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web'])).stdout).toMatch(/NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nweb-\S+\s+IPv4\s+80\s+10\.244\./);
    const res = ok(await kubectl(['api-resources']));
    expect(res.stdout).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(res.stdout).toMatch(/horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler/);
    expect(ok(await kubectl(['api-versions'])).stdout.split('\n')).toEqual([
      'apps/v1',
      'authentication.k8s.io/v1',
      'authentication.k8s.io/v1beta1',
      'authorization.k8s.io/v1',
      'autoscaling/v1',
      'autoscaling/v2',
      'discovery.k8s.io/v1',
      'events.k8s.io/v1',
      'metrics.k8s.io/v1beta1',
      'v1',
    ]);
    // eslint-disable-next-line no-control-regex -- 1.27 colours cluster-info even without a TTY
    const info = ok(await kubectl(['cluster-info'])).stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(info).toContain(`Kubernetes control plane is running at ${sim.url}`);
    expect(JSON.parse(ok(await kubectl(['get', '--raw', '/version'])).stdout)).toMatchObject({ minor: String(MINOR) });
    expect(ok(await kubectl(['auth', 'can-i', 'delete', 'deployments'])).stdout).toBe('yes');
    expect(ok(await kubectl(['auth', 'whoami'])).stdout).toMatch(/Username\s+deploy-lab-admin/);
  });

  it('label many pods, rollout history --revision, get -w -o yaml, wait --for=delete, delete -l', async () => {
    expect(ok(await kubectl(['label', 'pods', '-l', 'app=web', 'env=prod', '--overwrite'])).stdout).toMatch(/pod\/web-\S+ labeled\npod\/web-\S+ labeled/);
    expect(ok(await kubectl(['rollout', 'history', 'deployment/web', '--revision=1'])).stdout).toMatch(/deployment.apps\/web with revision #1\nPod Template:/);
    const yaml = await streamFor(['get', 'deploy', 'web', '-w', '-o', 'yaml'], 1000, () => kubectl(['annotate', 'deployment', 'web', 'watched=again']));
    expect(yaml).toContain('watched: again');
    ok(await kubectl(['run', 'gone', '--image=busybox', '--', 'sleep', '3600']));
    const waiter = kubectl(['wait', '--for=delete', 'pod/gone', '--timeout=30s']);
    await new Promise((r) => setTimeout(r, 500));
    ok(await kubectl(['delete', 'pods', '-l', 'run=gone', '--wait=false']));
    const waited = await waiter;
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain('pod/gone condition met');
  });

  it('lab control API: clock, traffic, faults, request log', async () => {
    const lab = async (method: string, path: string, body?: unknown) => {
      const https = await import('node:https');
      const { readFileSync } = await import('node:fs');
      const { parse } = await import('yaml');
      const cfg = parse(readFileSync(sim.kubeconfigPath, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
      const ca = Buffer.from(cfg.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise<{ status: number; json: Record<string, unknown> & number }>((resolve, reject) => {
        const req = https.request(
          `${sim.url}${path}`,
          { method, ca, headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json', ...(payload ? { 'content-length': String(Buffer.byteLength(payload)) } : {}) } },
          (res) => {
            let d = '';
            res.on('data', (c: Buffer) => (d += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(d) as Record<string, unknown> & number }));
          },
        );
        req.on('error', reject);
        if (payload) req.write(payload);
        req.end();
      });
    };
    const paused = await lab('POST', '/lab/v1/clock/pause');
    expect(paused.json).toMatchObject({ paused: true, speed: 0 });
    const before = Date.parse(String(paused.json.now));
    const advanced = await lab('POST', '/lab/v1/clock/advance', { seconds: 60 });
    expect(Date.parse(String(advanced.json.now)) - before).toBeGreaterThanOrEqual(60_000);
    expect((await lab('POST', '/lab/v1/clock/resume', { speed: 4 })).json).toMatchObject({ paused: false, speed: 4 });
    const started = await lab('POST', '/lab/v1/traffic/start', { service: 'web', ratePerSecond: 20 });
    expect(typeof started.json).toBe('number');
    await new Promise((r) => setTimeout(r, 1500));
    const stats = await lab('POST', '/lab/v1/traffic/stats');
    expect((stats.json.totals as { total: number }).total).toBeGreaterThan(0);
    expect((await lab('POST', '/lab/v1/traffic/stop', { args: [started.json] })).status).toBe(200);
    expect((await lab('POST', '/lab/v1/faults/killPod', { args: ['default', 'nope'] })).json).toMatchObject({ kind: 'Status' });
    expect((await lab('POST', '/lab/v1/faults/injectLatency', { version: 'nope' })).json).toMatchObject({ kind: 'Status', code: 400 });
    expect((await lab('POST', '/lab/v1/faults/clearAll')).status).toBe(200);
    expect((await lab('POST', '/lab/v1/faults/bogus')).status).toBe(404);
    const log = await lab('GET', '/lab/v1/requests');
    expect((log.json.items as unknown[]).length).toBeGreaterThan(3);
  });

  it('delete: graceful, --force, -f file, not found', async () => {
    const pod = ok(
      await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']),
    ).stdout;
    expect(ok(await kubectl(['delete', 'pod', pod])).stdout).toBe(`pod "${pod}" deleted`);
    const forced = ok(await kubectl(['delete', 'pod', 'tmp', '--force', '--grace-period=0']));
    expect(forced.stdout).toBe('pod "tmp" force deleted');
    expect(ok(await kubectl(['delete', '-f', join(dir, 'api.yaml')])).stdout).toBe(
      'deployment.apps "api" deleted',
    );
    const missing = await kubectl(['get', 'deploy', 'api']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "api" not found');
  });

  it('delete a pod gracefully while the clock is paused (no stall)', async () => {
    sim.driver.pause();
    try {
      const pod = ok(
        await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}']),
      ).stdout;
      const started = Date.now();
      expect(ok(await kubectl(['delete', 'pod', pod], { timeoutMs: 45_000 })).stdout).toBe(
        `pod "${pod}" deleted`,
      );
      expect(Date.now() - started).toBeLessThan(40_000);
    } finally {
      sim.driver.resume(4);
    }
  });
});
