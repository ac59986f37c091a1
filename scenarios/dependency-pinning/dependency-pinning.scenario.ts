/**
 * dependency-pinning: the same unpinned requirements.txt built twice "a month apart" installs two
 * different releases of a dependency (the local package index gained a breaking 2.0.0 in between), so
 * the second image fails its health check; pinning the version makes the build reproducible again.
 * No registry is reachable, so the index is a folder of the build context (apps/pyweb-pinning).
 */
import {
  answer,
  buildsOfStep,
  installedBy,
  kubeShapedSteps,
  lessonContainers,
  type BuildRecord,
  type DockerAction,
  type DockerCheckContext,
  type DockerScenarioDefinition,
  type DockerStepDefinition,
} from '../docker-build/docker-kit';
import { dependencyPinningMachine } from './dependency-pinning.machine';
import { dependencyPinningMeta } from './scenario.meta';

const REPO = 'deploy-lab/pyweb-pinning';
export const JANUARY_TAG = `${REPO}:january`;
export const FEBRUARY_TAG = `${REPO}:february`;
export const PINNED_TAG = `${REPO}:pinned`;
const DIR = 'pyweb-pinning';
const PACKAGE = 'greetlib';
const TESTED = '1.4.0';
const REQUIREMENTS = `${DIR}/requirements.txt`;

const prepareContext: DockerAction = {
  do: 'prepareContext',
  dir: DIR,
  // The sample app, the install script of the docker-build lesson, then this lesson's files on top.
  sources: ['pyweb-offline', 'pyweb-lesson', 'pyweb-pinning'],
};
const aMonthLater: DockerAction = { do: 'publishRelease', dir: DIR, name: PACKAGE, version: '2.0.0' };

function okBuilds(ctx: DockerCheckContext): BuildRecord[] {
  return buildsOfStep(ctx).filter((b) => b.ok && b.tag.startsWith(`${REPO}:`));
}

function installed(build: BuildRecord): string {
  return installedBy(build)[PACKAGE] ?? 'nothing';
}

/** /healthz of the newest running container of an image, as a short verdict. */
function health(ctx: DockerCheckContext, tag: string) {
  const c = lessonContainers(ctx, tag)
    .filter((x) => x.running && x.ports.length > 0)
    .at(-1);
  if (!c) return { found: false, ok: false, text: `no running container of ${tag} publishes a port` };
  const h = answer(c, '/healthz');
  const ok = h?.status === 200;
  return {
    found: true,
    ok,
    text: `${c.name}: /healthz ${h?.status === undefined ? (h?.error ?? 'no answer') : `HTTP ${h.status} ${h.body?.trim() ?? ''}`}`,
  };
}

