/**
 * docker-build: read a Dockerfile ordered dependencies-first, build it with visible layers, see the
 * dependency layers come from cache after a code edit (and miss it when the code is copied first),
 * then run the image with a port published on 127.0.0.1 and answer over HTTP. Docker backend only.
 */
import {
  answer,
  buildsOfStep,
  kubeShapedSteps,
  lessonContainers,
  LESSON_LABEL,
  stepStarting,
  type BuildRecord,
  codeLayer,
  installLayer,
  type DockerAction,
  type DockerCheckContext,
  type DockerScenarioDefinition,
  type DockerStepDefinition,
} from './docker-kit';
import { dockerBuildMachine } from './docker-build.machine';
import { dockerBuildMeta } from './scenario.meta';

export const LESSON_TAG = 'deploy-lab/pyweb-lesson:1.0';
const DIR = 'pyweb-lesson';
const INSTALL = 'RUN sh /deps/install-deps.sh';
const CODE = 'COPY app/';

const prepareContext: DockerAction = {
  do: 'prepareContext',
  dir: DIR,
  // The offline sample app's code, with the lesson's Dockerfile, requirements and package index on top.
  sources: ['pyweb-offline', 'pyweb-lesson'],
};
const baselineBuild: DockerAction = { do: 'build', name: 'baseline', dir: DIR, tag: LESSON_TAG };

function latestBuild(builds: readonly BuildRecord[]): BuildRecord | undefined {
  return builds.filter((b) => b.ok).at(-1);
}

function stepLabel(build: BuildRecord, prefix: string): string {
  const s = stepStarting(build, prefix);
  return s ? `step ${s.step} (${s.instruction})` : prefix;
}

/**
 * Step 1 for a build the lab did not run (typed at a terminal): its progress was not seen, but
 * `docker history` still shows one layer per instruction and their order.
 */
function fromHistory(ctx: DockerCheckContext) {
  const layers = ctx.image(LESSON_TAG) ? ctx.layers(LESSON_TAG) : undefined;
  const install = layers ? installLayer(layers) : undefined;
  const code = layers ? codeLayer(layers) : undefined;
  if (!layers || !install || !code)
    return { passed: false, message: `No build of ${LESSON_TAG} from the lesson's Dockerfile yet.` };
  return {
    passed: true,
    message: `${layers.length} layers (docker history): dependencies at layer ${layers.indexOf(install) + 1}, code at layer ${layers.indexOf(code) + 1}.`,
  };
}

/**
 * Step 2 for rebuilds made by hand: compare the layer ids of the image now with the image the step
 * started from. A layer taken from cache keeps its id; a layer that ran again gets a new one.
 */
function rebuiltFromHistory(ctx: DockerCheckContext, what: 'code' | 'deps') {
  const before = ctx.startImages[LESSON_TAG];
  const now = ctx.image(LESSON_TAG)?.id;
  if (!now || !before || now === before)
    return {
      passed: false,
      message: 'No rebuild in this step yet: change one line under app/ and build again.',
    };
  const old = ctx.layers(before) ?? [];
  const cur = ctx.layers(now) ?? [];
  const [oldCode, curCode, oldDeps, curDeps] = [
    codeLayer(old),
    codeLayer(cur),
    installLayer(old),
    installLayer(cur),
  ];
  if (!curCode || !curDeps || !oldDeps)
    return {
      passed: false,
      message: `The rebuilt ${LESSON_TAG} lacks the install or the code layer (docker history).`,
    };
  if (curCode.id === '<missing>' || curDeps.id === '<missing>')
    return {
      passed: false,
      message: 'The layers have no ids (BuildKit): build with DOCKER_BUILDKIT=0 so the cache is visible.',
    };
  if (what === 'code')
    return curCode.id === oldCode?.id
      ? {
          passed: false,
          message:
            'The rebuild reused the code layer: nothing under app/ changed. Edit a line of app/lib.sh first.',
        }
      : { passed: true, message: 'The code layer is new: the code changed.' };
  if (curDeps.id === oldDeps.id)
    return {
      passed: true,
      message: 'The dependency layer has the same id as before the edit: it came from cache ("Using cache").',
    };
  return cur.indexOf(curCode) < cur.indexOf(curDeps)
    ? {
        passed: false,
        message: `The install layer was rebuilt: this Dockerfile has ${CODE} before the install, so every code edit invalidates the dependency layer. Copy requirements.txt and install first, the code after.`,
      }
    : {
        passed: false,
        message:
          'The install layer was rebuilt although it comes before the code: requirements.txt or vendor-index/ changed, or the build used --no-cache.',
      };
}

