/** Starts `deploy-lab web` as a user would (the built bin), and reads the URL it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningLab {
  url: string;
  /** The embedded cluster's kubeconfig, as printed. */
  kubeconfig: string;
  home: string;
  origin: string;
  token: string;
  output: string[];
  stop(): Promise<void>;
}

export async function startWebLab(extraArgs: string[] = []): Promise<RunningLab> {
  const home = mkdtempSync(join(tmpdir(), 'deploy-lab-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/deploy-lab.mjs', 'web', '--port', '0', ...extraArgs],
    {
      env: { ...process.env, DEPLOY_LAB_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`deploy-lab web printed no URL in 20 s:\n${output.join('')}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+).*\n/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`deploy-lab web exited ${code}:\n${output.join('')}`));
    });
  });
  const parsed = new URL(url);
  const kubeconfig = /KUBECONFIG=(\S+)\)/.exec(output.join(''))?.[1] ?? '';
  return {
    url,
    kubeconfig,
    home,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