const driftStep: DockerStepDefinition = {
  id: 'drift',
  title: 'Build twice a month apart: the unpinned dependency drifts',
  text: 'steps/01-drift.md',
  start: [prepareContext],
  checks: [
    {
      id: 'drifted',
      title: 'the two builds installed different versions from the same requirements.txt',
      evaluate(ctx) {
        const builds = okBuilds(ctx);
        const first = builds[0];
        const last = builds.at(-1);
        if (!first || !last || first === last)
          return {
            passed: false,
            message: `${builds.length} build(s) in this step: build ${JANUARY_TAG}, publish greetlib 2.0.0 into vendor-index/, then build ${FEBRUARY_TAG}.`,
          };
        if (installed(first) === installed(last))
          return {
            passed: false,
            message: `Both builds installed ${PACKAGE}==${installed(first)}: publish the 2.0.0 release into vendor-index/ between the two builds.`,
          };
        return {
          passed: true,
          message: `The same requirements.txt installed ${PACKAGE}==${installed(first)} in "${first.name}" and ${PACKAGE}==${installed(last)} in "${last.name}".`,
        };
      },
      hints: [
        'Look for "Installed greetlib==" in each build\'s output.',
        'cp -r pyweb-pinning/releases/greetlib/2.0.0 pyweb-pinning/vendor-index/greetlib/ between the builds.',
      ],
    },
    {
      id: 'february-broken',
      title: "January's image is healthy, February's fails /healthz",
      evaluate(ctx) {
        const jan = health(ctx, JANUARY_TAG);
        const feb = health(ctx, FEBRUARY_TAG);
        if (!jan.found || !feb.found)
          return {
            passed: false,
            message: `Run both images with a port on 127.0.0.1: ${jan.found ? feb.text : jan.text}.`,
          };
        if (!jan.ok) return { passed: false, message: `January's image should be healthy: ${jan.text}.` };
        if (feb.ok)
          return {
            passed: false,
            message: `February's image is healthy (${feb.text}): did its build install greetlib 2.0.0?`,
          };
        return { passed: true, message: `${jan.text}; ${feb.text}.` };
      },
      hints: [
        'docker run -d --name pin-january -p 127.0.0.1:8081:8000 deploy-lab/pyweb-pinning:january (and :february on 8082)',
        'curl -s http://127.0.0.1:8082/healthz shows what broke.',
      ],
    },
  ],
  solution: [
    { do: 'build', name: 'january', dir: DIR, tag: JANUARY_TAG },
    aMonthLater,
    { do: 'build', name: 'february', dir: DIR, tag: FEBRUARY_TAG },
    { do: 'run', name: 'pin-january', image: JANUARY_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
    { do: 'run', name: 'pin-february', image: FEBRUARY_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
  ],
  settleSeconds: 15,
  explanation:
    'Nothing in the app or the Dockerfile changed, but "greetlib" without a version means "the newest release on the day of the build". In February that was 2.0.0, a major release that renamed the function the app calls. Docker did exactly what it was told: the build is only as reproducible as its inputs.',
};

const pinStep: DockerStepDefinition = {
  id: 'pin',
  title: 'Pin the version: the build is reproducible again',
  text: 'steps/02-pin.md',
  start: [prepareContext, aMonthLater],
  reads: [REQUIREMENTS],
  checks: [
    {
      id: 'pinned',
      title: 'requirements.txt pins greetlib to an exact version',
      evaluate(ctx) {
        const text = ctx.files[REQUIREMENTS] ?? '';
        const line = text
          .split('\n')
          .map((l) => l.replace(/#.*/, '').trim())
          .find((l) => l.startsWith(PACKAGE));
        if (!line) return { passed: false, message: `requirements.txt does not name ${PACKAGE} at all.` };
        if (!/^greetlib==\S+$/.test(line))
          return {
            passed: false,
            message: `requirements.txt says "${line}": no exact version, so each build takes the newest release. Write ${PACKAGE}==${TESTED}.`,
          };
        return { passed: true, message: `requirements.txt pins ${line}.` };
      },
      hints: [`printf '${PACKAGE}==${TESTED}\\n' > pyweb-pinning/requirements.txt`],
    },
    {
      id: 'reproducible',
      title: `the rebuild installed ${PACKAGE}==${TESTED}, as in January, although 2.0.0 is newest`,
      evaluate(ctx) {
        const build = okBuilds(ctx).at(-1);
        if (!build) return { passed: false, message: `No build in this step yet: build ${PINNED_TAG}.` };
        const got = installed(build);
        if (got !== TESTED)
          return {
            passed: false,
            message: `The build "${build.name}" installed ${PACKAGE}==${got}${got === '2.0.0' ? ', the newest release in the index: the requirement is not pinned to the version the app was tested with' : ''}.`,
          };
        const january = ctx.builds.find((b) => b.ok && b.tag === JANUARY_TAG);
        const same = january ? ` (January's build installed ${PACKAGE}==${installed(january)})` : '';
        return { passed: true, message: `"${build.name}" installed ${PACKAGE}==${got}${same}.` };
      },
      hints: [
        'Rebuild after pinning: DOCKER_BUILDKIT=0 docker build -t deploy-lab/pyweb-pinning:pinned pyweb-pinning',
      ],
    },
    {
      id: 'healthy',
      title: 'the pinned image passes /healthz',
      evaluate(ctx) {
        const h = health(ctx, PINNED_TAG);
        if (!h.found) return { passed: false, message: `Run the pinned image: ${h.text}.` };
        return h.ok
          ? { passed: true, message: `${h.text}.` }
          : { passed: false, message: `The pinned image is not healthy: ${h.text}.` };
      },
      hints: ['docker run -d --name pin-pinned -p 127.0.0.1:8083:8000 deploy-lab/pyweb-pinning:pinned'],
    },
  ],
  solution: [
    { do: 'writeFile', dir: DIR, path: 'requirements.txt', content: `${PACKAGE}==${TESTED}\n` },
    { do: 'build', name: 'pinned', dir: DIR, tag: PINNED_TAG },
    { do: 'run', name: 'pin-pinned', image: PINNED_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
  ],
  settleSeconds: 15,
  explanation:
    'With an exact pin the install step has one possible answer, whatever the index holds that day, so builds a month apart install the same code and behave the same. Upgrades still happen, but as a reviewed change to requirements.txt that a build and its checks test, not as a surprise.',
};

const dockerSteps = [driftStep, pinStep];

export const dependencyPinningScenario: DockerScenarioDefinition = {
  meta: dependencyPinningMeta,
  machine: dependencyPinningMachine,
  folder: 'dependency-pinning',
  steps: kubeShapedSteps(dockerSteps),
  docker: { steps: dockerSteps },
};
