/**
 * LabApi: every request a UI or CLI can make of the engine, grouped by domain, with the zod schema of
 * its payload. The method list in methods.ts is the source of channel names; `labSchemas` must cover
 * it exactly (a test checks this), and the engine must implement it (the type below forces that).
 */
import { z } from 'zod';
import type { LabDomain, LabMethodName } from './methods';
import type {
  BackendAvailability,
  ActionResult,
  ClockStatus,
  ClusterStatus,
  DoctorReport,
  InspectedEvent,
  Inspection,
  KubeContext,
  TimelineFrame,
  GraphSnapshot,
  ScenarioReportFile,
  ScenarioSummary,
  ScenarioView,
  Settings,
  SystemInfo,
  TrafficStats,
} from './types';
import { BACKEND_IDS, SCENARIO_MODES, THEMES } from './types';

const empty = z.object({}).strict();

/** Kubernetes object names (DNS-1123 subdomain): checked here so they never reach argv or a path unchecked. */
const k8sName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase DNS-1123 name (a-z, 0-9, "-", ".")');
const target = { namespace: k8sName, name: k8sName };

export const clusterActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delete-pod'), ...target }).strict(),
  z.object({ type: z.literal('scale'), ...target, replicas: z.number().int().min(0).max(1000) }).strict(),
  z
    .object({
      type: z.literal('set-image'),
      ...target,
      container: k8sName,
      image: z
        .string()
        .min(1)
        .max(256)
        .regex(/^[^\s-][^\s]*$/, 'must be an image reference'),
    })
    .strict(),
  z
    .object({ type: z.literal('rollback'), ...target, toRevision: z.number().int().min(1).optional() })
    .strict(),
  z.object({ type: z.literal('set-paused'), ...target, paused: z.boolean() }).strict(),
  z
    .object({
      type: z.literal('set-selector'),
      ...target,
      selector: z.record(z.string().min(1).max(317), z.string().max(63)),
    })
    .strict(),
  z.object({ type: z.literal('node-power'), name: k8sName, up: z.boolean() }).strict(),
  z
    .object({
      type: z.literal('apply'),
      yaml: z.string().min(1).max(1_000_000),
      source: z.string().max(200).optional(),
    })
    .strict(),
]);
export type ClusterAction = z.output<typeof clusterActionSchema>;

export const labSchemas = {
  system: {
    info: empty,
    doctor: z.object({ refresh: z.boolean().optional() }).strict(),
  },
  clusters: {
    backends: empty,
    contexts: empty,
    status: empty,
    connect: z
      .object({ backend: z.enum(BACKEND_IDS), context: z.string().min(1).max(253).optional() })
      .strict(),
    action: clusterActionSchema,
    clock: z
      .object({
        action: z.enum(['status', 'pause', 'resume', 'speed', 'step']),
        speed: z.number().min(0).max(1000).optional(),
        seconds: z.number().positive().max(86_400).optional(),
      })
      .strict(),
  },
  scenarios: {
    list: empty,
    start: z
      .object({
        id: z
          .string()
          .min(1)
          .max(63)
          .regex(/^[a-z0-9-]+$/, 'must be a scenario id such as blue-green'),
        /** guided (default), drill (a fault to find and fix against a timer) or interview (timed, no hints). */
        mode: z.enum(SCENARIO_MODES).optional(),
        /** Drill only: picks the fault and its moment, so a drill can be replayed. */
        seed: z.number().int().min(0).max(2_147_483_647).optional(),
      })
      .strict(),
    view: empty,
    check: empty,
    hint: empty,
    showMe: empty,
    reset: empty,
    stop: empty,
    /** Ends a drill or interview run now (the timer stops; an interview shows its questions). */
    end: empty,
    /** The finished drill's (or interview's) report as a self-contained HTML file with its charts. */
    report: empty,
  },
  graph: {
    snapshot: empty,
    inspect: z.object({ id: z.string().min(1).max(600) }).strict(),
    events: z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict(),
    history: empty,
    at: z.object({ t: z.number().nonnegative() }).strict(),
  },
  traffic: {
    stats: empty,
    start: z
      .object({ service: k8sName, namespace: k8sName.optional(), rate: z.number().positive().max(1000) })
      .strict(),
    stop: empty,
  },
  terminal: {
    // Only kubectl, as an argument array: the engine runs it without a shell.
    run: z.object({ args: z.array(z.string().max(4096)).min(1).max(64) }).strict(),
    stop: z.object({ id: z.number().int().positive() }).strict(),
  },
  settings: {
    get: empty,
    update: z
      .object({
        theme: z.enum(THEMES).optional(),
        defaultBackend: z.enum(BACKEND_IDS).optional(),
        simSpeed: z.number().min(0).max(1000).optional(),
      })
      .strict(),
  },
} as const satisfies { [D in LabDomain]: { [M in LabMethodName<D>]: z.ZodType } };

/** What each method answers with. */
export interface LabResults {
  system: { info: SystemInfo; doctor: DoctorReport };
  clusters: {
    backends: BackendAvailability[];
    contexts: KubeContext[];
    status: ClusterStatus;
    connect: ClusterStatus;
    action: ActionResult;
    clock: ClockStatus;
  };
  scenarios: {
    list: ScenarioSummary[];
    start: ScenarioView;
    view: ScenarioView | null;
    check: ScenarioView;
    hint: ScenarioView;
    showMe: ScenarioView;
    reset: ScenarioView;
    stop: { stopped: boolean };
    end: ScenarioView;
    report: ScenarioReportFile;
  };
  graph: {
    snapshot: GraphSnapshot;
    inspect: Inspection;
    events: InspectedEvent[];
    history: TimelineFrame[];
    at: GraphSnapshot;
  };
  traffic: { stats: TrafficStats; start: TrafficStats; stop: TrafficStats };
  terminal: { run: { id: number }; stop: { stopped: boolean } };
  settings: { get: Settings; update: Settings };
}

type SchemaOf<D extends LabDomain, M extends LabMethodName<D>> = (typeof labSchemas)[D][M &
  keyof (typeof labSchemas)[D]];
export type LabInput<D extends LabDomain, M extends LabMethodName<D>> = z.input<SchemaOf<D, M>>;
export type LabParsed<D extends LabDomain, M extends LabMethodName<D>> = z.output<SchemaOf<D, M>>;

/** The request interface as a UI sees it: payloads as typed by the caller. */
export type LabApi = {
  [D in LabDomain]: {
    [M in LabMethodName<D>]: (input: LabInput<D, M>) => Promise<LabResults[D][M & keyof LabResults[D]]>;
  };
};

/** The engine's side: it receives payloads already parsed by the schema. */
export type LabApiImpl = {
  [D in LabDomain]: {
    [M in LabMethodName<D>]: (input: LabParsed<D, M>) => Promise<LabResults[D][M & keyof LabResults[D]]>;
  };
};
