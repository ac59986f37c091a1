/**
 * `deploy-lab sim ...`: serve the embedded cluster for kubectl, and drive what kubectl cannot
 * (the virtual clock, faults, the synthetic client) through the same server's lab-owned API.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { join } from 'node:path';
import { startSimServer } from '../../sim/serve/sim-server';
import { parseDuration, simControl } from '../../backends/sim/lab-api.client';
import type { CommandIo } from './cleanup.command';

export interface SimCommandDeps {
  io: CommandIo;
  setExit(code: number): void;
  dataDir(): string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped(): Promise<void>;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new InvalidArgumentError('must be a whole number from 1 to 10000');
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number >= 0');
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  return n;
}

/** `1.27` to `1.33` (the kubectl versions the dispatcher holds); the minor is what /version reports. */
function kubeVersion(value: string): number {
  const match = /^1\.(\d{2})$/.exec(value);
  const minor = match ? Number(match[1]) : NaN;
  if (!match || minor < 20 || minor > 40) throw new InvalidArgumentError('must look like 1.32');
  return minor;
}

function defaultKubeconfig(deps: SimCommandDeps): string {
  return process.env.DEPLOY_LAB_SIM_KUBECONFIG ?? join(deps.dataDir(), 'sim-serve', 'kubeconfig');
}

