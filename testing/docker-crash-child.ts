/**
 * A stand-in for a lab run that crashes: it starts labelled containers through the real Docker
 * backend, prints their ids, then waits to be SIGKILLed. The crash-safety test bundles it with
 * esbuild and runs it as a separate Node process, so nothing in the test process can clean up for it.
 *
 * argv: <runId> <image> <count>
 */
import { createDockerBackend } from '../core/backends/docker/docker.backend';
import { systemClock } from '../core/backends/docker/backend.clock';

async function main(): Promise<void> {
  const [runId, image, countText] = process.argv.slice(2);
  if (!runId || !image) throw new Error('usage: docker-crash-child <runId> <image> <count>');
  const backend = createDockerBackend({ runId, clock: systemClock() });
  const ids: string[] = [];
  for (let i = 0; i < Number(countText ?? '2'); i += 1) {
    const started = await backend.runContainer({
      image,
      ports: [{ container: 8000 }],
      restartPolicy: i === 0 ? 'unless-stopped' : 'no',
    });
    ids.push(started.id);
  }
  process.stdout.write(`READY ${ids.join(',')}\n`);
  // Stay alive like a running engine until the test kills us.
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  process.stderr.write(`crash child failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
