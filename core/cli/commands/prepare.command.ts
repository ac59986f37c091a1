/**
 * `deploy-lab prepare [--json]`: builds the offline sample app images 1.0/2.0/3.0 locally (FROM
 * scratch, no registry needed) and reports what a later offline kind rehearsal still needs, with
 * the command that fetches each while online. Wired into the program by core/cli/cli.ts.
 */
import type { Command } from 'commander';
import type { DockerBackend } from '../../backends/docker/docker.types';
import {
  APP_VERSIONS,
  OFFLINE_APP_REPOSITORY,
  buildOfflineApp,
} from '../../backends/docker/offline-app.build';
import type { KindBackend } from '../../backends/kind/kind.backend';
import { type OfflineNeed, checkOfflineNeeds } from '../../backends/kind/offline-needs';
import type { CommandIo } from './cleanup.command';

export interface PrepareCommandDeps {
  io: CommandIo;
  setExit(code: number): void;
  /** Called only when the command runs, so `--help` never touches Docker or kind. */
  backends(): { docker: DockerBackend; kind?: KindBackend };
  /** apps/pyweb-offline */
  offlineAppDir: string;
  busyboxPath?: string;
  /** Image repository for the built versions; tests use their own so they never touch the real tags. */
  repository?: string;
}

export interface PrepareReport {
  built: Array<{ tag: string; imageId: string; durationMs: number; steps: number; cacheHits: number }>;
  failed: Array<{ tag: string; message: string }>;
  needs: OfflineNeed[];
}

export async function runPrepare(
  deps: Omit<PrepareCommandDeps, 'io' | 'setExit'>,
  onLine: (line: string) => void,
): Promise<PrepareReport> {
  const { docker, kind } = deps.backends();
  const repository = deps.repository ?? OFFLINE_APP_REPOSITORY;
  const report: PrepareReport = { built: [], failed: [], needs: [] };
  await docker.ping();
  for (const version of APP_VERSIONS) {
    const tag = `${repository}:${version.version}`;
    onLine(`Building ${tag} (${version.colour}) ...`);
    try {
      const result = await buildOfflineApp(docker, {
        appDir: deps.offlineAppDir,
        version,
        tag,
        ...(deps.busyboxPath ? { busyboxPath: deps.busyboxPath } : {}),
        onProgress: (event) => {
          if (event.type === 'step') onLine(`  step ${event.step}/${event.totalSteps}: ${event.instruction}`);
          if (event.type === 'cache-hit') onLine('    using cache');
        },
      });
      report.built.push({
        tag,
        imageId: result.imageId,
        durationMs: result.durationMs,
        steps: result.steps,
        cacheHits: result.cacheHits,
      });
      onLine(
        `Built ${tag} ${result.imageId.slice(0, 19)} in ${(result.durationMs / 1000).toFixed(1)} s (${result.cacheHits}/${result.steps} steps cached)`,
      );
    } catch (err) {
      report.failed.push({ tag, message: err instanceof Error ? err.message : String(err) });
    }
  }
  report.needs = await checkOfflineNeeds(kind ? { docker, kind } : { docker });
  return report;
}

export function formatNeeds(needs: OfflineNeed[]): string[] {
  const missing = needs.filter((n) => !n.present);
  const lines = ['', 'For an offline kind rehearsal:'];
  for (const need of needs.filter((n) => n.present))
    lines.push(
      `  ok       ${need.what}${need.found && !need.what.includes(need.found) ? ` (${need.found})` : ''}`,
    );
  for (const need of missing)
    lines.push(`  missing  ${need.what}: ${need.why}`, `           fetch while online: ${need.fetch}`);
  if (missing.length === 0) lines.push('Everything is here: kind scenarios will run offline.');
  return lines;
}

export function registerPrepareCommand(program: Command, deps: PrepareCommandDeps): Command {
  return program
    .command('prepare')
    .description(
      'build the offline sample app images (1.0, 2.0, 3.0) and list what an offline kind rehearsal still needs',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      let report: PrepareReport;
      try {
        report = await runPrepare(deps, (line) => {
          if (!opts.json) deps.io.out(line);
        });
      } catch (err) {
        deps.io.err(`deploy-lab prepare: ${err instanceof Error ? err.message : String(err)}`);
        deps.setExit(1);
        return;
      }
      if (opts.json) deps.io.out(JSON.stringify(report, null, 2));
      else formatNeeds(report.needs).forEach((line) => deps.io.out(line));
      for (const f of report.failed) deps.io.err(`Could not build ${f.tag}: ${f.message}`);
      deps.setExit(report.failed.length > 0 ? 1 : 0);
    });
}
