/**
 * `deploy-lab run <scenario>`: runs a guided scenario headless. `--auto` applies each step's solution
 * and requires every check to pass (how CI knows no check fails a correct answer); without it the
 * learner works with kubectl while the checks run live, and progress is saved to resume later.
 * Exit 0 only when every check passed.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { findScenario } from '../../../scenarios/index';
import { openBackend, parseBackend, type BackendChoice } from '../../scenarios/open-backend';
import { createProgressStore } from '../../scenarios/progress.store';
import {
  createScenarioSession,
  type ScenarioSession,
  type StepReport,
} from '../../scenarios/scenario-session';
import { systemRealTime, type RealTime } from '../../traffic/real-time';
import { summarizeTraffic, type TrafficTotals } from '../../traffic/traffic.port';
import type { ScenarioCommandDeps } from './scenarios.command';

export interface RunCommandDeps extends ScenarioCommandDeps {
  /** Resolves when the process is asked to stop (interactive runs); defaults to SIGINT/SIGTERM. */
  untilStopped?(): Promise<void>;
  realTime?: RealTime;
  /** The learner's typed commands (hint, show, reset, check, quit); default: stdin lines when it is a terminal. */
  lines?(): AsyncIterable<string>;
}

const INTERACTIVE_HELP =
  'Type: hint (next hint for the failing check), show (run the solution), reset (restore the step start), check, quit.';

/** Lines typed at a terminal; `close` releases stdin so the process can exit when the run ends. */
function stdinLines(): { lines: AsyncIterable<string>; close(): void } | undefined {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  return { lines: rl, close: () => rl.close() };
}

export interface RunReport {
  scenario: string;
  title: string;
  backend: string;
  auto: boolean;
  passed: boolean;
  speed: number;
  seed?: number;
  steps: {
    id: string;
    title: string;
    passed: boolean;
    usedSolution: boolean;
    simSeconds: number;
    wallSeconds: number;
    checks: { id: string; title: string; passed: boolean; message: string }[];
  }[];
  traffic: TrafficTotals;
  events: number;
  commands: { t: number; command: string; ok: boolean; error?: string }[];
  wallSeconds: number;
  error?: string;
}

export function backendOption(value: string): BackendChoice {
  try {
    return parseBackend(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export function speedOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 1000)
    throw new InvalidArgumentError('must be a number above 0, up to 1000');
  return n;
}

export function seedOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number >= 0');
  return n;
}

function stepLine(r: StepReport, index: number, total: number): string {
  return `${r.passed ? 'PASS' : 'FAIL'} step ${index}/${total} ${r.title} (cluster ${(r.simMs / 1000).toFixed(1)} s, wall ${(r.wallMs / 1000).toFixed(1)} s)`;
}

function defaultUntilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Live checks for a learner at the keyboard: re-evaluate, advance when the step passes, print changes. */
async function interactive(
  session: ScenarioSession,
  deps: RunCommandDeps,
  realTime: RealTime,
): Promise<void> {
  let stopped = false;
  void (deps.untilStopped ?? defaultUntilStopped)().then(() => {
    stopped = true;
  });
  const typed: string[] = [];
  const terminal = deps.lines ? undefined : stdinLines();
  const lines = deps.lines ? deps.lines() : terminal?.lines;
  if (lines) {
    deps.io.out(INTERACTIVE_HELP);
    void (async () => {
      for await (const line of lines) typed.push(line.trim().toLowerCase());
    })();
  }
  let shownStep = -1;
  let lastSummary = '';
  const announce = async () => {
    const explained = (await session.view()).explanations.at(-1);
    if (explained) deps.io.out(`Passed. ${explained.text}`);
    lastSummary = '';
  };
  while (!stopped && !session.done()) {
    const view = await session.view();
    if (view.stepIndex !== shownStep) {
      shownStep = view.stepIndex;
      deps.io.out('');
      deps.io.out(`--- step ${view.stepIndex + 1}/${view.stepCount}: ${view.step.title} ---`);
      deps.io.out(view.step.text.trim());
    }
    const command = typed.shift();
    if (command === 'quit' || command === 'q') break;
    if (command === 'hint' || command === 'h') {
      const hint = session.hint();
      deps.io.out(
        hint
          ? `hint (${hint.checkId}): ${hint.hints.at(-1) ?? 'no more hints for this check'}`
          : 'Every check passes; no hint needed.',
      );
      continue;
    }
    if (command === 'show' || command === 's') {
      deps.io.out(`Show me:\n${view.step.solution.map((c) => `  ${c}`).join('\n')}`);
      const before = session.stepIndex();
      await session.showMe();
      if (session.stepIndex() !== before || session.done()) await announce();
      continue;
    }
    if (command === 'reset' || command === 'r') {
      deps.io.out('Resetting the step to its start...');
      await session.reset();
      lastSummary = '';
      continue;
    }
    const evaluation = await session.evaluate();
    const summary = evaluation.results
      .map((r) => `${r.passed ? '[x]' : '[ ]'} ${r.title}${r.passed ? '' : `: ${r.message}`}`)
      .join('\n');
    if (summary !== lastSummary || command === 'check' || command === 'c') {
      lastSummary = summary;
      deps.io.out(summary);
    }
    if (evaluation.passed) {
      await session.check();
      await announce();
      continue;
    }
    // Sleep in small slices so a typed command is answered quickly.
    for (let i = 0; i < 10 && typed.length === 0 && !stopped; i += 1) await realTime.sleep(100);
  }
  terminal?.close();
}

