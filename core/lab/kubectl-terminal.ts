/**
 * The command panel: kubectl against the connected cluster, run as an argument array (never a shell)
 * with KUBECONFIG set to the lab's kubeconfig, its output streamed as LabEvents. Only kubectl runs
 * here; `exec`, `attach`, `port-forward`, `proxy` and `cp` need a terminal or open ports and are refused.
 */
import { execa, type ResultPromise } from 'execa';
import { LabFailure, type LabEvent } from '../contract';

const REFUSED = new Set([
  'exec',
  'attach',
  'port-forward',
  'proxy',
  'cp',
  'edit',
  'debug',
  'plugin',
  'config',
]);

export interface KubectlTerminal {
  run(args: string[], kubeconfigPath: string): number;
  stop(id: number): boolean;
  dispose(): void;
}

export function createKubectlTerminal(emit: (event: LabEvent) => void, kubectl = 'kubectl'): KubectlTerminal {
  const running = new Map<number, ResultPromise>();
  let nextId = 1;
  return {
    run(input, kubeconfigPath) {
      const args = input[0] === 'kubectl' ? input.slice(1) : input;
      const verb = args.find((a) => !a.startsWith('-'));
      if (verb && REFUSED.has(verb)) {
        throw new LabFailure(
          'invalid-request',
          `kubectl ${verb} is not available in the lab's command panel; use a terminal.`,
        );
      }
      if (args.some((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='))) {
        throw new LabFailure(
          'invalid-request',
          'the command panel always uses the connected cluster; drop --kubeconfig',
        );
      }
      const id = nextId++;
      const child = execa(kubectl, args, {
        env: { KUBECONFIG: kubeconfigPath },
        extendEnv: true,
        reject: false,
        stdin: 'ignore',
        buffer: false,
        // Long watches (-w) run until stopped; anything else gets ten minutes.
        timeout: args.includes('-w') || args.includes('--watch') || args.includes('-f') ? undefined : 600_000,
      });
      running.set(id, child);
      child.stdout?.on('data', (chunk: Buffer) =>
        emit({ type: 'terminal.output', id, stream: 'stdout', text: String(chunk) }),
      );
      child.stderr?.on('data', (chunk: Buffer) =>
        emit({ type: 'terminal.output', id, stream: 'stderr', text: String(chunk) }),
      );
      void child.then((result) => {
        running.delete(id);
        const signal = (result as { signal?: string }).signal;
        emit({ type: 'terminal.exit', id, code: result.exitCode ?? null, ...(signal ? { signal } : {}) });
      });
      return id;
    },
    stop(id) {
      const child = running.get(id);
      if (!child) return false;
      // Ctrl-C: kubectl ends a watch cleanly on SIGINT.
      child.kill('SIGINT');
      return true;
    },
    dispose() {
      for (const child of running.values()) child.kill('SIGTERM');
      running.clear();
    },
  };
}
