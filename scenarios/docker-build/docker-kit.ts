/**
 * The format of the Docker-only scenarios (docker-build, dependency-pinning): the same idea as
 * scenario-kit.ts (steps with text, checks with hints, a solution as data, an explanation) but the
 * world is a Docker engine instead of a cluster. It lives in this folder rather than in scenario-kit.ts
 * because the Kubernetes kit is shared by every other scenario and these types are only needed here
 * and by the Docker session in core/scenarios/docker-session.ts.
 *
 * Checks stay pure: the engine gathers what they read (recorded builds with their progress events,
 * images, containers, one HTTP answer per published port) before it calls them.
 */
import type { ScenarioDefinition, SolutionAction, StepDefinition } from '../scenario-kit';

/** One step of a recorded build: its instruction and whether the builder said "Using cache". */
export interface BuildStepRecord {
  step: number;
  instruction: string;
  cached: boolean;
  /** Lines the step printed (RUN output), e.g. "Installed flask==3.0.3". */
  output: string[];
}

/** A build the engine ran, with what the builder reported while it ran. */
export interface BuildRecord {
  /** The name the solution gave the build (e.g. "baseline", "after-edit"). */
  name: string;
  /** Index of the scenario step during which it ran. */
  stepIndex: number;
  tag: string;
  dockerfile: string;
  ok: boolean;
  imageId?: string;
  error?: string;
  steps: BuildStepRecord[];
  /** /deps/installed.txt of the built image ("name==version" lines), when it has one. */
  installed?: string;
}

export interface ImageRecord {
  tag: string;
  id: string;
  labels: Record<string, string>;
}

export interface PublishedPort {
  container: number;
  host: number;
  hostIp: string;
}

/** What an HTTP GET to a published port answered (or why it did not). */
export interface HttpAnswer {
  path: string;
  url: string;
  status?: number;
  body?: string;
  error?: string;
}

export interface ContainerRecord {
  id: string;
  name: string;
  image: string;
  running: boolean;
  labels: Record<string, string>;
  ports: PublishedPort[];
  /** GET / and GET /healthz on the first port published on 127.0.0.1, when there is one. */
  answers: HttpAnswer[];
  /** What `docker inspect` said (absent when the container vanished between listing and inspecting). */
  inspect?: ContainerInspection;
}

/** The parts of `docker inspect <container>` the restart and config lessons read. */
export interface ContainerInspection {
  /** State.Status: created | running | restarting | exited | paused | dead. */
  status: string;
  exitCode: number;
  /** How often Docker's restart policy restarted it (a restart by hand does not count). */
  restartCount: number;
  /** HostConfig.RestartPolicy.Name: no (or "") | always | unless-stopped | on-failure. */
  restartPolicy: string;
  maxRetries: number;
  /** Config.Env as name -> value (the image's ENV, then -e / --env-file on top). */
  env: Record<string, string>;
  /** The health check test (image HEALTHCHECK or --health-cmd), joined with spaces; absent if none. */
  healthcheck?: string;
  /** State.Health: starting | healthy | unhealthy, the failing streak and the last probe's output. */
  health?: { status: string; failingStreak: number; lastOutput?: string };
  startedAt?: string;
  finishedAt?: string;
}

/** One file of a layer's tarball (`docker save`); `deleted` marks a whiteout (a later `rm`). */
export interface LayerFile {
  /** Absolute path in the image, e.g. /tmp/api-key. */
  path: string;
  size: number;
  /** The content, for small text files (binaries and big files have none). */
  text?: string;
  deleted?: boolean;
}

/** One entry of an image's history with the files its layer added (none for ENV, LABEL, ...). */
export interface SavedLayer {
  /** 1-based, oldest first: the order of the Dockerfile's instructions. */
  index: number;
  createdBy: string;
  /** The instruction changed only metadata (ENV, ARG, LABEL, CMD...): no tarball. */
  empty: boolean;
  files: LayerFile[];
}

/** An image as `docker save` writes it: its config's Env and every layer's files. */
export interface SavedImage {
  ref: string;
  env: string[];
  layers: SavedLayer[];
}

/** One layer of an image's history (`docker history`), oldest first. */
export interface LayerRecord {
  /** The layer's image id ("<missing>" for layers not built here, e.g. by BuildKit). */
  id: string;
  createdBy: string;
}

export interface DockerCheckContext {
  /** Every build of this scenario run, oldest first. */
  builds: readonly BuildRecord[];
  /** Index of the current step (builds of this step have this stepIndex). */
  stepIndex: number;
  image(tag: string): ImageRecord | undefined;
  /** `docker history` of a lesson image, by tag or image id; covers builds made by hand too. */
  layers(ref: string): LayerRecord[] | undefined;
  /** Lesson tag -> image id when the step started (what a rebuild is compared with). */
  startImages: Readonly<Record<string, string>>;
  /** Containers made from the lesson images (lab-run or run by hand), running or not. */
  containers: readonly ContainerRecord[];
  /** Text files of the working folder, as the check asks for them (read before the checks run). */
  files: Readonly<Record<string, string>>;
  /** The step's `readsImages`, read layer by layer from `docker save`; undefined when not built. */
  saved(ref: string): SavedImage | undefined;
}

