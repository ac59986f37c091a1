// The lab-owned control API under /lab/v1 (not part of Kubernetes discovery): the virtual clock, the
// simulator's fault and traffic operations, and the bounded request log, for the CLI and for debugging.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from '../api-server.js';
import type { SimClusterPort } from '../cluster-port.js';
import { parseJsonObject, readBody } from '../http/request-body.js';
import { errorToStatus, sendJson } from '../http/responses.js';
import { badRequest, methodNotAllowed, pathNotFound, StatusError, success } from '../status.js';

type Obj = Record<string, unknown>;

export async function handleLabRequest(
  ctx: { cluster: SimClusterPort; requestLog(): RequestLogEntry[] },
  req: IncomingMessage,
  res: ServerResponse,
  parts: string[],
): Promise<void> {
  const { cluster } = ctx;
  const method = req.method ?? 'GET';
  const [area, action] = parts;
  let body: Obj = {};
  if (method === 'POST' || method === 'PUT') {
    const raw = await readBody(req);
    if (raw.length) body = parseJsonObject(raw.toString('utf8'));
  }
  if (area === 'requests' && action === undefined && method === 'GET') {
    sendJson(res, 200, { items: ctx.requestLog() });
    return;
  }
  if (area === 'clock') {
    const clock = cluster.control?.clock;
    if (!clock) throw new StatusError(pathNotFound());
    if (action === undefined && method === 'GET') {
      sendJson(res, 200, { now: new Date(cluster.clock.now()).toISOString(), ...clock.status() });
      return;
    }
    if (method !== 'POST') throw new StatusError(methodNotAllowed(method));
    const number = (key: string): number => {
      const v = body[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new StatusError(badRequest(`${key} must be a non-negative number`));
      return v;
    };
    switch (action) {
      case 'pause':
        clock.pause();
        break;
      case 'resume':
        clock.resume(body.speed === undefined ? undefined : number('speed'));
        break;
      case 'speed':
        clock.setSpeed(number('speed'));
        break;
      case 'advance':
        clock.advance(body.seconds !== undefined ? number('seconds') * 1000 : number('ms'));
        break;
      default:
        throw new StatusError(pathNotFound());
    }
    sendJson(res, 200, { now: new Date(cluster.clock.now()).toISOString(), ...clock.status() });
    return;
  }
  const op = area && action ? cluster.control?.operations?.[`${area}.${action}`] : undefined;
  if (!op) throw new StatusError(pathNotFound());
  let result: unknown;
  try {
    result = op(body);
  } catch (err) {
    // A simulator operation that rejects its arguments with a plain Error is the caller's mistake.
    const status = errorToStatus(err);
    if (status.code === 500) throw new StatusError(badRequest(err instanceof Error ? err.message : String(err)));
    throw err;
  }
  sendJson(res, 200, result === undefined || result === null ? success() : result);
}
