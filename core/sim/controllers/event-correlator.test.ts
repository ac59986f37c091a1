import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock/virtual-clock.js';
import { SeededRng } from '../rng/seeded-rng.js';
import type { ReplicaSet } from '../store/kube-types.js';
import { ObjectStore } from '../store/object-store.js';
import { EventRecorder } from './event-recorder.js';

function setup(): { store: ObjectStore; clock: VirtualClock; recorder: EventRecorder; rs: ReplicaSet; pod2: ReplicaSet } {
  const clock = new VirtualClock();
  const store = new ObjectStore({ clock, rng: new SeededRng(1), freeze: true });
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const recorder = new EventRecorder(store, clock);
  const obj = (name: string, uid: string): ReplicaSet =>
    ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', uid }, spec: { selector: {}, template: {} } }) as unknown as ReplicaSet;
  return { store, clock, recorder, rs: obj('web-1', 'u1'), pod2: obj('web-2', 'u2') };
}

const events = (store: ObjectStore) => store.list('events').items.sort((a, b) => a.metadata.resourceVersion!.localeCompare(b.metadata.resourceVersion!, 'en', { numeric: true }));

describe('legacy event correlation (client-go tools/record events_cache.go)', () => {
  it('writes 9 SuccessfulCreate events, then one combined event, and drops what passes 25 writes per source and object', () => {
    const { store, clock, recorder, rs } = setup();
    const written: boolean[] = [];
    for (let i = 0; i < 40; i++) {
      written.push(recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: web-1-p${i}`, 'replicaset-controller'));
      clock.advance(10);
    }
    // 25 writes reach the apiserver (the spam filter's burst); the other 15 are dropped.
    expect(written.filter(Boolean)).toHaveLength(25);
    expect(written.slice(25).every((w) => !w)).toBe(true);
    const evs = events(store);
    // The 10th distinct message starts aggregation: 9 single events and one combined one.
    expect(evs).toHaveLength(10);
    expect(evs.slice(0, 9).map((e) => [e.message, e.count])).toEqual(Array.from({ length: 9 }, (_, i) => [`Created pod: web-1-p${i}`, 1]));
    const combined = evs[9]!;
    // Written 16 times (occurrences 10..25); its message is the latest one written.
    expect(combined.message).toBe('(combined from similar events): Created pod: web-1-p24');
    expect(combined.count).toBe(16);
  });

  it('lets one event through every 5 minutes once the burst is spent, with the count of every occurrence since', () => {
    const { store, clock, recorder, rs } = setup();
    for (let i = 0; i < 30; i++) recorder.record(rs, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet', { host: 'n1' });
    const stored = () => events(store)[0]!;
    expect(events(store)).toHaveLength(1);
    expect(stored().count).toBe(25);
    clock.advance(299_000);
    expect(recorder.record(rs, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet', { host: 'n1' })).toBe(false);
    clock.advance(1_000);
    expect(recorder.record(rs, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 'kubelet', { host: 'n1' })).toBe(true);
    // 32 occurrences observed; the 26th to 31st were dropped but counted.
    expect(stored().count).toBe(32);
  });

  it('keeps a bucket per source and object: another object, or another node reporting, is not limited', () => {
    const { store, recorder, rs, pod2 } = setup();
    for (let i = 0; i < 25; i++) recorder.record(rs, 'Normal', 'Pulled', `m${i % 5}`, 'kubelet', { host: 'n1' });
    expect(recorder.record(rs, 'Normal', 'Pulled', 'm0', 'kubelet', { host: 'n1' })).toBe(false);
    expect(recorder.record(rs, 'Normal', 'Pulled', 'm0', 'kubelet', { host: 'n2' })).toBe(true);
    expect(recorder.record(pod2, 'Normal', 'Pulled', 'm0', 'kubelet', { host: 'n1' })).toBe(true);
    expect(events(store).filter((e) => e.involvedObject.uid === 'u2')).toHaveLength(1);
  });

  it('starts a new aggregation group when similar events stop for more than 10 minutes', () => {
    const { store, clock, recorder, rs } = setup();
    for (let i = 0; i < 9; i++) recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: a${i}`, 'replicaset-controller');
    clock.advance(600_001);
    recorder.record(rs, 'Normal', 'SuccessfulDelete', 'Deleted pod: a9', 'replicaset-controller');
    expect(events(store).some((e) => e.message.startsWith('(combined'))).toBe(false);
    expect(events(store)).toHaveLength(10);
  });

  it('expires events an hour after their last write (kube-apiserver --event-ttl); a repeat after that starts a new event', () => {
    const { store, clock, recorder, rs, pod2 } = setup();
    recorder.record(rs, 'Normal', 'Pulled', 'old', 'kubelet', { host: 'n1' });
    clock.advance(1_800_000);
    recorder.record(pod2, 'Normal', 'Pulled', 'recent', 'kubelet', { host: 'n1' });
    clock.advance(1_800_001);
    recorder.expire();
    expect(events(store).map((e) => e.message)).toEqual(['recent']);
    recorder.record(rs, 'Normal', 'Pulled', 'old', 'kubelet', { host: 'n1' });
    recorder.record(pod2, 'Normal', 'Pulled', 'recent', 'kubelet', { host: 'n1' });
    expect(events(store).map((e) => [e.message, e.count])).toEqual([
      ['old', 1],
      ['recent', 2],
    ]);
  });
});

