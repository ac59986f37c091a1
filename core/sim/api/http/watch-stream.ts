// Watch responses: newline-delimited JSON events over a chunked response (notes §5.2). Headers are flushed
// at once: client-go's reflector cannot cancel a watch whose headers never arrived, so without the flush
// `kubectl rollout status` hangs after success (notes §7 pitfall 7). The watcher unregisters on
// `res.on('close')`, not `req.on('close')`, which in Node >= 16 fires as soon as the request body is read.
// Each watcher has a bounded send buffer: a client that stops reading is dropped (connection closed), so one
// slow consumer cannot grow the server's memory without limit; clients re-list and re-watch on close.
import type { ServerResponse } from 'node:http';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchStreamOptions {
  readonly contentType?: string;
  /** Bytes queued in the socket beyond which the watcher is considered stuck and dropped. */
  readonly maxBufferedBytes?: number;
  /** End the watch after this long (the `timeoutSeconds` query parameter). */
  readonly timeoutMs?: number;
  /** When set, a BOOKMARK built by `bookmark()` is sent this often. */
  readonly bookmarkIntervalMs?: number;
  readonly bookmark?: () => Record<string, unknown> | undefined;
  /** Called exactly once when the stream ends for any reason. */
  readonly onClose: () => void;
}

export interface WatchStream {
  /** Returns false when the stream is closed (or was just dropped for being too slow). */
  send(type: WatchEventType, object: unknown): boolean;
  close(): void;
  readonly closed: boolean;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function openWatchStream(res: ServerResponse, options: WatchStreamOptions): WatchStream {
  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;

  res.writeHead(200, {
    'Content-Type': options.contentType ?? 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const finish = () => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearTimeout(t);
    options.onClose();
  };
  res.on('close', finish);
  res.on('error', finish);

  const stream: WatchStream = {
    get closed() {
      return closed;
    },
    send(type, object) {
      if (closed || res.writableEnded || res.destroyed) return false;
      res.write(`${JSON.stringify({ type, object })}\n`);
      if (res.writableLength > maxBuffered) {
        // Too slow: drop it. Destroying the socket makes client-go see an error and re-list.
        res.destroy();
        finish();
        return false;
      }
      return true;
    },
    close() {
      if (closed) return;
      if (!res.writableEnded) res.end();
      finish();
    },
  };

  if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
    const t = setTimeout(() => stream.close(), options.timeoutMs);
    t.unref();
    timers.push(t);
  }
  if (options.bookmarkIntervalMs && options.bookmark) {
    const interval = options.bookmarkIntervalMs;
    const tick = () => {
      if (closed) return;
      const obj = options.bookmark?.();
      if (obj) stream.send('BOOKMARK', obj);
      const next = setTimeout(tick, interval);
      next.unref();
      timers.push(next);
      if (timers.length > 8) timers.splice(0, timers.length - 8);
    };
    const first = setTimeout(tick, interval);
    first.unref();
    timers.push(first);
  }
  return stream;
}
