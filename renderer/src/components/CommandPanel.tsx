import { useEffect, useRef, useState } from 'react';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { LabEvent } from '../../../core/contract';
import { useColorMode } from '../graph/use-color-mode';
import { kubectlArgs } from '../state/command-line';
import { useLab } from '../state/lab.store';

const PROMPT = '\x1b[1;34m$\x1b[0m ';
const FONT_SIZE = 13;

type RunState =
  | { state: 'idle' }
  | { state: 'starting'; line: string }
  | { state: 'running'; line: string; id: number }
  | { state: 'done'; line: string; code: number | null; signal?: string };

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function terminalTheme(): ITheme {
  const background = cssVar('--panel', '#ffffff');
  const foreground = cssVar('--text', '#1d2330');
  return { background, foreground, cursor: foreground, selectionBackground: cssVar('--border', '#d9dde5') };
}

/**
 * The command panel: kubectl against the connected cluster. The line typed here is split into
 * arguments (quotes respected, no shell) and run by the engine (terminal.run); output streams back
 * as terminal.output events, Ctrl-C sends terminal.stop, and the exit code is shown when it ends.
 */
export function CommandPanel() {
  const client = useLab((s) => s.client);
  const colorMode = useColorMode();
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const [run, setRun] = useState<RunState>({ state: 'idle' });
  // The terminal's handlers live outside React's render cycle; they read the run state from here.
  const runRef = useRef<RunState>(run);

  useEffect(() => {
    const el = host.current;
    if (!el || !client) return undefined;
    const t = new Terminal({
      fontSize: FONT_SIZE,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      convertEol: true,
      cursorBlink: true,
      scrollback: 2000,
      theme: terminalTheme(),
    });
    term.current = t;
    t.open(el);

    // No fit addon is installed: size the grid from the measured character cell.
    const fit = () => {
      const measure = el.querySelector('.xterm-char-measure-element');
      const text = measure?.textContent ?? '';
      const rect = measure?.getBoundingClientRect();
      const cellW = rect && text.length > 0 && rect.width > 0 ? rect.width / text.length : FONT_SIZE * 0.6;
      const cellH = rect && rect.height > 0 ? rect.height : FONT_SIZE * 1.2;
      const cols = Math.max(20, Math.floor((el.clientWidth - 12) / cellW));
      const rows = Math.max(4, Math.floor((el.clientHeight - 4) / cellH));
      if (el.clientWidth > 0 && (cols !== t.cols || rows !== t.rows)) t.resize(cols, rows);
    };
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    fit();

    const update = (next: RunState) => {
      runRef.current = next;
      setRun(next);
    };
    let line = '';
    const history: string[] = [];
    let historyAt = 0;
    // Output can arrive before terminal.run has answered with its id: keep it until the id is known.
    const early: Extract<LabEvent, { type: 'terminal.output' | 'terminal.exit' }>[] = [];

    const prompt = () => t.write(`\r\n${PROMPT}`);
    const replaceLine = (next: string) => {
      t.write('\r\x1b[2K' + PROMPT + next);
      line = next;
    };
    const finish = (event: Extract<LabEvent, { type: 'terminal.exit' }>, current: RunState) => {
      if (current.state !== 'running') return;
      const how = event.signal ? `stopped by ${event.signal}` : `exit code ${event.code ?? 'unknown'}`;
      t.write(`\r\n\x1b[${event.code === 0 ? '32' : '33'}m[${how}]\x1b[0m`);
      update({
        state: 'done',
        line: current.line,
        code: event.code,
        ...(event.signal ? { signal: event.signal } : {}),
      });
      prompt();
    };
    const handle = (event: LabEvent) => {
      if (event.type !== 'terminal.output' && event.type !== 'terminal.exit') return;
      const current = runRef.current;
      if (current.state === 'starting') {
        early.push(event);
        return;
      }
      if (current.state !== 'running' || event.id !== current.id) return;
      if (event.type === 'terminal.output') {
        t.write(event.stream === 'stderr' ? `\x1b[31m${event.text}\x1b[0m` : event.text);
      } else {
        finish(event, current);
      }
    };
    const unsubscribe = client.onEvent(handle);

    const submit = async (text: string) => {
      t.write('\r\n');
      if (text.trim() === '') {
        t.write(PROMPT);
        return;
      }
      history.push(text);
      historyAt = history.length;
      const parsed = kubectlArgs(text);
      if (!parsed.ok) {
        t.write(`\x1b[33m${parsed.error}\x1b[0m`);
        prompt();
        return;
      }
      update({ state: 'starting', line: text });
      try {
        const { id } = await client.api.terminal.run({ args: parsed.args });
        update({ state: 'running', line: text, id });
        for (const event of early.splice(0)) handle(event);
      } catch (err) {
        early.length = 0;
        t.write(`\x1b[31m${err instanceof Error ? err.message : String(err)}\x1b[0m`);
        update({ state: 'idle' });
        prompt();
      }
    };

    const input = t.onData((data) => {
      const current = runRef.current;
      if (current.state === 'running' || current.state === 'starting') {
        // kubectl gets no stdin here; the only key that means something while it runs is Ctrl-C.
        if (data === '\x03' && current.state === 'running') {
          t.write('^C');
          void client.api.terminal.stop({ id: current.id });
        }
        return;
      }
      if (data === '\r') {
        const text = line;
        line = '';
        void submit(text);
      } else if (data === '\x7f' || data === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          t.write('\b \b');
        }
      } else if (data === '\x03') {
        line = '';
        t.write('^C');
        prompt();
      } else if (data === '\x1b[A') {
        if (historyAt > 0) replaceLine(history[--historyAt] ?? '');
      } else if (data === '\x1b[B') {
        if (historyAt < history.length) {
          historyAt += 1;
          replaceLine(history[historyAt] ?? '');
        }
      } else if (!data.startsWith('\x1b')) {
        // Typed or pasted text; a pasted newline ends the line like Enter would.
        const [first = '', ...more] = data.replace(/\r\n?/g, '\n').split('\n');
        const printable = [...first].filter((ch) => ch >= ' ').join('');
        line += printable;
        t.write(printable);
        if (more.length > 0) {
          const text = line;
          line = '';
          void submit(text);
        }
      }
    });

    t.write("\x1b[2mkubectl only: the lab runs it with the connected cluster's kubeconfig, no shell.\x1b[0m");
    prompt();
    return () => {
      input.dispose();
      unsubscribe();
      observer.disconnect();
      t.dispose();
      term.current = null;
    };
  }, [client]);

  useEffect(() => {
    if (term.current) term.current.options.theme = terminalTheme();
  }, [colorMode]);

  return (
    <div className="instrument command-panel" data-testid="command-panel">
      <p className="small command-note">
        Only <strong>kubectl</strong> runs here, against the connected cluster, without a shell (no pipes,
        redirects or variables; quotes group words). Ctrl-C stops a running command; ↑ recalls the previous
        one.
      </p>
      <div ref={host} className="terminal-host" onClick={() => term.current?.focus()} />
      <p className="small command-status" data-testid="command-status">
        {run.state === 'idle'
          ? 'Type a command, e.g. kubectl get pods, and press Enter.'
          : run.state === 'starting'
            ? `Starting: ${run.line}`
            : run.state === 'running'
              ? `Running: ${run.line} (Ctrl-C to stop)`
              : `${run.line}: ${run.signal ? `stopped by ${run.signal}` : `exit code ${run.code ?? 'unknown'}`}`}
      </p>
    </div>
  );
}
