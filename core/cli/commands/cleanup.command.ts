/**
 * `deploy-lab cleanup [--dry-run] [--json]`: removes everything the lab created in Docker (containers
 * and images labelled dev.deploy-lab.managed=true, kind clusters named deploy-lab*) and nothing
 * else, and prints what it removed. Wired into the program by core/cli/cli.ts.
 */
import type { Command } from 'commander';
import type {
  DockerBackend,
  LabelledContainer,
  LabelledImage,
  SweepReport,
} from '../../backends/docker/docker.types';
import type { KindBackend } from '../../backends/kind/kind.backend';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CleanupCommandDeps {
  io: CommandIo;
  setExit(code: number): void;
  /** Called only when the command runs, so `--help` never touches Docker or kind. */
  backends(): { docker: DockerBackend; kind?: KindBackend };
}

export interface CleanupReport {
  dryRun: boolean;
  containers: LabelledContainer[];
  images: LabelledImage[];
  kindClusters: string[];
  failures: Array<{
    kind: 'container' | 'image' | 'kind-cluster' | 'docker' | 'kind';
    id: string;
    message: string;
  }>;
  /** Things that did not need doing, e.g. kind is not installed. */
  notes: string[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runCleanup(
  backends: { docker: DockerBackend; kind?: KindBackend },
  options: { dryRun: boolean },
): Promise<CleanupReport> {
  const report: CleanupReport = {
    dryRun: options.dryRun,
    containers: [],
    images: [],
    kindClusters: [],
    failures: [],
    notes: [],
  };

  if (backends.kind) {
    let clusters: string[] | undefined;
    try {
      clusters = await backends.kind.listLabClusters();
    } catch (err) {
      const reason = (err as { reason?: string }).reason;
      const message = err instanceof Error ? err.message : String(err);
      // No kind means no kind clusters: nothing to clean, not a failure.
      if (reason === 'kind-missing') report.notes.push('kind is not installed: no kind clusters to remove');
      else report.failures.push({ kind: 'kind', id: 'kind get clusters', message });
    }
    for (const name of clusters ?? []) {
      if (options.dryRun) {
        report.kindClusters.push(name);
        continue;
      }
      try {
        await backends.kind.deleteCluster(name);
        report.kindClusters.push(name);
      } catch (err) {
        report.failures.push({
          kind: 'kind-cluster',
          id: name,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
  } else {
    report.notes.push('kind clusters not checked');
  }

  let sweep: SweepReport | undefined;
  try {
    // No exceptRun: cleanup is run when no lab is running, and removes every run's leftovers.
    sweep = await backends.docker.sweep({ dryRun: options.dryRun, includeImages: true });
  } catch (err) {
    report.failures.push({
      kind: 'docker',
      id: backends.docker.socketPath,
      message: err instanceof Error ? err.message : String(err),
    });
  }
  if (sweep) {
    const failed = new Set(sweep.failures.map((f) => f.id));
    report.containers = sweep.containers.filter((c) => !failed.has(c.id));
    report.images = sweep.images.filter((i) => !failed.has(i.id));
    report.failures.push(...sweep.failures.map((f) => ({ kind: f.kind, id: f.id, message: f.message })));
  }
  return report;
}

export function formatCleanupReport(report: CleanupReport): string[] {
  const verb = report.dryRun ? 'Would remove' : 'Removed';
  const lines: string[] = [];
  const total = report.containers.length + report.images.length + report.kindClusters.length;
  if (total === 0) {
    lines.push('Nothing to remove: Docker and kind hold nothing the lab created.');
  } else {
    lines.push(
      `${verb} ${plural(report.containers.length, 'container')}, ${plural(report.images.length, 'image')}, ${plural(report.kindClusters.length, 'kind cluster')}:`,
    );
    for (const c of report.containers)
      lines.push(`  container ${c.name} (${c.id.slice(0, 12)}, ${c.state}, run ${c.runId || '?'})`);
    for (const i of report.images)
      lines.push(`  image ${i.tags.join(', ') || i.id.slice(0, 19)} (run ${i.runId || '?'})`);
    for (const k of report.kindClusters) lines.push(`  kind cluster ${k}`);
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return lines;
}

export function registerCleanupCommand(program: Command, deps: CleanupCommandDeps): Command {
  return program
    .command('cleanup')
    .description(
      'remove everything the lab created in Docker (labelled containers and images, deploy-lab* kind clusters) and nothing else',
    )
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const report = await runCleanup(deps.backends(), { dryRun: opts.dryRun ?? false });
      if (opts.json) {
        deps.io.out(JSON.stringify(report, null, 2));
      } else {
        formatCleanupReport(report).forEach((line) => deps.io.out(line));
        for (const f of report.failures) deps.io.err(`Could not remove ${f.kind} ${f.id}: ${f.message}`);
      }
      deps.setExit(report.failures.length > 0 ? 1 : 0);
    });
}
