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

  constructor(private readonly max = 2000) {}

  push(t: number, text: string): void {
    this.lines.push({ t, text });
    if (this.lines.length - this.start > this.max) this.start++;
    if (this.start > this.max) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
  }

  size(): number {
    return this.lines.length - this.start;
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
