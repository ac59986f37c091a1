/** LabEvent: everything the engine pushes to a UI, as one tagged union. */
import type {
  ClusterStatus,
  DoctorReport,
  GraphChange,
  OperationProgress,
  ScenarioView,
  Settings,
} from './types';

export type LabEvent =
  | { type: 'cluster.status'; status: ClusterStatus }
  | { type: 'doctor.report'; report: DoctorReport }
  | { type: 'settings.changed'; settings: Settings }
  /**
   * The connected cluster's graph changed: only what changed (a delta, numbered), batched so a burst
   * of pod updates is one event. The whole graph is graph.snapshot.
   */
  | { type: 'graph.changed'; change: GraphChange }
  | { type: 'scenario.changed'; view: ScenarioView | null }
  /** A long operation (an image build) moved on: what it is doing now, or how it ended. */
  | { type: 'progress'; progress: OperationProgress }
  | { type: 'terminal.output'; id: number; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'terminal.exit'; id: number; code: number | null; signal?: string }
  | { type: 'engine.log'; level: 'info' | 'warn' | 'error'; message: string; at: string };

export type LabEventType = LabEvent['type'];
