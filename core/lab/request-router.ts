/**
 * The one place a host hands a request to the engine: look the channel up in the contract, parse the
 * payload with its schema, call the engine, and turn any failure into a LabError. Every host (Electron
 * IPC, WebSocket, in-process) goes through here, so a bad payload can never reach the engine.
 */
import type { z } from 'zod';
import { labSchemas, parseChannel, toLabError, type LabApiImpl, type LabResult } from '../contract';

export async function routeRequest(
  api: LabApiImpl,
  channel: string,
  payload: unknown,
): Promise<LabResult<unknown>> {
  const target = parseChannel(channel);
  if (!target) {
    return { ok: false, error: { code: 'unknown-channel', message: `unknown channel "${String(channel)}"` } };
  }
  const schemas = labSchemas[target.domain] as Record<string, z.ZodType>;
  const schema = schemas[target.method];
  const methods = api[target.domain] as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const impl = methods[target.method];
  if (!schema || !impl) {
    return { ok: false, error: { code: 'unknown-channel', message: `no handler for "${channel}"` } };
  }
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : '(payload)',
      message: issue.message,
    }));
    const first = fields[0];
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `${target.domain}.${target.method}: ${first ? `${first.field}: ${first.message}` : 'invalid payload'}`,
        details: { fields },
      },
    };
  }
  try {
    return { ok: true, value: await impl(parsed.data) };
  } catch (err) {
    return { ok: false, error: toLabError(err) };
  }
}
