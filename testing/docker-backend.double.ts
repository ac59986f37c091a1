/**
 * An in-memory DockerBackend for tests of code that drives the backend (CLI commands, the engine)
 * without a Docker engine. It keeps containers and images with their run labels and implements the
 * sweep rules the real backend follows, so a test can assert what was removed.
 */
import type {
  BuildImageResult,
  ContainerState,
  DockerBackend,
  LabelledContainer,
  LabelledImage,
  RunningContainer,
  SweepOptions,
  SweepReport,
} from '../core/backends/docker/docker.types';

export interface DockerBackendDouble extends DockerBackend {
  containers: LabelledContainer[];
  images: LabelledImage[];
  /** Images present but not built by the lab (e.g. kindest/node). */
  foreignImages: string[];
  calls: string[];
}

export function createDockerBackendDouble(options: {
  runId?: string;
  containers?: LabelledContainer[];
  images?: LabelledImage[];
  foreignImages?: string[];
}): DockerBackendDouble {
  const runId = options.runId ?? 'double-run';
  const double: DockerBackendDouble = {
    runId,
    socketPath: '/double/docker.sock',
    containers: [...(options.containers ?? [])],
    images: [...(options.images ?? [])],
    foreignImages: [...(options.foreignImages ?? [])],
    calls: [],
    async ping() {
      double.calls.push('ping');
      return { serverVersion: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64', pingMs: 1 };
    },
    async buildImage(_contextDir, buildOptions): Promise<BuildImageResult> {
      double.calls.push(`build ${buildOptions.tag}`);
      const imageId = `sha256:${String(double.images.length + 1).padStart(64, '0')}`;
      double.images.push({ id: imageId, tags: [buildOptions.tag], runId });
      return { tag: buildOptions.tag, imageId, durationMs: 1, steps: 1, cacheHits: 0, events: [] };
    },
    async runContainer(spec): Promise<RunningContainer> {
      const id = `c${String(double.containers.length + 1).padStart(63, '0')}`;
      double.calls.push(`run ${spec.image}`);
      double.containers.push({
        id,
        name: spec.name ?? id.slice(0, 12),
        image: spec.image,
        state: 'running',
        runId,
      });
      return { id, name: spec.name ?? id.slice(0, 12), ports: [] };
    },
    async stop(id) {
      double.calls.push(`stop ${id}`);
    },
    async kill(id) {
      double.calls.push(`kill ${id}`);
    },
    async remove(id) {
      double.calls.push(`remove ${id}`);
      double.containers = double.containers.filter((c) => c.id !== id);
    },
    async removeImage(ref) {
      double.calls.push(`remove image ${ref}`);
      double.images = double.images.filter((i) => i.id !== ref && !i.tags.includes(ref));
    },
    async hasImage(ref) {
      return double.foreignImages.includes(ref) || double.images.some((i) => i.tags.includes(ref));
    },
    async logs() {
      return { stdout: '', stderr: '' };
    },
    async inspect(id): Promise<ContainerState> {
      const c = double.containers.find((x) => x.id === id);
      if (!c) throw Object.assign(new Error(`No such container: ${id}`), { reason: 'not-found' });
      return {
        id,
        name: c.name,
        image: c.image,
        status: c.state,
        running: c.state === 'running',
        paused: false,
        exitCode: 0,
        oomKilled: false,
        restartCount: 0,
        labels: {},
        ports: [],
      };
    },
    async listLabelled(filter) {
      const match = (r: string): boolean => !filter?.runId || r === filter.runId;
      return {
        containers: double.containers.filter((c) => match(c.runId)),
        images: double.images.filter((i) => match(i.runId)),
      };
    },
    async sweep(sweepOptions: SweepOptions = {}): Promise<SweepReport> {
      double.calls.push(`sweep ${JSON.stringify(sweepOptions)}`);
      const found = await double.listLabelled(
        sweepOptions.onlyRun ? { runId: sweepOptions.onlyRun } : undefined,
      );
      const keep = (r: string): boolean =>
        sweepOptions.exceptRun !== undefined && r === sweepOptions.exceptRun;
      const containers = found.containers.filter((c) => !keep(c.runId));
      const images = sweepOptions.includeImages ? found.images.filter((i) => !keep(i.runId)) : [];
      if (!sweepOptions.dryRun) {
        const gone = new Set([...containers.map((c) => c.id), ...images.map((i) => i.id)]);
        double.containers = double.containers.filter((c) => !gone.has(c.id));
        double.images = double.images.filter((i) => !gone.has(i.id));
      }
      return { dryRun: sweepOptions.dryRun ?? false, containers, images, failures: [] };
    },
  };
  return double;
}
