/**
 * `deploy-lab`: the CLI host. Each command is a thin call into the engine (through the in-process
 * contract) or starts another host. Unknown commands and flags exit 2 with a clear message.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import {
  createLabEngine,
  connectDefaultBackend,
  defaultDataDir,
  sweepCrashedRuns,
  APP_VERSION,
} from '../lab/compose';
import { createLabBackends, type LabBackends } from '../backends/kind/lab-backends.compose';
import { registerCleanupCommand } from './commands/cleanup.command';
import { registerPrepareCommand } from './commands/prepare.command';
import { registerKindCommand } from './commands/kind.command';
import { registerSimCommand } from './commands/sim.command';
import { registerScenariosCommand } from './commands/scenarios.command';
import { registerRunCommand } from './commands/run.command';
import { registerDrillCommand } from './commands/drill.command';
import { createInProcessClient } from '../lab/in-process.host';
import { formatDoctorReport } from '../doctor/doctor';
import { startWebHost, PortInUseError } from '../hosts/web-host';
import { probeElectron, launchElectron } from './electron-launch';
import { projectRoot, rendererDir } from './project-paths';
import { existsSync } from 'node:fs';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  }
  return port;
}

export const DEFAULT_WEB_PORT = 7420;

function untilStopped(): Promise<void> {
  return new Promise((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
}

/** Runs web mode until SIGINT/SIGTERM. Resolves with the exit code. */
async function runWeb(io: CliIo, port: number): Promise<number> {
  const dir = rendererDir();
  if (!existsSync(join(dir, 'index.html'))) {
    io.err(`deploy-lab web: the renderer is not built (${dir} is missing). Run \`npm run build\` first.`);
    return 1;
  }
  const lab = createLabBackends({ dataDir: defaultDataDir(), projectRoot: projectRoot(), runPrefix: 'web' });
  // A crashed run's containers are swept before anything new starts; live labs are left alone.
  const sweep = await sweepCrashedRuns(lab);
  if (sweep.removed > 0)
    io.err(`deploy-lab: removed ${sweep.removed} container(s) left behind by a crashed run`);
  const engine = createLabEngine({ host: 'web', labBackends: lab });
  let host;
  try {
    host = await startWebHost({ engine, rendererDir: dir, port });
  } catch (err) {
    await engine.dispose();
    sweep.unregister();
    if (err instanceof PortInUseError) {
      io.err(`deploy-lab web: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const status = await connectDefaultBackend(engine);
  // One line: the URL, and where kubectl finds the cluster the graph shows.
  const cluster =
    status.state === 'connected' && status.kubeconfigPath
      ? ` (${status.backend === 'sim' ? 'embedded cluster' : `${status.backend} cluster`}: KUBECONFIG=${status.kubeconfigPath})`
      : status.state === 'error'
        ? ` (no cluster: ${status.message})`
        : '';
  io.out(`Deploy Lab is running at ${host.url}${cluster}`);
  await untilStopped();
  await host.close();
  await engine.dispose();
  // On quit, what this run created in Docker goes too.
  await lab.docker.sweep({ onlyRun: lab.runId }).catch(() => undefined);
  sweep.unregister();
  return 0;
}

export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('deploy-lab')
    .description(
      'Deploy Lab: practise building, shipping and running Python web apps on Docker and Kubernetes.',
    )
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    })
    .showSuggestionAfterError(true);

  program
    .command('start')
    .description('open the lab: the Electron app, or web mode when Electron cannot start here')
    .option('--port <n>', 'port for web mode if Electron cannot start', parsePort, DEFAULT_WEB_PORT)
    .action(async (opts: { port: number }) => {
      const root = projectRoot();
      const probe = probeElectron(root, process.env, process.platform);
      if (probe.ok) {
        const started = await launchElectron(probe.binary, join(root, 'out', 'electron', 'main.mjs'));
        if (started) return;
        io.out('Electron could not start (it exited at once); starting web mode instead.');
      } else {
        io.out(`Electron cannot start here: ${probe.reason}. Starting web mode instead.`);
      }
      setExit(await runWeb(io, opts.port));
    });

  program
    .command('web')
    .description('serve the lab on 127.0.0.1 and print its URL (with a per-launch token)')
    .option('--port <n>', 'port to listen on (0 = any free port)', parsePort, DEFAULT_WEB_PORT)
    .action(async (opts: { port: number }) => {
      setExit(await runWeb(io, opts.port));
    });

  program
    .command('doctor')
    .description('check Node, Docker, kind, kubectl and the embedded cluster, with a fix for each problem')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const engine = createLabEngine({ host: 'cli' });
      try {
        const client = createInProcessClient(engine);
        const report = await client.api.system.doctor({ refresh: true });
        io.out(opts.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
      } finally {
        await engine.dispose();
      }
    });

  registerSimCommand(program, { io, setExit, dataDir: defaultDataDir, untilStopped });
  registerScenariosCommand(program, { io, setExit, dataDir: defaultDataDir });
  registerRunCommand(program, { io, setExit, dataDir: defaultDataDir, untilStopped });
  registerDrillCommand(program, { io, setExit, dataDir: defaultDataDir, untilStopped });
  // Docker and kind are reached only when a command runs, so --help never touches them.
  let lab: LabBackends | undefined;
  const backends = () =>
    (lab ??= createLabBackends({ dataDir: defaultDataDir(), projectRoot: projectRoot(), runPrefix: 'cli' }));
  registerCleanupCommand(program, { io, setExit, backends });
  registerKindCommand(program, { io, setExit, backends });
  registerPrepareCommand(program, {
    io,
    setExit,
    backends,
    offlineAppDir: join(projectRoot(), 'apps', 'pyweb-offline'),
  });

  return program;
}

/** Entry point: parses argv and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = consoleIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error (exit 2).
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    io.err(`deploy-lab: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  return exitCode;
}
