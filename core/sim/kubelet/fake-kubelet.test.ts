import { describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../cluster.js';
import type { Pod } from '../store/kube-types.js';
import { webDeployment } from '../testing/fixtures.js';

function onlyPod(c: SimCluster): Pod {
  const items = c.store.list('pods', { namespace: 'default' }).items;
  expect(items).toHaveLength(1);
  return items[0]!;
}

function podNamed(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: 'web', image: 'deploy-lab/pyweb:1.0', ports: [{ containerPort: 8000 }] }] },
  };
}

describe('FakeKubelet', () => {
  it('runs a pod through pull, create, start with the kubelet events and conditions', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('pods', podNamed('solo'));
    c.advance(10_000);
    const p = onlyPod(c);
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.conditions?.map((x) => `${x.type}=${x.status}`).sort()).toEqual([
      'ContainersReady=True',
      'Initialized=True',
      'PodReadyToStartContainers=True',
      'PodScheduled=True',
      'Ready=True',
    ]);
    expect(p.status?.hostIP).toMatch(/^172\.18\.0\.\d+$/);
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ ready: true, restartCount: 0, started: true, image: 'deploy-lab/pyweb:1.0' });
    const msgs = c.events().filter((e) => e.object === 'Pod/default/solo').map((e) => `${e.component} ${e.reason}: ${e.message}`);
    expect(msgs[0]).toMatch(/^default-scheduler Scheduled: Successfully assigned default\/solo to deploy-lab-worker2?$/);
    expect(msgs.slice(1)).toEqual([
      'kubelet Pulling: Pulling image "deploy-lab/pyweb:1.0"',
      'kubelet Pulled: Successfully pulled image "deploy-lab/pyweb:1.0" in 2.5s (2.5s including waiting). Image size: 58720256 bytes.',
      'kubelet Created: Created container: web',
      'kubelet Started: Started container web',
    ]);
    c.dispose();
  });

  it('restarts a crashing container with CrashLoopBackOff delays 10, 20, 40, 80, 160, 300, 300 s', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('crashy');
    p.spec.containers[0]!.image = 'deploy-lab/pyweb:3.2-crash';
    c.store.create('pods', p);
    const starts: number[] = [];
    const exits: number[] = [];
    let lastRestarts = -1;
    let lastState = '';
    for (let t = 0; t < 1_500_000; t += 100) {
      c.advance(100);
      const cs = onlyPod(c).status?.containerStatuses?.[0];
      if (!cs) continue;
      const state = cs.state.running ? 'running' : cs.state.terminated ? 'terminated' : `waiting:${cs.state.waiting?.reason}`;
      if (state !== lastState) {
        if (state === 'running') starts.push(c.clock.now());
        if (state === 'terminated') exits.push(c.clock.now());
        lastState = state;
      }
      lastRestarts = cs.restartCount;
    }
    // Each exit is followed by a restart; the first one is immediate (next pod sync, 1 s),
    // then the back-off doubles from 10 s to the 300 s cap (kubelet doBackOff).
    const waits = exits.slice(0, 8).map((e, i) => Math.round((starts[i + 1]! - e) / 1000));
    expect(waits).toEqual([1, 10, 20, 40, 80, 160, 300, 300]);
    expect(lastRestarts).toBeGreaterThanOrEqual(8);
    const pod = onlyPod(c);
    expect(c.events().some((e) => e.reason === 'BackOff' && e.message === `Back-off restarting failed container web in pod crashy_default(${pod.metadata.uid})`)).toBe(true);
    const logs = c.logs('default', 'crashy', { previous: true });
    expect(logs).toContain('RuntimeError: CRASH_ON_START');
    c.dispose();
  });

  it('shows ErrImagePull then ImagePullBackOff for a tag the registry does not have', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('typo');
    p.spec.containers[0]!.image = 'deploy-lab/pyweb:9.9';
    c.store.create('pods', p);
    c.advance(1500);
    expect(onlyPod(c).status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('ErrImagePull');
    c.advance(1500);
    const w = onlyPod(c).status?.containerStatuses?.[0]?.state.waiting;
    expect(w).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "deploy-lab/pyweb:9.9"' });
    expect(onlyPod(c).status?.phase).toBe('Pending');
    const failed = c.events().filter((e) => e.reason === 'Failed').map((e) => e.message);
    expect(failed).toContain('Error: ErrImagePull');
    expect(failed).toContain('Error: ImagePullBackOff');
    expect(failed.some((m) => m.includes('failed to resolve reference "docker.io/deploy-lab/pyweb:9.9"'))).toBe(true);
    c.dispose();
  });

  it('marks a readiness failure Unhealthy with the probe message and keeps the pod unready', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 1, readinessProbe: true, env: { FAIL_READINESS: '1' } }));
    c.advance(30_000);
    const p = onlyPod(c);
    expect(p.status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    const unhealthy = c.events().filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy.at(-1)?.message).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
    // Repeats aggregate into one Event object with a count.
    const ev = c.store.list('events', { namespace: 'default', fieldSelector: `involvedObject.name=${p.metadata.name},reason=Unhealthy` }).items;
    expect(ev.length).toBeGreaterThanOrEqual(1);
    expect(ev.some((e) => e.count > 1)).toBe(true);
    expect(ev[0]?.involvedObject.uid).toBe(p.metadata.uid);
    expect(ev[0]?.source).toEqual({ component: 'kubelet', host: p.spec.nodeName });
    c.dispose();
  });

  it('reports CreateContainerConfigError for a missing ConfigMap and starts once it exists', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('cfg');
    p.spec.containers[0]!.env = [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'greeting' } } }];
    c.store.create('pods', p);
    c.advance(3000);
    expect(onlyPod(c).status?.containerStatuses?.[0]?.state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' });
    c.store.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { greeting: 'hi' } });
    c.advance(20_000);
    expect(onlyPod(c).status?.phase).toBe('Running');
    c.dispose();
  });

  it('deletes gracefully: Killing, drain, then the object disappears', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('pods', podNamed('bye'));
    c.advance(10_000);
    const deleted = c.store.delete('pods', 'default', 'bye');
    expect(deleted.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(deleted.metadata.deletionTimestamp).toBe(new Date(c.clock.now() + 30_000).toISOString().replace('.000Z', 'Z'));
    c.advance(1000);
    expect(c.store.tryGet('pods', 'default', 'bye')).toBeDefined();
    expect(c.events().some((e) => e.reason === 'Killing' && e.message === 'Stopping container web')).toBe(true);
    c.advance(3000);
    expect(c.store.tryGet('pods', 'default', 'bye')).toBeUndefined();
    c.dispose();
  });

  it('keeps an app that ignores SIGTERM until the grace period ends', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('stubborn');
    p.spec.containers[0]!.env = [{ name: 'IGNORE_SIGTERM', value: '1' }];
    p.spec.terminationGracePeriodSeconds = 10;
    c.store.create('pods', p);
    c.advance(10_000);
    c.store.delete('pods', 'default', 'stubborn');
    c.advance(9_000);
    expect(c.store.tryGet('pods', 'default', 'stubborn')).toBeDefined();
    c.advance(1_500);
    expect(c.store.tryGet('pods', 'default', 'stubborn')).toBeUndefined();
    c.dispose();
  });
});

