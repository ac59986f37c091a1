/**
 * A timed drill: the scenario's starting state under steady traffic, one fault from its list injected
 * at a random moment (seeded, so a drill can be replayed), no hints, and a clock that stops when the
 * recovery check passes. Measures time to detect (the symptom became visible; with --auto, also when
 * the response began), time to recover, and failed requests, and keeps a timeline of events and
 * commands for the report.
 */
import type { DrillSpec, KubeObject, ScenarioDefinition, TimelineEntry } from '../../scenarios/scenario-kit';
import { buildCheckContext, createActionRunner, waitUntil, type CommandLogEntry } from './scenario-actions';
import type { ScenarioPorts } from './scenario-ports';
import { createScenarioSession } from './scenario-session';
import { summarizeTraffic, type RequestRecord, type TrafficTotals } from '../traffic/traffic.port';

/** mulberry32: a small seeded generator, so the same seed picks the same fault at the same moment. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DrillTimelineItem {
  /** ms since the drill started (cluster time). */
  atMs: number;
  kind: 'marker' | 'command' | 'event';
  text: string;
}

export interface DrillReport {
  scenarioId: string;
  title: string;
  seed: number;
  backend: string;
  fault: string;
  passed: boolean;
  message: string;
  /** ms since the drill started. */
  faultAtMs: number;
  /** ms from the fault to its first visible symptom. */
  timeToDetectMs?: number;
  /** ms from the fault until the recovery check passed. */
  timeToRecoverMs?: number;
  failedRequests: number;
  traffic: TrafficTotals;
  /** Per second since the drill started: requests ok and failed. */
  perSecond: { second: number; ok: number; failed: number }[];
  timeline: DrillTimelineItem[];
  wallMs: number;
}

export interface DrillOptions {
  definition: ScenarioDefinition;
  ports: ScenarioPorts;
  seed: number;
  /** Perform the fault's recovery once the symptom is visible (headless drill, CI). */
  auto: boolean;
  /** Told when the fault is in and the timer runs (manual drills print "go"). */
  onFault?(info: { atMs: number }): void;
  /** Told when the starting state is in place and the drill's clock runs (cluster time t0). */
  onStarted?(info: { t0: number }): void;
  /** Asked while waiting: true ends the drill now (the user gave up or left); it is reported as not recovered. */
  shouldStop?(): boolean;
  /** Commands the learner ran through the app (cluster time), for the report's timeline. */
  learnerCommands?(): readonly { t: number; text: string }[];
}

function stopIfAsked(options: DrillOptions): void {
  if (options.shouldStop?.()) throw new Error('the drill was ended before the service recovered');
}

function perSecond(records: readonly RequestRecord[], t0: number) {
  const buckets = new Map<number, { second: number; ok: number; failed: number }>();
  for (const r of records) {
    const second = Math.floor((r.t - t0) / 1000);
    const b = buckets.get(second) ?? { second, ok: 0, failed: 0 };
    if (r.outcome === 'ok') b.ok += 1;
    else b.failed += 1;
    buckets.set(second, b);
  }
  return [...buckets.values()].sort((a, b) => a.second - b.second);
}

/** What a learner changes to respond: a Deployment's or Service's spec (status churn does not count). */
const RESPONSE_RESOURCES = ['deployments', 'services'];
/** Wall ms for a write to come back through the watch on a local cluster (the cache batches ~tens of ms). */
const WATCH_LAG_MS = 300;

function specOf(object: KubeObject | undefined): string {
  return JSON.stringify(object?.spec ?? null);
}

/**
 * The first spec change to a Deployment or Service after the fault's own actions: a response made
 * outside the app (kubectl in another terminal), seen only through the watch.
 */
export function outsideResponse(
  since: readonly TimelineEntry[],
  afterFault: ReadonlyMap<string, readonly KubeObject[]>,
): { t: number; text: string } | undefined {
  for (const entry of since) {
    if (!RESPONSE_RESOURCES.includes(entry.resource) || entry.type === 'ADDED') continue;
    const before = afterFault.get(entry.resource)?.find((o) => o.metadata?.name === entry.name);
    const kind = entry.resource.slice(0, -1);
    if (entry.type === 'DELETED')
      return { t: entry.t, text: `${kind}/${entry.name} deleted (outside the app)` };
    if (specOf(before) !== specOf(entry.object))
      return { t: entry.t, text: `${kind}/${entry.name} changed (outside the app)` };
  }
  return undefined;
}

