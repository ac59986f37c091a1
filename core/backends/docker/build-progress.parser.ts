/**
 * Turns the classic builder's JSON event stream (what dockerode's buildImage returns) into typed
 * progress events. Pure and stateful per build: create one parser per build.
 *
 * Why not dockerode's followProgress: it resolves successfully even when the daemon reports a failed
 * step, because build errors arrive in-band inside an HTTP 200 stream as `{error, errorDetail}`.
 * Every event is scanned here instead.
 */

export type BuildProgressEvent =
  | { type: 'step'; step: number; totalSteps: number; instruction: string }
  | { type: 'cache-hit'; step: number }
  | { type: 'layer'; step: number; layerId: string }
  | { type: 'running'; step: number; containerId: string }
  | { type: 'output'; step: number; text: string }
  | { type: 'built'; imageId: string }
  | { type: 'tagged'; tag: string }
  | { type: 'error'; message: string; code?: number };

/** One decoded JSON object from the stream, before narrowing. */
interface RawBuildEvent {
  stream?: unknown;
  status?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown; code?: unknown } | null;
  aux?: { ID?: unknown } | null;
}

export interface BuildProgressParser {
  /** Feeds raw bytes as they arrive; returns the events completed by this chunk. */
  pushChunk(chunk: string): BuildProgressEvent[];
  /** Feeds one already-decoded stream object. */
  pushObject(raw: unknown): BuildProgressEvent[];
  /** Flushes a trailing line without newline at end of stream. */
  end(): BuildProgressEvent[];
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const ARROW = /^ ?---> ?(.*)$/;
const HEX_ID = /^[0-9a-f]{12,64}$/;

export function createBuildProgressParser(): BuildProgressParser {
  let step = 0;
  let pending = '';

  function fromStreamLine(line: string): BuildProgressEvent | undefined {
    const trimmedRight = line.replace(/\s+$/, '');
    if (trimmedRight.trim() === '') return undefined;
    const stepMatch = STEP.exec(trimmedRight);
    if (stepMatch) {
      step = Number(stepMatch[1]);
      return { type: 'step', step, totalSteps: Number(stepMatch[2]), instruction: stepMatch[3] ?? '' };
    }
    const arrow = ARROW.exec(trimmedRight);
    if (arrow) {
      const rest = (arrow[1] ?? '').trim();
      if (rest === '') return undefined; // " ---> " after FROM scratch: no layer to name
      if (rest === 'Using cache') return { type: 'cache-hit', step };
      if (rest.startsWith('Running in '))
        return { type: 'running', step, containerId: rest.slice(11).trim() };
      if (HEX_ID.test(rest)) return { type: 'layer', step, layerId: rest };
      return { type: 'output', step, text: rest };
    }
    const built = /^Successfully built ([0-9a-f]+)$/.exec(trimmedRight);
    if (built) return { type: 'built', imageId: built[1] ?? '' };
    const tagged = /^Successfully tagged (.+)$/.exec(trimmedRight);
    if (tagged) return { type: 'tagged', tag: tagged[1] ?? '' };
    if (/^Removing intermediate container /.test(trimmedRight)) return undefined;
    return { type: 'output', step, text: trimmedRight };
  }

  function pushObject(value: unknown): BuildProgressEvent[] {
    if (typeof value !== 'object' || value === null) return [];
    const raw = value as RawBuildEvent;
    const events: BuildProgressEvent[] = [];
    if (raw.error !== undefined || raw.errorDetail) {
      const detailMessage =
        raw.errorDetail && typeof raw.errorDetail.message === 'string' ? raw.errorDetail.message : undefined;
      const message = typeof raw.error === 'string' ? raw.error : (detailMessage ?? 'build failed');
      const code =
        raw.errorDetail && typeof raw.errorDetail.code === 'number' ? raw.errorDetail.code : undefined;
      events.push(
        code === undefined
          ? { type: 'error', message: message.trim() }
          : { type: 'error', message: message.trim(), code },
      );
      return events;
    }
    if (raw.aux && typeof raw.aux.ID === 'string') {
      events.push({ type: 'built', imageId: raw.aux.ID });
    }
    if (typeof raw.stream === 'string') {
      for (const line of raw.stream.split('\n')) {
        const event = fromStreamLine(line);
        if (event) events.push(event);
      }
    } else if (typeof raw.status === 'string' && raw.status.trim() !== '') {
      events.push({ type: 'output', step, text: raw.status.trim() });
    }
    return events;
  }

  function pushLine(line: string): BuildProgressEvent[] {
    const text = line.trim();
    if (text === '') return [];
    try {
      return pushObject(JSON.parse(text) as unknown);
    } catch {
      // Not JSON (a proxy or an old daemon): keep it visible rather than dropping it.
      return [{ type: 'output', step, text }];
    }
  }

  return {
    pushChunk(chunk) {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      return lines.flatMap(pushLine);
    },
    pushObject,
    end() {
      const rest = pending;
      pending = '';
      return pushLine(rest);
    },
  };
}

/** Stream demultiplexing for `docker logs` of a container without a TTY (8-byte frame headers). */
export function demuxDockerLogs(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  // Frame: [stream type, 0, 0, 0, size (uint32 BE)] then payload. Anything else means a TTY stream.
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if ((kind !== 0 && kind !== 1 && kind !== 2) || offset + 8 + size > buffer.length) {
      return { stdout: buffer.toString('utf8'), stderr: '' };
    }
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    (kind === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  if (offset !== buffer.length) return { stdout: buffer.toString('utf8'), stderr: '' };
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
