/**
 * LabApi: every request a UI or CLI can make of the engine, grouped by domain, with the zod schema of
 * its payload. The method list in methods.ts is the source of channel names; `labSchemas` must cover
 * it exactly (a test checks this), and the engine must implement it (the type below forces that).
 */
import { z } from 'zod';
import type { LabDomain, LabMethodName } from './methods';
import type {
  BackendAvailability,
  ClusterStatus,
  DoctorReport,
  GraphSnapshot,
  ScenarioSummary,
  Settings,
  SystemInfo,
  TrafficStats,
} from './types';
import { BACKEND_IDS, THEMES } from './types';

const empty = z.object({}).strict();

export const labSchemas = {
  system: {
    info: empty,
    doctor: z.object({ refresh: z.boolean().optional() }).strict(),
  },
  clusters: {
    backends: empty,
    status: empty,
    connect: z
      .object({ backend: z.enum(BACKEND_IDS), context: z.string().min(1).max(253).optional() })
      .strict(),
  },
  scenarios: {
    list: empty,
  },
  graph: {
    snapshot: empty,
  },
  traffic: {
    stats: empty,
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
  clusters: { backends: BackendAvailability[]; status: ClusterStatus; connect: ClusterStatus };
  scenarios: { list: ScenarioSummary[] };
  graph: { snapshot: GraphSnapshot };
  traffic: { stats: TrafficStats };
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