export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const { definition, ports, seed } = options;
  const drill: DrillSpec | undefined = definition.drill;
  if (!drill) throw new Error(`scenario "${definition.meta.id}" has no drill`);
  const wallStart = ports.realTime.now();
  const random = seededRandom(seed);
  const fault = drill.faults[Math.floor(random() * drill.faults.length)] ?? drill.faults[0];
  if (!fault) throw new Error(`scenario "${definition.meta.id}" lists no drill faults`);
  const faultDelayMs = Math.round((5 + random() * Math.max(0, drill.faultWindowSeconds - 5)) * 1000);

  // The drill's starting state, built by a one-step session so reset logic is shared with scenarios.
  const startDefinition: ScenarioDefinition = {
    ...definition,
    steps: [
      {
        id: 'drill',
        title: 'Drill',
        text: definition.steps[0]?.text ?? '',
        start: drill.start,
        checks: [],
        solution: [],
        settleSeconds: 0,
        explanation: '',
      },
    ],
  };
  const setup = createScenarioSession({ definition: startDefinition, ports });
  await setup.start();
  await setup.dispose();

  const runner = createActionRunner(ports);
  const t0 = await ports.clock.sync();
  const atStart = ports.cluster.timeline.snapshot();
  const context = () => buildCheckContext(ports, t0, atStart);
  const sinceFault = async (faultAt: number) => buildCheckContext(ports, faultAt, atStart);
  const markers: DrillTimelineItem[] = [
    { atMs: 0, kind: 'marker', text: 'drill started: steady traffic, healthy service' },
  ];
  options.onStarted?.({ t0 });

  // Wait for the random moment on the cluster's clock.
  let faultAt: number | undefined;
  let detectedAt: number | undefined;
  let recoveredAt: number | undefined;
  let message = '';
  try {
    while (ports.clock.now() - t0 < faultDelayMs) {
      stopIfAsked(options);
      await ports.clock.sleep(Math.min(500, faultDelayMs - (ports.clock.now() - t0)));
    }
    stopIfAsked(options);
    faultAt = await ports.clock.sync();
    const injectedAt = faultAt;
    markers.push({ atMs: faultAt - t0, kind: 'marker', text: `fault injected: ${fault.name}` });
    await runner.run(definition, fault.actions, context);
    options.onFault?.({ atMs: faultAt - t0 });
    // The fault's own writes reach the watch a few ms later (the cache batches its changes); let them
    // land before taking the state that a learner's response is compared with.
    await ports.realTime.sleep(WATCH_LAG_MS);
    const afterFault = ports.cluster.timeline.snapshot();
    const faultDoneAt = ports.clock.now();
    // Detected: the symptom became visible, or the learner already responded (a quick rollback can
    // leave too few failed requests for the symptom check ever to fire), through the app or from an
    // outside terminal the app cannot see (then only the spec change in the cluster tells).
    let response: { t: number; text: string } | undefined;
    await waitUntil(
      ports,
      'the symptom is visible',
      async () => {
        stopIfAsked(options);
        response =
          options.learnerCommands?.().find((c) => c.t >= injectedAt) ??
          outsideResponse(ports.cluster.timeline.since(faultDoneAt), afterFault);
        return response !== undefined || drill.detected(await sinceFault(injectedAt));
      },
      drill.timeoutSeconds,
    );
    detectedAt = response ? Math.min(response.t, ports.clock.now()) : ports.clock.now();
    markers.push({
      atMs: detectedAt - t0,
      kind: 'marker',
      text: response ? `response began: ${response.text}` : 'symptom visible',
    });
    if (options.auto) await runner.run(definition, fault.recovery, context);
    let last = '';
    await waitUntil(
      ports,
      'the service has recovered',
      async () => {
        stopIfAsked(options);
        const verdict = drill.recovered.evaluate(await sinceFault(injectedAt));
        last = verdict.message;
        return verdict.passed;
      },
      drill.timeoutSeconds,
    ).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}: ${last}`);
    });
    recoveredAt = ports.clock.now();
    markers.push({ atMs: recoveredAt - t0, kind: 'marker', text: `recovered: ${last}` });
    message = last;
  } catch (err) {
    message = err instanceof Error ? err.message : String(err);
  }

  const records = await ports.traffic.records(t0);
  await ports.traffic.stop().catch(() => undefined);
  const events: DrillTimelineItem[] = ports.cluster.timeline
    .since(t0)
    .filter((e) => e.resource === 'events' && e.type === 'ADDED')
    .map((e) => ({
      atMs: e.t - t0,
      kind: 'event' as const,
      text: `${String(e.object.reason ?? '')}: ${String(e.object.message ?? '')}`,
    }));
  const commands: DrillTimelineItem[] = runner.log().map((c: CommandLogEntry) => ({
    atMs: c.t - t0,
    kind: 'command' as const,
    text: c.ok ? c.command : `${c.command} (failed: ${c.error ?? ''})`,
  }));
  for (const c of options.learnerCommands?.() ?? [])
    if (c.t >= t0) commands.push({ atMs: c.t - t0, kind: 'command', text: c.text });
  const timeline = [...markers, ...commands, ...events].sort((a, b) => a.atMs - b.atMs);
  const faultTime = faultAt ?? Number.POSITIVE_INFINITY;
  const failedAfterFault = records.filter((r) => r.t >= faultTime && r.outcome !== 'ok').length;
  return {
    scenarioId: definition.meta.id,
    title: definition.meta.title,
    seed,
    backend: ports.backend,
    fault: fault.name,
    passed: recoveredAt !== undefined,
    message,
    faultAtMs: faultAt === undefined ? ports.clock.now() - t0 : faultAt - t0,
    ...(detectedAt === undefined || faultAt === undefined ? {} : { timeToDetectMs: detectedAt - faultAt }),
    ...(recoveredAt === undefined || faultAt === undefined ? {} : { timeToRecoverMs: recoveredAt - faultAt }),
    failedRequests: failedAfterFault,
    traffic: summarizeTraffic(records),
    perSecond: perSecond(records, t0),
    timeline,
    wallMs: ports.realTime.now() - wallStart,
  };
}