describe('FakeKubelet probes, restarts and logs', () => {
  it('restarts a container whose liveness probe fails (Killing event, restartCount, lastState)', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('live');
    p.spec.containers[0]!.livenessProbe = { httpGet: { path: '/nope', port: 8000 }, periodSeconds: 5, failureThreshold: 2, initialDelaySeconds: 5 };
    c.store.create('pods', p);
    c.advance(30_000);
    const cs = onlyPod(c).status?.containerStatuses?.[0];
    expect(cs?.restartCount).toBeGreaterThanOrEqual(1);
    expect(cs?.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const ev = c.events().filter((e) => e.object === 'Pod/default/live').map((e) => `${e.reason}: ${e.message}`);
    expect(ev).toContain('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404');
    expect(ev).toContain('Killing: Container web failed liveness probe, will be restarted');
    c.dispose();
  });

  it('gates readiness on the startup probe', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('slow');
    p.spec.containers[0]!.env = [{ name: 'STARTUP_DELAY_SECONDS', value: '20' }];
    p.spec.containers[0]!.startupProbe = { httpGet: { path: '/healthz', port: 8000 }, periodSeconds: 5, failureThreshold: 10 };
    c.store.create('pods', p);
    c.advance(15_000);
    expect(onlyPod(c).status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    c.advance(15_000);
    expect(onlyPod(c).status?.containerStatuses?.[0]).toMatchObject({ started: true, ready: true });
    c.dispose();
  });

  it('serves logs with tailLines, timestamps and sinceSeconds; previous after a crash', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('pods', podNamed('talk'));
    c.advance(10_000);
    const all = c.logs('default', 'talk');
    expect(all.split('\n')[0]).toMatch(/^\[2026-01-01 00:00:0\d \+0000\] \[1\] \[INFO\] Starting gunicorn 26\.2\.0$/);
    expect(all).toContain('pyweb 1.0 (blue) ready on port 8000');
    expect(c.logs('default', 'talk', { tailLines: 1 })).toBe('pyweb 1.0 (blue) ready on port 8000\n');
    expect(c.logs('default', 'talk', { tailLines: 1, timestamps: true })).toMatch(/^2026-01-01T00:00:0\d\.\d{9}Z pyweb/);
    expect(c.logs('default', 'talk', { sinceSeconds: 1 })).toBe('');
    expect(() => c.logs('default', 'talk', { previous: true })).toThrow('previous terminated container "web" in pod "talk" not found');
    expect(c.faults.crashContainer('default', 'talk', { exitCode: 1 })).toBe(true);
    c.advance(10_000);
    expect(c.logs('default', 'talk', { previous: true })).toContain('Listening at: http://0.0.0.0:8000');
    const cs = onlyPod(c).status?.containerStatuses?.[0];
    expect(cs?.restartCount).toBe(1);
    expect(cs?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    c.dispose();
  });

  it('restarts the containers of a node that comes back (restartCount + 1, reason Unknown)', () => {
    // A single-node cluster: the control plane is untainted and runs the pod, as in kind.
    const c = createSimCluster({ freezeObjects: true, nodes: 1 });
    c.store.create('pods', podNamed('phoenix'));
    c.advance(10_000);
    c.faults.nodeDown('deploy-lab-control-plane');
    c.advance(20_000);
    c.faults.nodeUp('deploy-lab-control-plane');
    c.advance(10_000);
    const cs = onlyPod(c).status?.containerStatuses?.[0];
    expect(cs).toMatchObject({ restartCount: 1, ready: true, lastState: { terminated: { exitCode: 255, reason: 'Unknown' } } });
    expect(c.events().some((e) => e.reason === 'SandboxChanged')).toBe(true);
    c.dispose();
  });
});

