/** LabEvent: everything the engine pushes to a UI, as one tagged union. */
import type { ClusterStatus, DoctorReport, Settings } from './types';

export type LabEvent =
  | { type: 'cluster.status'; status: ClusterStatus }
  | { type: 'doctor.report'; report: DoctorReport }
  | { type: 'settings.changed'; settings: Settings }
  | { type: 'engine.log'; level: 'info' | 'warn' | 'error'; message: string; at: string };

export type LabEventType = LabEvent['type'];
