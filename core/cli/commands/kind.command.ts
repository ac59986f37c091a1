/**
 * `deploy-lab kind up|down`: the lab's own kind cluster. `up` creates it from a config in
 * lab-clusters/kind (or reuses it), builds the sample app's images (the offline variant, so no registry
 * is needed) as deploy-lab/pyweb:1.0/2.0/3.0 and loads them into the nodes, and prints the app-owned
 * kubeconfig. The user's own kubeconfig is never touched.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { LabBackends } from '../../backends/kind/lab-backends.compose';
import type { TimedKindEvent } from '../../backends/kind/kind.backend';
import { KIND_CONFIG_NAMES, type KindConfigName } from '../../backends/kind/kind-config.loader';
import { APP_VERSIONS, buildOfflineApp } from '../../backends/docker/offline-app.build';
import type { CommandIo } from './cleanup.command';

export interface KindCommandDeps {
  io: CommandIo;
  setExit(code: number): void;
  backends(): LabBackends;
}

export const SAMPLE_APP_REPOSITORY = 'deploy-lab/pyweb';

/** One progress line per kind event, as kind itself words its stages. */
export function describeKindEvent(event: TimedKindEvent): string {
  if (event.type === 'stage')
    return `${event.status === 'done' ? '✓' : event.status === 'failed' ? '✗' : '•'} ${event.label}`;
  if (event.type === 'error') return `error: ${event.message}`;
  return event.line;
}

function configName(value: string): KindConfigName {
  if (!(KIND_CONFIG_NAMES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${KIND_CONFIG_NAMES.join(', ')}`);
  }
  return value as KindConfigName;
}

export function registerKindCommand(program: Command, deps: KindCommandDeps): Command {
  const kind = program
    .command('kind')
    .description("the lab's own kind cluster: create or reuse it, load the sample app, delete it");
  kind
    .command('up')
    .description('create (or reuse) the lab kind cluster and load the sample app images into it')
    .option('--name <name>', 'cluster name (must start with deploy-lab)', 'deploy-lab')
    .option(
      '--config <config>',
      `one of ${KIND_CONFIG_NAMES.join(', ')}`,
      configName,
      'three-node' as KindConfigName,
    )
    .option('--node-image <image>', "kind node image (default: kind's own for its version)")
    .option('--json', 'print the result as JSON')
    .action(async (opts: { name: string; config: KindConfigName; nodeImage?: string; json?: boolean }) => {
      const lab = deps.backends();
      const say = (line: string) => (opts.json ? deps.io.err(line) : deps.io.out(line));
      try {
        const version = await lab.kind.detect();
        say(`kind ${version.version}`);
        const cluster = await lab.kind.createCluster({
          name: opts.name,
          config: opts.config,
          ...(opts.nodeImage ? { nodeImage: opts.nodeImage } : {}),
          onProgress: (event) => say(`  ${describeKindEvent(event)}`),
        });
        say(
          cluster.reused
            ? `Reusing kind cluster ${cluster.name}`
            : `Created kind cluster ${cluster.name} in ${(cluster.durationMs / 1000).toFixed(1)} s`,
        );
        const images: string[] = [];
        for (const version of APP_VERSIONS) {
          const tag = `${SAMPLE_APP_REPOSITORY}:${version.version}`;
          await buildOfflineApp(lab.docker, { appDir: lab.offlineAppDir, version, tag });
          images.push(tag);
        }
        const loaded = await lab.kind.loadImages(cluster.name, images, {
          onProgress: (event) => say(`  ${describeKindEvent(event)}`),
        });
        say(`Loaded ${images.join(', ')} in ${(loaded.durationMs / 1000).toFixed(1)} s`);
        if (opts.json)
          deps.io.out(
            JSON.stringify({
              name: cluster.name,
              kubeconfigPath: cluster.kubeconfigPath,
              reused: cluster.reused,
              images,
            }),
          );
        else deps.io.out(`export KUBECONFIG=${cluster.kubeconfigPath}`);
      } catch (err) {
        deps.io.err(`deploy-lab kind up: ${err instanceof Error ? err.message : String(err)}`);
        deps.setExit(1);
      }
    });
  kind
    .command('down')
    .description('delete the lab kind cluster and its kubeconfig')
    .option('--name <name>', 'cluster name', 'deploy-lab')
    .action(async (opts: { name: string }) => {
      try {
        const { existed } = await deps.backends().kind.deleteCluster(opts.name);
        deps.io.out(existed ? `Deleted kind cluster ${opts.name}` : `No kind cluster named ${opts.name}`);
      } catch (err) {
        deps.io.err(`deploy-lab kind down: ${err instanceof Error ? err.message : String(err)}`);
        deps.setExit(1);
      }
    });
  return kind;
}