describe('log follow', () => {
  it('streams new lines and ends when the container exits', () => {
    const c = createSimCluster({ freezeObjects: true });
    c.store.create('pods', podNamed('tail'));
    c.advance(10_000);
    const got: string[] = [];
    let ended = false;
    const stop = c.followLogs('default', 'tail', { tailLines: 1 }, (l) => got.push(l.text), () => (ended = true));
    expect(got).toEqual(['pyweb 1.0 (blue) ready on port 8000']);
    c.store.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tail', namespace: 'default' }, spec: { selector: { app: 'tail' }, ports: [{ port: 80, targetPort: 8000 }] } });
    c.advance(2_000);
    c.traffic.start({ service: 'tail', ratePerSecond: 2 });
    c.advance(1_000);
    c.traffic.stop();
    expect(got.length).toBe(3);
    expect(got[1]).toContain('"GET / HTTP/1.1" 200');
    c.faults.crashContainer('default', 'tail');
    expect(ended).toBe(true);
    stop();
    // --previous exists once the kubelet has restarted the container (next sync, 1 s later).
    c.advance(2_000);
    expect(c.logLines('default', 'tail', { previous: true }).at(-1)?.text).toContain('GET /');
    c.dispose();
  });
});

describe('preStop', () => {
  it('runs the preStop sleep before SIGTERM, so the pod keeps serving while endpoints update', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('hook');
    p.spec.containers[0]!.lifecycle = { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } };
    c.store.create('pods', p);
    c.advance(10_000);
    c.store.delete('pods', 'default', 'hook');
    c.advance(4_500);
    expect(c.logs('default', 'hook')).not.toContain('Handling signal: term');
    c.advance(1_000);
    expect(c.logs('default', 'hook')).toContain('Handling signal: term');
    // drainSeconds 3 after SIGTERM, then the kubelet removes the pod.
    c.advance(3_500);
    expect(c.store.tryGet('pods', 'default', 'hook')).toBeUndefined();
    c.dispose();
  });
});