export function registerRunCommand(program: Command, deps: RunCommandDeps): Command {
  return program
    .command('run')
    .description(
      'run a guided scenario headless; --auto applies each solution and requires every check to pass',
    )
    .argument('<scenario>', 'scenario id (see `deploy-lab scenarios`)')
    .option('--backend <backend>', 'sim | kind | docker | context:NAME', backendOption, {
      backend: 'sim',
    } as BackendChoice)
    .option('--auto', "apply each step's solution; exit 0 only if every check passes")
    .option(
      '--speed <x>',
      'virtual clock speed on the embedded cluster (default 50 with --auto, else 1)',
      speedOption,
    )
    .option('--seed <n>', 'seed of the embedded cluster (same seed, same run)', seedOption)
    .option('--kubeconfig <file>', 'kubeconfig for kind or context:NAME')
    .option('--traffic-url <url>', 'loopback URL of the Service for the load generator (kind, context)')
    .option('--json', 'print a JSON report')
    .action(
      async (
        id: string,
        opts: {
          backend: BackendChoice;
          auto?: boolean;
          speed?: number;
          seed?: number;
          kubeconfig?: string;
          trafficUrl?: string;
          json?: boolean;
        },
      ) => {
        const realTime = deps.realTime ?? systemRealTime;
        const definition = findScenario(id);
        if (!definition) {
          deps.io.err(`deploy-lab run: no scenario "${id}"; \`deploy-lab scenarios\` lists them`);
          deps.setExit(2);
          return;
        }
        if (!definition.meta.backends.includes(opts.backend.backend)) {
          deps.io.err(
            `deploy-lab run: "${id}" runs on ${definition.meta.backends.join(', ')}, not ${opts.backend.backend}`,
          );
          deps.setExit(2);
          return;
        }
        const auto = opts.auto === true;
        const speed = opts.speed ?? (auto ? 50 : 1);
        const wallStart = realTime.now();
        const progressLine = (line: string) => (opts.json ? deps.io.err(line) : deps.io.out(line));
        let opened;
        try {
          opened = await openBackend({
            choice: opts.backend,
            realTime,
            speed,
            ...(opts.seed === undefined ? {} : { seed: opts.seed }),
            ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
            ...(opts.trafficUrl ? { trafficUrl: opts.trafficUrl } : {}),
            warn: (line) => deps.io.err(`deploy-lab run: ${line}`),
          });
        } catch (err) {
          deps.io.err(`deploy-lab run: ${(err as Error).message}`);
          deps.setExit(1);
          return;
        }
        const runStart = await opened.ports.clock.sync();
        progressLine(`${definition.meta.title}: ${opened.description}`);
        const session = createScenarioSession({
          definition,
          ports: opened.ports,
          // --auto always starts fresh; a learner's run resumes where it stopped.
          ...(auto
            ? {}
            : { progress: createProgressStore(join(deps.dataDir(), 'scenarios', opts.backend.backend)) }),
        });
        let passed = false;
        let error: string | undefined;
        try {
          const { resumed } = await session.start();
          if (resumed) progressLine(`resumed at step ${session.stepIndex() + 1}`);
          if (auto) {
            let index = session.stepIndex();
            passed = await session.runAuto((r) => {
              index += 1;
              progressLine(stepLine(r, index, definition.steps.length));
              for (const c of r.results) if (!c.passed) progressLine(`  - ${c.title}: ${c.message}`);
            });
          } else {
            await interactive(session, deps, realTime);
            passed = session.done();
          }
        } catch (err) {
          error = (err as Error).message;
          deps.io.err(`deploy-lab run: ${error}`);
        }
        const records = await opened.ports.traffic.records(runStart).catch(() => []);
        const report: RunReport = {
          scenario: definition.meta.id,
          title: definition.meta.title,
          backend: opts.backend.backend,
          auto,
          passed,
          speed,
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          steps: session.reports().map((r) => ({
            id: r.stepId,
            title: r.title,
            passed: r.passed,
            usedSolution: r.usedSolution,
            simSeconds: r.simMs / 1000,
            wallSeconds: r.wallMs / 1000,
            checks: r.results,
          })),
          traffic: summarizeTraffic(records),
          events: opened.ports.cluster.timeline.count(),
          commands: session.commands(),
          wallSeconds: (realTime.now() - wallStart) / 1000,
          ...(error ? { error } : {}),
        };
        await session.dispose();
        await opened.close();
        if (opts.json) deps.io.out(JSON.stringify(report, null, 2));
        else {
          const t = report.traffic;
          deps.io.out(
            `${passed ? 'All checks passed' : 'Not every check passed'} in ${report.wallSeconds.toFixed(1)} s.`,
          );
          deps.io.out(
            `traffic: ${t.total} requests, ${t.failed} failed; by version: ${
              Object.entries(t.byVersion)
                .map(([v, x]) => `${v} ${x.ok} ok/${x.failed} failed`)
                .join(', ') || 'none'
            }`,
          );
        }
        deps.setExit(passed ? 0 : 1);
      },
    );
}
