import { describe, expect, it } from 'vitest';
import type { GraphChange, GraphSnapshot } from '../../../core/contract';
import { diffGraphModels, EMPTY_GRAPH, type DeploymentGraphNode, type GraphModel } from '../../../core/graph';
import { adoptGraphSnapshot, applyGraphChange, type GraphSync } from './graph-sync';

function deployment(name: string, ready: number): DeploymentGraphNode {
  return {
    id: `deployment/default/${name}`,
    kind: 'deployment',
    name,
    namespace: 'default',
    label: name,
    status: 'ok',
    summary: `${ready}/3 ready`,
    reasons: [],
    replicas: { desired: 3, ready, updated: ready, available: ready },
    strategy: 'RollingUpdate',
  };
}

const model = (...nodes: DeploymentGraphNode[]): GraphModel => ({ nodes, edges: [] });

/** The engine's side: a numbered change from one model to the next, through a JSON round trip. */
function change(seq: number, prev: GraphModel, next: GraphModel): GraphChange {
  return JSON.parse(
    JSON.stringify({ seq, available: true, message: 'Embedded cluster', delta: diffGraphModels(prev, next) }),
  ) as GraphChange;
}

const snapshot = (seq: number, m: GraphModel): GraphSnapshot => ({
  available: true,
  message: 'Embedded cluster',
  model: m,
  seq,
});

const m1 = model(deployment('api', 3), deployment('web', 3));
const m2 = model(deployment('api', 3), deployment('web', 2));
const m3 = model(deployment('api', 3), deployment('web', 1));
const m4 = model(deployment('web', 1));

const fresh: GraphSync = { seq: undefined, resyncing: false, pending: [] };

function loaded(seq: number, m: GraphModel) {
  return adoptGraphSnapshot(undefined, fresh, snapshot(seq, m));
}

describe('graph sync: deltas on a snapshot', () => {
  it('applies the next delta, keeping unchanged nodes as the same objects', () => {
    const start = loaded(1, m1);
    expect(start.sync.seq).toBe(1);
    const step = applyGraphChange(start.graph, start.sync, change(2, m1, m2));
    expect(step.resync).toBe(false);
    expect(step.sync.seq).toBe(2);
    expect(step.graph?.model).toEqual(m2);
    expect(step.graph?.model?.nodes[0]).toBe(start.graph?.model?.nodes[0]);
    expect(step.graph?.model?.nodes[1]).not.toBe(start.graph?.model?.nodes[1]);
    const after = applyGraphChange(step.graph, step.sync, change(3, m2, m4));
    expect(after.graph?.model).toEqual(m4);
  });

  it('ignores a delta the snapshot already includes', () => {
    const start = loaded(2, m2);
    const step = applyGraphChange(start.graph, start.sync, change(2, m1, m2));
    expect(step.graph).toBe(start.graph);
    expect(step.resync).toBe(false);
  });

  it('asks for a snapshot on a gap, keeps later deltas, and applies them on top of it', () => {
    const start = loaded(1, m1);
    // Delta 2 was lost; 3 arrives.
    const gap = applyGraphChange(start.graph, start.sync, change(3, m2, m3));
    expect(gap.resync).toBe(true);
    expect(gap.sync.resyncing).toBe(true);
    expect(gap.graph).toBe(start.graph);
    // While the snapshot is on its way, 4 arrives and waits.
    const waiting = applyGraphChange(gap.graph, gap.sync, change(4, m3, m4));
    expect(waiting.resync).toBe(false);
    expect(waiting.graph).toBe(start.graph);
    // The snapshot is as of 3: 4 applies on top of it.
    const done = adoptGraphSnapshot(waiting.graph, waiting.sync, snapshot(3, m3));
    expect(done.resync).toBe(false);
    expect(done.sync).toEqual({ seq: 4, resyncing: false, pending: [] });
    expect(done.graph?.model).toEqual(m4);
  });

  it('asks again when the snapshot and the waiting deltas leave a gap', () => {
    const start = loaded(1, m1);
    const gap = applyGraphChange(start.graph, start.sync, change(5, m3, m4));
    const waiting = applyGraphChange(gap.graph, gap.sync, change(6, m4, m1));
    const done = adoptGraphSnapshot(waiting.graph, waiting.sync, snapshot(3, m3));
    // 4 (and so 5) is missing after the snapshot at 3.
    expect(done.resync).toBe(true);
    expect(done.graph?.model).toEqual(m3);
  });

  it('asks for a snapshot when a delta does not fit the graph it has', () => {
    const start = loaded(1, m4);
    // Claims to follow 1, but was made from m1 (an update of api, which this graph lacks).
    const wrongBase = change(2, m1, model(deployment('api', 0), deployment('web', 3)));
    const step = applyGraphChange(start.graph, start.sync, wrongBase);
    expect(step.resync).toBe(true);
    expect(step.graph).toBe(start.graph);
  });

  it('keeps deltas that arrive before the first snapshot and applies the newer ones', () => {
    const early = applyGraphChange(undefined, fresh, change(2, m1, m2));
    const early2 = applyGraphChange(early.graph, early.sync, change(3, m2, m3));
    expect(early2.resync).toBe(false);
    expect(early2.graph).toBeUndefined();
    const done = adoptGraphSnapshot(early2.graph, early2.sync, snapshot(2, m2));
    expect(done.sync.seq).toBe(3);
    expect(done.graph?.model).toEqual(m3);
  });

  it('drops an older snapshot answer when the deltas already went past it', () => {
    const start = loaded(1, m1);
    const step = applyGraphChange(start.graph, start.sync, change(2, m1, m2));
    const stale = adoptGraphSnapshot(step.graph, step.sync, snapshot(1, m1));
    expect(stale.graph).toBe(step.graph);
    expect(stale.sync.seq).toBe(2);
  });

  it('follows a cluster going away and a new one coming (diffed from the empty model)', () => {
    const start = loaded(1, m1);
    const gone = applyGraphChange(start.graph, start.sync, {
      seq: 2,
      available: false,
      message: 'No cluster connected.',
    });
    expect(gone.graph).toEqual({ available: false, message: 'No cluster connected.', seq: 2 });
    const back = applyGraphChange(gone.graph, gone.sync, change(3, EMPTY_GRAPH, m4));
    expect(back.graph?.available).toBe(true);
    expect(back.graph?.model).toEqual(m4);
  });
});