describe('init containers', () => {
  it('run in order to completion before the app container starts (Init:0/2 -> Running)', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('boot');
    p.spec.initContainers = [
      { name: 'wait-db', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] },
      { name: 'migrate', image: 'busybox:1.36', command: ['sh', '-c', 'echo migrate'] },
    ];
    c.store.create('pods', p);
    c.advance(4_000);
    let pod = onlyPod(c);
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.conditions?.find((x) => x.type === 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [wait-db migrate]',
    });
    expect(pod.status?.initContainerStatuses?.map((s) => Object.keys(s.state)[0])).toEqual(['running', 'waiting']);
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
    c.advance(20_000);
    pod = onlyPod(c);
    expect(pod.status?.initContainerStatuses?.map((s) => s.state.terminated?.reason)).toEqual(['Completed', 'Completed']);
    expect(pod.status?.conditions?.find((x) => x.type === 'Initialized')?.status).toBe('True');
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(true);
    c.dispose();
  });

  it('an init container that never completes keeps the pod Pending', () => {
    const c = createSimCluster({ freezeObjects: true });
    const p = podNamed('stuck');
    p.spec.initContainers = [{ name: 'server', image: 'deploy-lab/pyweb:1.0' }];
    c.store.create('pods', p);
    c.advance(60_000);
    expect(onlyPod(c).status?.phase).toBe('Pending');
    expect(onlyPod(c).status?.containerStatuses?.[0]?.state.waiting?.reason).toBe('PodInitializing');
    c.dispose();
  });
});

describe('image pulls', () => {
  it('are serialised per node; later requests for the same image wait, then only check the manifest', () => {
    const c = createSimCluster({ freezeObjects: true, nodes: 1 });
    for (const n of ['a', 'b', 'c']) c.store.create('pods', podNamed(n));
    c.advance(10_000);
    const pulled = c.events().filter((e) => e.reason === 'Pulled' && e.object.startsWith('Pod/default/')).map((e) => e.message);
    expect(pulled).toEqual([
      'Successfully pulled image "deploy-lab/pyweb:1.0" in 2.5s (2.5s including waiting). Image size: 58720256 bytes.',
      'Successfully pulled image "deploy-lab/pyweb:1.0" in 300ms (2.8s including waiting). Image size: 58720256 bytes.',
      'Successfully pulled image "deploy-lab/pyweb:1.0" in 300ms (3.1s including waiting). Image size: 58720256 bytes.',
    ]);
    c.dispose();
  });
});

describe('probes of a ready pod (not ticked while they keep succeeding)', () => {
  it('see a fault injected long after the pod became ready at their own next tick, then every period', () => {
    const c = createSimCluster({ seed: 3, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 1, readinessProbe: true }));
    c.advance(60_000);
    const unhealthy = () => c.events().filter((e) => e.reason === 'Unhealthy').map((e) => e.t);
    // The probe (period 2 s) failed while the app started, which gives its phase.
    const phase = unhealthy()[0]! % 2000;
    const before = unhealthy().length;
    const injectedAt = c.clock.now() + 777;
    c.advance(777);
    c.faults.failReadiness('deploy-lab/pyweb:1.0');
    c.advance(7_000);
    const after = unhealthy().slice(before);
    expect(after.length).toBe(4);
    expect(after[0]! - injectedAt).toBeGreaterThan(0);
    expect(after[0]! - injectedAt).toBeLessThanOrEqual(2000);
    expect(after.every((t) => t % 2000 === phase)).toBe(true);
    expect(after.slice(1).map((t, i) => t - after[i]!)).toEqual([2000, 2000, 2000]);
    const pod = c.store.list('pods', { namespace: 'default' }).items[0]!;
    expect(pod.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
    // Lifting the fault: ready again at the next tick.
    c.faults.failReadiness('deploy-lab/pyweb:1.0', false);
    c.advance(2_000);
    expect(c.store.list('pods', { namespace: 'default' }).items[0]!.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('True');
    c.dispose();
  });

  it('see a pod that drains on SIGTERM answer 503 and turn it unready before it exits', () => {
    const c = createSimCluster({ seed: 3, freezeObjects: true });
    c.store.create('deployments', webDeployment({ replicas: 1, readinessProbe: true }));
    c.advance(60_000);
    const pod = c.store.list('pods', { namespace: 'default' }).items[0]!;
    c.store.delete('pods', 'default', pod.metadata.name!);
    let sawUnready = false;
    for (let i = 0; i < 40; i++) {
      c.advance(100);
      const p = c.store.tryGet('pods', 'default', pod.metadata.name!);
      if (p?.status?.conditions?.find((x) => x.type === 'Ready')?.status === 'False') sawUnready = true;
    }
    expect(sawUnready).toBe(true);
    const msgs = c.events().filter((e) => e.object === `Pod/default/${pod.metadata.name}` && e.reason === 'Unhealthy').map((e) => e.message);
    expect(msgs.at(-1)).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
    c.dispose();
  });
});

