import { rfc3339Nano } from '../clock/virtual-clock.js';

export interface LogLine {
  t: number;
  text: string;
}

export interface LogOptions {
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

/** A bounded per-container log (the kubelet keeps files; the simulator keeps the last N lines). */
export class LogBuffer {
  private lines: LogLine[] = [];
  private start = 0;
  private closed = false;
  private readonly followers = new Set<{ onLine: (l: LogLine) => void; onEnd: () => void }>();

  constructor(private readonly max = 1000) {}

  push(t: number, text: string): void {
    const line = { t, text };
    this.lines.push(line);
    for (const f of this.followers) f.onLine(line);
    if (this.lines.length - this.start > this.max) this.start++;
    if (this.start > this.max) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
  }

  size(): number {
    return this.lines.length - this.start;
  }

  /** The container instance ended: followers (`kubectl logs -f`) see the end of the stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const fs = [...this.followers];
    this.followers.clear();
    for (const f of fs) f.onEnd();
  }

  isClosed(): boolean {
    return this.closed;
  }

  /** New lines as they are written; onEnd when the container instance ends. Returns a stop function. */
  follow(onLine: (l: LogLine) => void, onEnd: () => void): () => void {
    if (this.closed) {
      onEnd();
      return () => undefined;
    }
    const f = { onLine, onEnd };
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  select(now: number, opts: LogOptions = {}): LogLine[] {
    let sel = this.lines.slice(this.start);
    if (opts.sinceSeconds !== undefined) sel = sel.filter((l) => l.t >= now - opts.sinceSeconds! * 1000);
    if (opts.sinceTime) {
      const since = Date.parse(opts.sinceTime);
      if (!Number.isNaN(since)) sel = sel.filter((l) => l.t >= since);
    }
    if (opts.tailLines !== undefined) sel = opts.tailLines <= 0 ? [] : sel.slice(-opts.tailLines);
    return sel;
  }

  render(now: number, opts: LogOptions = {}): string {
    let sel = this.lines.slice(this.start);
    if (opts.sinceSeconds !== undefined) sel = sel.filter((l) => l.t >= now - opts.sinceSeconds! * 1000);
    if (opts.sinceTime) {
      const since = Date.parse(opts.sinceTime);
      if (!Number.isNaN(since)) sel = sel.filter((l) => l.t >= since);
    }
    if (opts.tailLines !== undefined) sel = opts.tailLines <= 0 ? [] : sel.slice(-opts.tailLines);
    let out = sel.map((l) => (opts.timestamps ? `${rfc3339Nano(l.t)} ${l.text}\n` : `${l.text}\n`)).join('');
    if (opts.limitBytes !== undefined) out = out.slice(0, opts.limitBytes);
    return out;
  }
}
