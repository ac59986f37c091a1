// pods/{name}/log: text/plain, with container selection, tailLines, sinceSeconds/sinceTime, timestamps,
// previous, limitBytes and follow (a chunked stream ended when the container instance ends).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLine } from '../cluster-port.js';
import type { QueryOptions } from '../http/query-options.js';
import { badRequest, methodNotAllowed, StatusError } from '../status.js';
import { isMap, type HandlerContext, type ResourceRoute } from './handler-context.js';

function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function formatLine(line: LogLine, timestamps: boolean): string {
  const text = line.text.endsWith('\n') ? line.text : `${line.text}\n`;
  return timestamps ? `${rfc3339Nano(line.time)} ${text}` : text;
}

export function handlePodLog(ctx: HandlerContext & { logStreams: Set<ServerResponse> }, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: QueryOptions): void {
  const { store, cluster, logStreams } = ctx;
  if ((req.method ?? 'GET') !== 'GET') throw new StatusError(methodNotAllowed(req.method ?? '', '', 'pods/log'));
  const namespace = route.namespace ?? 'default';
  const name = route.name ?? '';
  const pod = store.get('pods', namespace, name);
  const spec = isMap(pod.spec) ? pod.spec : {};
  const names = [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])]
    .filter(isMap)
    .map((c) => String(c.name));
  const mainNames = (Array.isArray(spec.containers) ? spec.containers : []).filter(isMap).map((c) => String(c.name));
  let container = query.container;
  if (container === undefined) {
    if (mainNames.length !== 1) {
      throw new StatusError(badRequest(`a container name must be specified for pod ${name}, choose one of: [${mainNames.join(' ')}]`));
    }
    container = mainNames[0] ?? '';
  }
  if (!names.includes(container)) throw new StatusError(badRequest(`container ${container} is not valid for pod ${name}`));
  const status = isMap(pod.status) ? pod.status : {};
  const statuses = [...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []), ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : [])].filter(isMap);
  const cs = statuses.find((s) => s.name === container);
  const waiting = cs && isMap(cs.state) && isMap(cs.state.waiting) ? cs.state.waiting : undefined;
  const everRan = cs && (Number(cs.restartCount ?? 0) > 0 || (isMap(cs.lastState) && isMap(cs.lastState.terminated)));
  if (query.previous && cs && !(isMap(cs.lastState) && isMap(cs.lastState.terminated))) {
    throw new StatusError(badRequest(`previous terminated container "${container}" in pod "${name}" not found`));
  }
  if (!query.previous && (!cs || (waiting && !everRan))) {
    const reason = waiting && typeof waiting.reason === 'string' ? waiting.reason : 'ContainerCreating';
    throw new StatusError(badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`));
  }
  const logReq = { container, previous: query.previous } as { container: string; previous: boolean; tailLines?: number; sinceSeconds?: number; sinceTime?: string };
  if (query.tailLines !== undefined) logReq.tailLines = query.tailLines;
  if (query.sinceSeconds !== undefined) logReq.sinceSeconds = query.sinceSeconds;
  if (query.sinceTime !== undefined) logReq.sinceTime = query.sinceTime;
  let lines = cluster.logs?.read(namespace, name, logReq) ?? [];
  // Apply the filters here too, so a log source that ignores them still answers correctly.
  const now = cluster.clock.now();
  if (query.sinceSeconds !== undefined) lines = lines.filter((l) => l.time >= now - (query.sinceSeconds ?? 0) * 1000);
  if (query.sinceTime !== undefined) {
    const since = Date.parse(query.sinceTime);
    if (!Number.isNaN(since)) lines = lines.filter((l) => l.time >= since);
  }
  if (query.tailLines !== undefined) lines = query.tailLines === 0 ? [] : lines.slice(-query.tailLines);
  let text = lines.map((l) => formatLine(l, query.timestamps)).join('');
  if (query.limitBytes !== undefined) text = Buffer.from(text).subarray(0, query.limitBytes).toString('utf8');
  const follow = query.follow && cluster.logs?.follow !== undefined && !query.previous;
  if (!follow) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  if (text) res.write(text);
  logStreams.add(res);
  const subscription: { stop?: () => void } = {};
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    logStreams.delete(res);
    subscription.stop?.();
    if (!res.writableEnded) res.end();
  };
  res.on('close', end);
  // The existing lines went out above; the follow subscription contributes only new ones (tailLines 0).
  subscription.stop = cluster.logs?.follow?.(
    namespace,
    name,
    { container, previous: false, tailLines: 0 },
    (line) => {
      if (!ended) res.write(formatLine(line, query.timestamps));
    },
    end,
  );
  if (ended) subscription.stop?.();
}