const buildStep: DockerStepDefinition = {
  id: 'build',
  title: 'Build the image with visible layers',
  text: 'steps/01-build.md',
  start: [prepareContext],
  checks: [
    {
      id: 'image-exists',
      title: `${LESSON_TAG} exists and was built from the lesson context`,
      evaluate(ctx) {
        const image = ctx.image(LESSON_TAG);
        if (!image)
          return {
            passed: false,
            message: `There is no image ${LESSON_TAG} yet: build it with -t ${LESSON_TAG}.`,
          };
        if (image.labels[LESSON_LABEL] !== 'pyweb-lesson')
          return {
            passed: false,
            message: `${LESSON_TAG} exists but lacks the label ${LESSON_LABEL}=pyweb-lesson: it was not built from the lesson's Dockerfile.`,
          };
        return { passed: true, message: `${LESSON_TAG} is image ${image.id.slice(7, 19)}.` };
      },
      hints: [
        'The tag goes after -t: docker build -t deploy-lab/pyweb-lesson:1.0 pyweb-lesson',
        'The last argument is the build context folder: the one holding the Dockerfile the lab copied.',
      ],
    },
    {
      id: 'steps-reported',
      title: 'the build reported its steps, dependencies before code',
      evaluate(ctx) {
        const build = latestBuild(buildsOfStep(ctx, LESSON_TAG));
        if (!build) return fromHistory(ctx);
        const install = stepStarting(build, INSTALL);
        const code = stepStarting(build, CODE);
        if (!install || !code)
          return {
            passed: false,
            message: `The build has no "${INSTALL}" or "${CODE}" step: was it the lesson's Dockerfile?`,
          };
        const ran = build.steps.filter((s) => !s.cached).length;
        return {
          passed: true,
          message: `${build.steps.length} steps (${ran} ran, ${build.steps.length - ran} from cache); dependencies at step ${install.step}, code at step ${code.step}.`,
        };
      },
      hints: [
        'Use the classic builder so every step is printed: DOCKER_BUILDKIT=0 docker build ...',
        'Count the "Step N/M" lines: one per Dockerfile instruction.',
      ],
    },
  ],
  solution: [{ do: 'build', name: 'first', dir: DIR, tag: LESSON_TAG }],
  settleSeconds: 5,
  explanation:
    'Each Dockerfile instruction made one layer, in order. The dependency install sits above the code on purpose: layers are reused from cache only while every instruction before them (and the files they copy) is unchanged, so code that changes often belongs at the bottom.',
};

const cacheStep: DockerStepDefinition = {
  id: 'cache',
  title: 'Rebuild after a one-line code change: dependencies from cache',
  text: 'steps/02-cache.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'code-rebuilt',
      title: 'a rebuild after a code change (COPY app/ ran again)',
      evaluate(ctx) {
        const build = latestBuild(buildsOfStep(ctx, LESSON_TAG));
        if (!build) return rebuiltFromHistory(ctx, 'code');
        const code = stepStarting(build, CODE);
        if (!code) return { passed: false, message: `The last build has no "${CODE}" step.` };
        if (code.cached)
          return {
            passed: false,
            message: `The rebuild took ${stepLabel(build, CODE)} from cache: nothing under app/ changed. Edit a line of app/lib.sh first.`,
          };
        return { passed: true, message: `${stepLabel(build, CODE)} ran again: the code changed.` };
      },
      hints: [
        "Append a comment line: echo '# edit' >> pyweb-lesson/app/lib.sh",
        'Then build again with the same tag.',
      ],
    },
    {
      id: 'deps-cached',
      title: 'the dependency layer came from cache ("Using cache")',
      evaluate(ctx) {
        const builds = buildsOfStep(ctx, LESSON_TAG);
        const build = latestBuild(builds);
        if (!build) return rebuiltFromHistory(ctx, 'deps');
        const install = stepStarting(build, INSTALL);
        const code = stepStarting(build, CODE);
        if (!install || !code)
          return { passed: false, message: `The last build lacks "${INSTALL}" or "${CODE}".` };
        const before = ctx.builds.filter((b) => b.ok && b !== build).at(-1);
        const compared = before
          ? ` (the previous build, "${before.name}", had it at step ${stepStarting(before, INSTALL)?.step ?? '?'})`
          : '';
        if (install.cached) {
          const prev = build.steps.find((s) => s.step === code.step - 1);
          return {
            passed: true,
            message: `Step ${prev?.step ?? install.step} before the code COPY said "Using cache": the dependencies were not installed again.`,
          };
        }
        if (code.step < install.step)
          return {
            passed: false,
            message: `Step ${install.step} (${INSTALL}) ran again${compared}: this Dockerfile has ${CODE} at step ${code.step}, before the install, so every code edit invalidates the dependency layer. Copy requirements.txt and install first, the code after.`,
          };
        return {
          passed: false,
          message: `Step ${install.step} (${INSTALL}) ran again although it comes before the code: requirements.txt or vendor-index/ changed, or the build used --no-cache.`,
        };
      },
      hints: [
        'Use the lesson Dockerfile (dependencies first), not Dockerfile.code-first.',
        'Only app/ should change between the two builds; leave requirements.txt and vendor-index/ alone.',
      ],
    },
  ],
  solution: [
    { do: 'appendLine', dir: DIR, path: 'app/lib.sh', line: '# lesson: a one-line code change' },
    { do: 'build', name: 'after-edit', dir: DIR, tag: LESSON_TAG },
  ],
  settleSeconds: 5,
  explanation:
    'The builder compares each instruction and the checksums of the files it copies with the cached layer. requirements.txt did not change, so the install layer was reused; app/ did, so only its COPY and what follows ran. With the code copied first, any edit forces the install to run again.',
};