export interface DockerSubCheck {
  id: string;
  title: string;
  evaluate(ctx: DockerCheckContext): { passed: boolean; message: string };
  hints: readonly string[];
}

/** What a solution (or a step's start, or a test's mistake) does, as data. */
export type DockerAction =
  /** Fresh working folder `dir` under the lab's data dir from apps/<sources...> plus busybox. */
  | { do: 'prepareContext'; dir: string; sources: readonly string[] }
  /** Copy one file of the working folder onto another (e.g. a Dockerfile variant into place). */
  | { do: 'copyFile'; dir: string; from: string; to: string }
  /** Replace a file of the working folder (e.g. requirements.txt with a pinned version). */
  | { do: 'writeFile'; dir: string; path: string; content: string }
  /** The package index gains a release: <dir>/releases/<name>/<version> into <dir>/vendor-index/. */
  | { do: 'publishRelease'; dir: string; name: string; version: string }
  /** Add one line at the end of a file of the working folder (the "one-line code change"). */
  | { do: 'appendLine'; dir: string; path: string; line: string }
  | { do: 'build'; name: string; dir: string; tag: string; dockerfile?: string }
  | {
      do: 'run';
      name: string;
      image: string;
      /** Omitted: the container publishes nothing (docker run without -p). */
      port?: { container: number; host?: number; hostIp: '127.0.0.1' | '0.0.0.0' };
      /** -e NAME=value. */
      env?: Readonly<Record<string, string>>;
      /** --env-file: a file of the working folder as `dir/path`, NAME=value lines. */
      envFile?: string;
      /** --restart (default no); maxRetries only with on-failure (on-failure:N). */
      restart?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
      maxRetries?: number;
      /** --health-cmd (run by the container's shell) with --health-interval and --health-retries. */
      health?: { cmd: string; intervalSeconds: number; retries: number };
    }
  /** docker exec: run a command in a running container of a lesson image. */
  | { do: 'exec'; container: string; cmd: readonly string[] }
  /** Delete a file or folder of the working folder. */
  | { do: 'removeFile'; dir: string; path: string }
  /** docker save: a lesson image's archive (manifest, config, one tar per layer) into the working folder. */
  | { do: 'saveImage'; image: string; dir: string; path: string }
  /** Remove a container the lab ran, by name (force). */
  | { do: 'removeContainer'; name: string }
  /** GET a path of a running container's published port (what `curl` does); recorded in the log. */
  | { do: 'curl'; container: string; path: string };

export interface DockerStepDefinition {
  id: string;
  title: string;
  /** Markdown file under the scenario folder. */
  text: string;
  /** Re-created on reset and resume: containers of the scenario are removed, then these run. */
  start: readonly DockerAction[];
  /** Files of the working folder the checks read, as `dir/path`. */
  reads?: readonly string[];
  /** Image tags the checks read layer by layer (`docker save`): slower, so only when asked. */
  readsImages?: readonly string[];
  checks: readonly DockerSubCheck[];
  solution: readonly DockerAction[];
  /** Real seconds the checks may take to settle after the solution (a container starts listening). */
  settleSeconds: number;
  explanation: string;
}

export interface DockerScenarioDefinition extends ScenarioDefinition {
  docker: { steps: readonly DockerStepDefinition[] };
}

export function isDockerScenario(d: ScenarioDefinition): d is DockerScenarioDefinition {
  return 'docker' in d && typeof (d as { docker?: unknown }).docker === 'object';
}

/** Every container and image of these lessons carries this label (set in the Dockerfile). */
export const LESSON_LABEL = 'dev.deploy-lab.lesson';
/** Containers the lab runs for a scenario carry this label (reset removes them). */
export const SCENARIO_CONTAINER_LABEL = 'dev.deploy-lab.scenario';

