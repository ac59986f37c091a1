/** Envelopes for hosts that carry the contract over a byte stream (the web host's WebSocket). */
import type { LabError } from './error';
import type { LabEvent } from './events';

export interface WireRequest {
  id: number;
  channel: string;
  payload: unknown;
}

export type WireMessage =
  | { kind: 'response'; id: number; ok: true; value: unknown }
  | { kind: 'response'; id: number; ok: false; error: LabError }
  | { kind: 'event'; event: LabEvent };