const runStep: DockerStepDefinition = {
  id: 'run',
  title: 'Run it on 127.0.0.1 and curl it',
  text: 'steps/03-run.md',
  start: [prepareContext, baselineBuild],
  checks: [
    {
      id: 'running',
      title: `a container of ${LESSON_TAG} is running`,
      evaluate(ctx) {
        const running = lessonContainers(ctx, LESSON_TAG).filter((c) => c.running);
        if (running.length === 0)
          return {
            passed: false,
            message: `No container of ${LESSON_TAG} is running: docker run -d ... ${LESSON_TAG}`,
          };
        return { passed: true, message: `${running.map((c) => c.name).join(', ')} running.` };
      },
      hints: ['docker run -d --name pyweb-lesson -p 127.0.0.1:8080:8000 deploy-lab/pyweb-lesson:1.0'],
    },
    {
      id: 'loopback',
      title: 'its port is published on 127.0.0.1 only',
      evaluate(ctx) {
        const running = lessonContainers(ctx, LESSON_TAG).filter((c) => c.running);
        const open = running.filter((c) => c.ports.some((p) => p.hostIp !== '127.0.0.1'));
        if (open[0])
          return {
            passed: false,
            message: `${open[0].name} publishes on ${open[0].ports.map((p) => `${p.hostIp}:${p.host}`).join(', ')}: reachable from your whole network. Publish with -p 127.0.0.1:8080:8000.`,
          };
        const published = running.filter((c) => c.ports.length > 0);
        if (!published[0])
          return {
            passed: false,
            message: `No running container publishes a port (docker run without -p): the app listens only inside Docker's network. Add -p 127.0.0.1:8080:8000.`,
          };
        return {
          passed: true,
          message: `${published[0].name} publishes 127.0.0.1:${published[0].ports[0]?.host ?? ''}.`,
        };
      },
      hints: ['-p takes address:host-port:container-port; the app listens on 8000 in the container.'],
    },
    {
      id: 'reachable',
      title: 'GET / over HTTP answers with the version',
      evaluate(ctx) {
        const running = lessonContainers(ctx, LESSON_TAG).filter((c) => c.running);
        if (running.length === 0)
          return { passed: false, message: 'Nothing to curl: no container is running.' };
        const reachable = running.filter((c) => c.ports.length > 0);
        if (reachable.length === 0)
          return {
            passed: false,
            message: `curl cannot reach the app: ${running.map((c) => c.name).join(', ')} publishes no port on this machine (run it with -p 127.0.0.1:8080:8000).`,
          };
        for (const c of reachable) {
          const root = answer(c, '/');
          if (root?.status === 200 && /"version":"1\.0"/.test(root.body ?? ''))
            return { passed: true, message: `${root.url} answered ${root.body?.trim() ?? ''}` };
        }
        const root = reachable[0] ? answer(reachable[0], '/') : undefined;
        return {
          passed: false,
          message: `GET ${root?.url ?? '/'} did not answer with the version: ${root?.error ?? `HTTP ${root?.status ?? '?'} ${root?.body ?? ''}`}`,
        };
      },
      hints: [
        'curl -s http://127.0.0.1:8080/ (the host port you published)',
        'docker logs pyweb-lesson shows why the app did not start.',
      ],
    },
  ],
  solution: [
    { do: 'run', name: 'pyweb-lesson', image: LESSON_TAG, port: { container: 8000, hostIp: '127.0.0.1' } },
    { do: 'curl', container: 'pyweb-lesson', path: '/' },
  ],
  settleSeconds: 15,
  explanation:
    "docker run started the image as a container; -p 127.0.0.1:PORT:8000 forwarded a port of this machine's loopback address to the container's 8000, so curl on this machine reaches it and nothing else on the network does. Without an address Docker binds 0.0.0.0 (every interface); without -p the app is reachable only from other containers.",
};

const dockerSteps = [buildStep, cacheStep, runStep];

export const dockerBuildScenario: DockerScenarioDefinition = {
  meta: dockerBuildMeta,
  machine: dockerBuildMachine,
  folder: 'docker-build',
  steps: kubeShapedSteps(dockerSteps),
  docker: { steps: dockerSteps },
};