export function registerSimCommand(program: Command, deps: SimCommandDeps): Command {
  const sim = program
    .command('sim')
    .description('the embedded cluster: serve it for kubectl, drive its clock, faults and traffic');
  const kubeconfigOption = (cmd: Command) =>
    cmd
      .option('--kubeconfig <file>', 'kubeconfig of the running cluster (default: the one `sim serve` wrote)')
      .option('--json', 'print JSON');

  /** Runs a control call and prints its answer; errors exit 1 with the message. */
  const control = async (
    opts: { kubeconfig?: string; json?: boolean },
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    describe: (r: unknown) => string,
  ) => {
    try {
      const result = await simControl(opts.kubeconfig ?? defaultKubeconfig(deps), method, path, body);
      deps.io.out(opts.json ? JSON.stringify(result, null, 2) : describe(result));
    } catch (err) {
      deps.io.err(`deploy-lab sim: ${(err as Error).message}`);
      deps.setExit(1);
    }
  };

  sim
    .command('serve')
    .description('start an embedded cluster on 127.0.0.1 and write a kubeconfig for kubectl')
    .option('--port <n>', 'port for the Kubernetes API (0 = any free port)', port, 0)
    .option('--kubeconfig <file>', 'where to write the kubeconfig')
    .option('--nodes <n>', 'number of nodes', positiveInt, 3)
    .option('--seed <n>', 'seed for names, IPs and jitter (same seed, same run)', nonNegative)
    .option('--speed <x>', 'virtual clock speed (0 = paused, 1 = real time)', nonNegative, 1)
    .option(
      '--kube-version <1.NN>',
      'Kubernetes version to report (the kubectl dispatcher picks kubectl by it)',
      kubeVersion,
      32,
    )
    .action(
      async (opts: {
        port: number;
        kubeconfig?: string;
        nodes: number;
        seed?: number;
        speed: number;
        kubeVersion: number;
      }) => {
        const kubeconfigPath = opts.kubeconfig ?? defaultKubeconfig(deps);
        const server = await startSimServer({
          port: opts.port,
          kubeconfigPath,
          nodes: opts.nodes,
          speed: opts.speed,
          kubeVersion: opts.kubeVersion,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        });
        deps.io.out(
          `Embedded cluster ready (${opts.nodes} nodes, Kubernetes 1.${opts.kubeVersion}, API ${server.url}): export KUBECONFIG=${server.kubeconfigPath}`,
        );
        await deps.untilStopped();
        await server.stop();
      },
    );

  const clock = sim.command('clock').description('pause, resume, speed up or step the virtual clock');
  kubeconfigOption(clock.command('status').description('show the virtual time and speed')).action((opts) =>
    control(opts, 'GET', 'clock', undefined, (r) => clockLine(r)),
  );
  kubeconfigOption(clock.command('pause').description('stop virtual time')).action((opts) =>
    control(opts, 'POST', 'clock/pause', {}, (r) => clockLine(r)),
  );
  kubeconfigOption(clock.command('resume').description('let virtual time run again')).action((opts) =>
    control(opts, 'POST', 'clock/resume', {}, (r) => clockLine(r)),
  );
  kubeconfigOption(
    clock
      .command('speed')
      .argument('<x>', 'virtual seconds per real second', nonNegative)
      .description('set the clock speed'),
  ).action((x: number, opts) => control(opts, 'POST', 'clock/speed', { speed: x }, (r) => clockLine(r)));
  kubeconfigOption(
    clock
      .command('advance')
      .argument('<duration>', 'e.g. 90s, 5m, 1h30m', (v: string) => {
        try {
          return parseDuration(v);
        } catch (err) {
          throw new InvalidArgumentError((err as Error).message);
        }
      })
      .description('move virtual time forward; returns once the cluster has caught up'),
  ).action((ms: number, opts) => control(opts, 'POST', 'clock/advance', { ms }, (r) => clockLine(r)));

  const fault = sim.command('fault').description('inject a failure into the embedded cluster');
  const faultCall = (name: string, args: unknown[]) => (opts: { kubeconfig?: string; json?: boolean }) =>
    control(opts, 'POST', `faults/${name}`, { args }, () =>
      `ok: ${name} ${args.map(String).join(' ')}`.trim(),
    );
  kubeconfigOption(
    fault
      .command('node-down')
      .argument('<node>')
      .description('stop a node (its kubelet stops posting status)'),
  ).action((node: string, opts) => faultCall('nodeDown', [node])(opts));
  kubeconfigOption(
    fault.command('node-up').argument('<node>').description('bring a stopped node back'),
  ).action((node: string, opts) => faultCall('nodeUp', [node])(opts));
  kubeconfigOption(
    fault
      .command('kill-pod')
      .argument('<pod>')
      .option('-n, --namespace <ns>', 'namespace', 'default')
      .description('force-delete a pod'),
  ).action((pod: string, opts: { namespace: string; kubeconfig?: string; json?: boolean }) =>
    faultCall('killPod', [opts.namespace, pod])(opts),
  );
  kubeconfigOption(
    fault
      .command('crash')
      .argument('<pod>')
      .option('-n, --namespace <ns>', 'namespace', 'default')
      .description("crash a pod's container (it restarts per its policy)"),
  ).action((pod: string, opts: { namespace: string; kubeconfig?: string; json?: boolean }) =>
    faultCall('crashContainer', [opts.namespace, pod])(opts),
  );
  kubeconfigOption(
    fault
      .command('fail-readiness')
      .argument('<image-or-version>')
      .option('--off', 'make it pass again')
      .description('make a version fail its readiness probe'),
  ).action((target: string, opts: { off?: boolean; kubeconfig?: string; json?: boolean }) =>
    faultCall('failReadiness', [target, !opts.off])(opts),
  );
  kubeconfigOption(
    fault
      .command('latency')
      .argument('<version>')
      .argument('<ms>', 'extra latency', nonNegative)
      .description('add latency to a version'),
  ).action((version: string, ms: number, opts) => faultCall('injectLatency', [version, ms])(opts));
  kubeconfigOption(
    fault
      .command('errors')
      .argument('<version>')
      .argument('<rate>', 'error rate 0..1', nonNegative)
      .description('make a version answer 500s'),
  ).action((version: string, rate: number, opts) => faultCall('injectErrors', [version, rate])(opts));
  kubeconfigOption(fault.command('clear').description('remove every injected fault')).action((opts) =>
    faultCall('clearAll', [])(opts),
  );

  const traffic = sim
    .command('traffic')
    .description('a steady synthetic client into a Service, recorded request by request');
  kubeconfigOption(
    traffic
      .command('start')
      .argument('<service>')
      .option('-n, --namespace <ns>', 'namespace', 'default')
      .option('--rate <r>', 'requests per virtual second', nonNegative, 10)
      .description('start sending requests to a Service'),
  ).action(
    (service: string, opts: { namespace: string; rate: number; kubeconfig?: string; json?: boolean }) =>
      control(
        opts,
        'POST',
        'traffic/start',
        { args: [{ namespace: opts.namespace, service, ratePerSecond: opts.rate }] },
        (id) => `traffic client ${String(id)} started: ${opts.rate}/s into ${opts.namespace}/${service}`,
      ),
  );
  kubeconfigOption(traffic.command('stop').description('stop every synthetic client')).action((opts) =>
    control(opts, 'POST', 'traffic/stop', {}, () => 'traffic stopped'),
  );
  kubeconfigOption(traffic.command('stats').description('totals of the request ledger')).action(
    async (opts: { kubeconfig?: string; json?: boolean }) => {
      try {
        const ledger = (await simControl(
          opts.kubeconfig ?? defaultKubeconfig(deps),
          'POST',
          'traffic/ledger',
          {},
        )) as {
          totals: Record<string, number>;
          perSecond: { version: string; ok: number; error: number; refused: number; noEndpoints: number }[];
        };
        const byVersion: Record<string, { ok: number; failed: number }> = {};
        for (const s of ledger.perSecond) {
          const entry = (byVersion[s.version || '(none)'] ??= { ok: 0, failed: 0 });
          entry.ok += s.ok;
          entry.failed += s.error + s.refused + s.noEndpoints;
        }
        const stats = { totals: ledger.totals, byVersion };
        if (opts.json) deps.io.out(JSON.stringify(stats, null, 2));
        else {
          const t = ledger.totals;
          deps.io.out(
            `requests ${t.total ?? 0}: ok ${t.ok ?? 0}, error ${t.error ?? 0}, refused ${t.refused ?? 0}, no endpoints ${t['no-endpoints'] ?? 0}`,
          );
          for (const [version, v] of Object.entries(byVersion))
            deps.io.out(`  ${version}: ok ${v.ok}, failed ${v.failed}`);
        }
      } catch (err) {
        deps.io.err(`deploy-lab sim: ${(err as Error).message}`);
        deps.setExit(1);
      }
    },
  );
  return sim;
}

function clockLine(result: unknown): string {
  const r = result as { now?: string; speed?: number; paused?: boolean };
  return `virtual time ${r.now ?? '?'}, ${r.paused ? 'paused' : `speed ${r.speed ?? '?'}x`}`;
}