/** The command a person would type for an action, for "show me" and the command log. */
export function describeDockerAction(action: DockerAction): string {
  switch (action.do) {
    case 'prepareContext':
      return `# the lab copies ${action.sources.map((s) => `apps/${s}`).join(' + ')} and busybox into ${action.dir}/`;
    case 'copyFile':
      return `cp ${action.dir}/${action.from} ${action.dir}/${action.to}`;
    case 'appendLine':
      return `echo '${action.line}' >> ${action.dir}/${action.path}`;
    case 'writeFile':
      return `printf '${action.content.replace(/\n/g, '\\n')}' > ${action.dir}/${action.path}`;
    case 'publishRelease':
      return `# a month later, ${action.name} ${action.version} is published:\ncp -r ${action.dir}/releases/${action.name}/${action.version} ${action.dir}/vendor-index/${action.name}/`;
    case 'build':
      return `DOCKER_BUILDKIT=0 docker build -t ${action.tag}${action.dockerfile && action.dockerfile !== 'Dockerfile' ? ` -f ${action.dir}/${action.dockerfile}` : ''} ${action.dir}`;
    case 'run': {
      const p = action.port;
      const publish = p ? ` -p ${p.hostIp}:${p.host ?? ''}:${p.container}` : '';
      const restart =
        action.restart && action.restart !== 'no'
          ? ` --restart ${action.restart}${action.restart === 'on-failure' && action.maxRetries !== undefined ? `:${action.maxRetries}` : ''}`
          : '';
      const env = Object.entries(action.env ?? {})
        .map(([k, v]) => ` -e ${k}=${v}`)
        .join('');
      const envFile = action.envFile ? ` --env-file ${action.envFile}` : '';
      const h = action.health;
      const health = h
        ? ` --health-cmd '${h.cmd}' --health-interval ${h.intervalSeconds}s --health-retries ${h.retries}`
        : '';
      return `docker run -d --name ${action.name}${restart}${env}${envFile}${health}${publish} ${action.image}`;
    }
    case 'exec':
      return `docker exec ${action.container} ${action.cmd.join(' ')}`;
    case 'removeFile':
      return `rm -rf ${action.dir}/${action.path}`;
    case 'saveImage':
      return `docker save ${action.image} -o ${action.dir}/${action.path}`;
    case 'removeContainer':
      return `docker rm -f ${action.name}`;
    case 'curl':
      return `curl -s http://127.0.0.1:$(docker port ${action.container} 8000 | cut -d: -f2)${action.path}`;
  }
}

/**
 * The Kubernetes-shaped steps the rest of the lab reads (the UI's step list, the scenario pack test,
 * the CLI's step count). Their checks never run: the Docker session evaluates the Docker checks.
 */
export function kubeShapedSteps(steps: readonly DockerStepDefinition[]): StepDefinition[] {
  return steps.map((s) => ({
    id: s.id,
    title: s.title,
    text: s.text,
    start: { manifests: [] },
    checks: s.checks.map((c) => ({
      id: c.id,
      title: c.title,
      hints: c.hints,
      evaluate: () => ({ passed: false, message: 'this check runs only on the docker backend' }),
    })),
    solution: s.solution.map((a): SolutionAction => ({
      do: 'waitUntil',
      what: describeDockerAction(a),
      until: () => true,
      timeoutSeconds: 0,
    })),
    settleSeconds: s.settleSeconds,
    explanation: s.explanation,
  }));
}

// ------------------------------------------------------------------------------------------------
// Pure helpers the checks share.

export function buildsOfStep(ctx: DockerCheckContext, tag?: string): BuildRecord[] {
  return ctx.builds.filter((b) => b.stepIndex === ctx.stepIndex && (!tag || b.tag === tag));
}

/** The step whose instruction starts with `prefix` (e.g. "COPY app/"). */
export function stepStarting(build: BuildRecord, prefix: string): BuildStepRecord | undefined {
  return build.steps.find((s) => s.instruction.startsWith(prefix));
}

/** What a build installed, as name -> version: the image's /deps/installed.txt, else the build output. */
export function installedBy(build: BuildRecord): Record<string, string> {
  const installed: Record<string, string> = {};
  // The image's own record wins: a cached install step printed nothing in this build.
  if (build.installed !== undefined) {
    for (const line of build.installed.split('\n')) {
      const m = /^([A-Za-z0-9_.-]+)==([A-Za-z0-9_.-]+)$/.exec(line.trim());
      if (m?.[1] && m[2]) installed[m[1]] = m[2];
    }
    return installed;
  }
  for (const s of build.steps)
    for (const line of s.output) {
      const m = /^Installed ([A-Za-z0-9_.-]+)==([A-Za-z0-9_.-]+)$/.exec(line.trim());
      if (m?.[1] && m[2]) installed[m[1]] = m[2];
    }
  return installed;
}

export function lessonContainers(ctx: DockerCheckContext, image: string): ContainerRecord[] {
  return ctx.containers.filter((c) => c.image === image);
}

export function answer(c: ContainerRecord, path: string): HttpAnswer | undefined {
  return c.answers.find((a) => a.path === path);
}

/** The containers of an image with their inspect data, newest first is not promised: listing order. */
export function inspected(
  ctx: DockerCheckContext,
  image: string,
): Array<ContainerRecord & { inspect: ContainerInspection }> {
  return lessonContainers(ctx, image).filter(
    (c): c is ContainerRecord & { inspect: ContainerInspection } => c.inspect !== undefined,
  );
}

/** The layer of the dependency install (RUN ... install-deps.sh) in an image's history. */
export function installLayer(layers: readonly LayerRecord[]): LayerRecord | undefined {
  return layers.find((l) => l.createdBy.includes('install-deps.sh') && !l.createdBy.includes('#(nop)'));
}

/** The layer of the code COPY (COPY app/ /app/) in an image's history. */
export function codeLayer(layers: readonly LayerRecord[]): LayerRecord | undefined {
  return layers.find((l) => /#\(nop\) COPY \S+ in \/app\/?\s*$/.test(l.createdBy));
}
