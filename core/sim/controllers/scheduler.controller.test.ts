import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../cluster.js';
import { webDeployment } from '../testing/fixtures.js';
import { backoffMs } from './scheduler.controller.js';

/** A 3-node cluster of 1-CPU nodes where the third 600m replica of web has no room. */
function onePodPending() {
  const c = createSimCluster({ seed: 21, freezeObjects: true, nodeCpu: '1' });
  c.store.create('deployments', webDeployment({ replicas: 3, cpuRequest: '600m' }));
  c.advance(20_000);
  const pending = c.store.list('pods', { namespace: 'default' }).items.filter((p) => !p.spec.nodeName);
  expect(pending).toHaveLength(1);
  const name = pending[0]!.metadata.name!;
  const attempts = () => c.events().filter((e) => e.reason === 'FailedScheduling' && e.object === `Pod/default/${name}`).length;
  /** A node update: a cluster event that sends unschedulable pods back to the queue. */
  const touchNode = (i: number) => {
    const node = structuredClone(c.store.get('nodes', undefined, 'deploy-lab-worker'));
    node.metadata.labels = { ...node.metadata.labels, touched: String(i) };
    c.store.update('nodes', node);
  };
  return { c, name, attempts, touchNode };
}

describe('scheduler queue backoff (scheduling_queue.go)', () => {
  it('backs off 1 s, doubling to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('retries an unschedulable pod once per backoff however many cluster events arrive', () => {
    const { c, attempts, touchNode } = onePodPending();
    // Let the backoff grow to its 10 s cap: one event per second for a minute.
    for (let i = 0; i < 60; i++) {
      touchNode(i);
      c.advance(1000);
    }
    const before = attempts();
    // 50 node updates in 5 s: at most one more attempt (10 s backoff), not 50.
    for (let i = 0; i < 50; i++) {
      touchNode(100 + i);
      c.advance(100);
    }
    expect(attempts() - before).toBeLessThanOrEqual(1);
    // Events every 200 ms for 30 s: about one attempt per 10 s.
    const mid = attempts();
    for (let i = 0; i < 150; i++) {
      touchNode(200 + i);
      c.advance(200);
    }
    expect(attempts() - mid).toBeGreaterThanOrEqual(2);
    expect(attempts() - mid).toBeLessThanOrEqual(4);
    c.dispose();
  });

  it('with no cluster event, tries an unschedulable pod again after 5 minutes, not before', () => {
    const { c, attempts } = onePodPending();
    const before = attempts();
    c.advance(4 * 60_000);
    expect(attempts()).toBe(before);
    c.advance(90_000);
    expect(attempts()).toBe(before + 1);
    c.dispose();
  });

  it('a pod that waited out its backoff is scheduled as soon as room appears', () => {
    const { c, name } = onePodPending();
    c.advance(60_000);
    const d = structuredClone(c.store.get('deployments', 'default', 'web'));
    d.spec.replicas = 2;
    c.store.update('deployments', d);
    // The replica removed goes first if it is the pending one (upstream ranks unscheduled pods first).
    c.advance(2_000);
    const pods = c.store.list('pods', { namespace: 'default' }).items.filter((p) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.spec.nodeName)).toBe(true);
    expect(pods.map((p) => p.metadata.name)).not.toContain(name);
    c.dispose();
  });

  it('records FailedScheduling as an events.k8s.io series: written at 1 and 2, then every 30 min and when it ends', () => {
    const { c, name, attempts, touchNode } = onePodPending();
    const stored = () =>
      c.store
        .list('events', { namespace: 'default' })
        .items.filter((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === name);
    for (let i = 0; i < 60; i++) {
      touchNode(i);
      c.advance(1000);
    }
    expect(attempts()).toBeGreaterThanOrEqual(5);
    // One event object; the repeats after the second are counted, not written.
    expect(stored()).toHaveLength(1);
    expect(stored()[0]!.count).toBe(2);
    // The 30-minute refresh writes the count so far (the 5-minute flush keeps the series going).
    c.advance(30 * 60_000);
    expect(stored()[0]!.count).toBeGreaterThan(2);
    expect(stored()[0]!.count).toBe(attempts());
    // Scaled down, the pending replica goes first: the series ends, and its final count is written.
    const d = structuredClone(c.store.get('deployments', 'default', 'web'));
    d.spec.replicas = 2;
    c.store.update('deployments', d);
    c.advance(13 * 60_000);
    expect(stored()).toHaveLength(1);
    expect(stored()[0]!.count).toBe(attempts());
    // A later series (another pending pod) is ended and written the same way, before the next refresh.
    const scale = (replicas: number) => {
      const next = structuredClone(c.store.get('deployments', 'default', 'web'));
      next.spec.replicas = replicas;
      c.store.update('deployments', next);
    };
    scale(3);
    c.advance(1000);
    const second = c.store.list('pods', { namespace: 'default' }).items.find((p) => !p.spec.nodeName)!;
    const secondAttempts = () =>
      c.events().filter((e) => e.reason === 'FailedScheduling' && e.object === `Pod/default/${second.metadata.name}`).length;
    const secondStored = () =>
      c.store.list('events', { namespace: 'default' }).items.find((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === second.metadata.name);
    for (let i = 0; i < 60; i++) {
      touchNode(1000 + i);
      c.advance(1000);
    }
    expect(secondAttempts()).toBeGreaterThanOrEqual(5);
    expect(secondStored()?.count).toBe(2);
    // finishSeries runs every 6 minutes, so a series is written 6-12 minutes after its last repeat
    // (here still before the next 30-minute refresh).
    scale(2);
    c.advance(13 * 60_000);
    expect(secondStored()?.count).toBe(secondAttempts());
    c.dispose();
  });
});
