/**
 * `deploy-lab drill <scenario>`: a timed rehearsal. No hints; a fault from the scenario's list is
 * injected at a random (seeded) moment; the clock stops when the recovery check passes. Writes a
 * self-contained HTML report (and prints JSON with --json).
 */
import type { Command } from 'commander';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { findScenario, scenarioDefinitions } from '../../../scenarios/index';
import { openBackend, type BackendChoice } from '../../scenarios/open-backend';
import { runDrill } from '../../scenarios/drill-runner';
import { renderDrillReportHtml } from '../../scenarios/drill-report.html';
import { systemRealTime } from '../../traffic/real-time';
import { backendOption, seedOption, speedOption, type RunCommandDeps } from './run.command';

export function registerDrillCommand(program: Command, deps: RunCommandDeps): Command {
  return program
    .command('drill')
    .description(
      'a timed drill: a fault at a random moment, no hints; time to detect and recover, HTML report',
    )
    .argument('<scenario>', 'scenario id with a drill (see `deploy-lab scenarios`)')
    .option(
      '--backend <backend>',
      'sim (faults and the virtual clock need the embedded cluster)',
      backendOption,
      { backend: 'sim' } as BackendChoice,
    )
    .option(
      '--seed <n>',
      'seed for the fault and its moment (printed, so a drill can be replayed)',
      seedOption,
    )
    .option('--speed <x>', 'virtual clock speed (default 1; 60 with --auto)', speedOption)
    .option('--auto', 'perform the recovery as soon as the symptom is visible (CI, demos)')
    .option(
      '--out <file>',
      'where to write the HTML report (default: <data dir>/drills/<scenario>-<seed>.html)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (
        id: string,
        opts: {
          backend: BackendChoice;
          seed?: number;
          speed?: number;
          auto?: boolean;
          out?: string;
          json?: boolean;
        },
      ) => {
        const realTime = deps.realTime ?? systemRealTime;
        const definition = findScenario(id);
        if (!definition?.drill) {
          const withDrills = scenarioDefinitions.filter((s) => s.drill).map((s) => s.meta.id);
          deps.io.err(`deploy-lab drill: no drill for "${id}"; drills exist for: ${withDrills.join(', ')}`);
          deps.setExit(2);
          return;
        }
        if (opts.backend.backend !== 'sim') {
          deps.io.err('deploy-lab drill: drills run on the embedded cluster (--backend sim) in this version');
          deps.setExit(2);
          return;
        }
        const seed = opts.seed ?? realTime.now() % 100_000;
        const auto = opts.auto === true;
        const speed = opts.speed ?? (auto ? 60 : 1);
        const say = (line: string) => (opts.json ? deps.io.err(line) : deps.io.out(line));
        const opened = await openBackend({
          choice: opts.backend,
          realTime,
          speed,
          seed,
          warn: (l) => deps.io.err(l),
        });
        let report;
        try {
          say(`Drill "${definition.meta.title}" (seed ${seed}) on the ${opened.description}`);
          say(
            'The service is healthy. A fault will hit at a random moment. Find it and fix it; the clock stops when users are served again.',
          );
          // No hint when the fault lands: noticing it is part of the drill.
          report = await runDrill({ definition, ports: opened.ports, seed, auto });
        } finally {
          await opened.close();
        }
        const out = resolve(opts.out ?? join(deps.dataDir(), 'drills', `${id}-${seed}.html`));
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, renderDrillReportHtml(report), 'utf8');
        if (opts.json) deps.io.out(JSON.stringify({ ...report, reportFile: out }, null, 2));
        else {
          const s = (ms: number | undefined) =>
            ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(1)} s`;
          deps.io.out(`${report.passed ? 'Recovered' : 'Not recovered'}: ${report.message}`);
          deps.io.out(
            `fault: ${report.fault}; time to detect ${s(report.timeToDetectMs)}, time to recover ${s(report.timeToRecoverMs)}, failed requests ${report.failedRequests}`,
          );
          deps.io.out(`report: ${out}`);
        }
        deps.setExit(report.passed ? 0 : 1);
      },
    );
}
