/**
 * docker-env-secrets: one image, configured per container at run time (-e, --env-file) instead of
 * rebuilt per environment; then the leak everybody should see once: an API key COPYed into one layer
 * and "removed" by a RUN rm in a later one is still in the image. The learner finds it with docker
 * history / docker save + tar; the check reads the real layers (docker save through the engine) and
 * compares. Finally the image is rebuilt without the key, which now arrives at run time, and the
 * check confirms no layer, history line or image ENV of the new image holds it. Docker backend only.
 */
import {
  answer,
  inspected,
  kubeShapedSteps,
  lessonContainers,
  type ContainerInspection,
  type ContainerRecord,
  type DockerAction,
  type DockerCheckContext,
  type DockerScenarioDefinition,
  type DockerStepDefinition,
  type SavedImage,
  type SavedLayer,
} from '../docker-build/docker-kit';
import { dockerEnvSecretsMachine } from './docker-env-secrets.machine';
import { dockerEnvSecretsMeta } from './scenario.meta';

const REPO = 'deploy-lab/pyweb-secrets';
export const SECRETS_TAG = `${REPO}:1.0`;
export const FIXED_TAG = `${REPO}:fixed`;
const DIR = 'pyweb-secrets';
const STAGING_ENV = `${DIR}/config/staging.env`;
const ANSWER = `${DIR}/found-key.txt`;
const RUNTIME_ENV = `${DIR}/secrets.env`;
/** The key the team's image leaked (apps/pyweb-secrets/secrets/api-key.txt): the solution "finds" it. */
const LEAKED_KEY = 'dlk_live_4f9c2a7e81b3d650';
/** The new key issued after the leak; the learner writes it into secrets.env in step 3. */
const ROTATED_KEY = 'dlk_live_rotated_8d21e6f03a9b47c5';

const prepareContext: DockerAction = {
  do: 'prepareContext',
  dir: DIR,
  // The offline sample app, with this lesson's Dockerfiles, config and the build-time secret on top.
  sources: ['pyweb-offline', 'pyweb-secrets'],
};
// The team's image is built, then the key file leaves the working folder: like anyone who pulls the
// image, the learner has only the image to look at.
const start: DockerAction[] = [
  prepareContext,
  { do: 'build', name: 'team-image', dir: DIR, tag: SECRETS_TAG },
  { do: 'removeFile', dir: DIR, path: 'secrets' },
];

type Inspected = ContainerRecord & { inspect: ContainerInspection };

function envLines(text: string): Array<[string, string]> {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && l.indexOf('=') > 0)
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

function imageEnv(image: SavedImage | undefined): Record<string, string> {
  return Object.fromEntries(envLines((image?.env ?? []).join('\n')));
}

/** "COPY file:ab12... in /tmp/api-key" rather than the full "/bin/sh -c #(nop) COPY ...". */
function instruction(layer: SavedLayer): string {
  const text = layer.createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    // COPY's content hash is 64 hex digits; 12 say which file as well as docker history's short ids.
    .replace(/\b(file|dir):([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1:$2')
    .trim();
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** Files a layer added that a later layer deletes: still in the image, hidden by a whiteout. */
function hiddenFiles(image: SavedImage) {
  const hidden: Array<{ layer: SavedLayer; deletedBy: SavedLayer; path: string; text?: string }> = [];
  for (const layer of image.layers)
    for (const file of layer.files) {
      if (file.deleted) continue;
      const deletedBy = image.layers.find(
        (l) => l.index > layer.index && l.files.some((f) => f.deleted && f.path === file.path),
      );
      if (deletedBy)
        hidden.push({
          layer,
          deletedBy,
          path: file.path,
          ...(file.text !== undefined ? { text: file.text } : {}),
        });
    }
  return hidden;
}

/** Every place of an image that holds `needle`: a layer's file, an instruction (ARG values too), ENV. */
function tracesOf(image: SavedImage, needle: string): string[] {
  const found: string[] = [];
  for (const layer of image.layers) {
    for (const f of layer.files)
      if (!f.deleted && f.text?.includes(needle)) {
        const deleted = image.layers.find(
          (l) => l.index > layer.index && l.files.some((d) => d.deleted && d.path === f.path),
        );
        found.push(
          `layer ${layer.index} (${instruction(layer)}) holds ${f.path}${deleted ? `, which the later layer ${deleted.index} (${instruction(deleted)}) only hides` : ''}`,
        );
      }
    if (layer.createdBy.includes(needle))
      found.push(`layer ${layer.index}'s instruction holds it (docker history shows ARG and ENV values)`);
  }
  const env = image.env.find((e) => e.includes(needle));
  if (env)
    found.push(
      `the image config sets ${env.slice(0, env.indexOf('='))} (docker inspect shows ENV to anyone with the image)`,
    );
  return found;
}

function running(ctx: DockerCheckContext, tag: string): Inspected[] {
  return inspected(ctx, tag).filter((c) => c.running);
}

const configStep: DockerStepDefinition = {
  id: 'config',
  title: 'One image, configured at run time with -e and --env-file',
  text: 'steps/01-config.md',
  start,
  reads: [STAGING_ENV],
  readsImages: [SECRETS_TAG],
  checks: [
    {
      id: 'env-flag',
      title: 'a container answers with a colour set by -e, not the image default',
      evaluate(ctx) {
        const defaults = imageEnv(ctx.saved(SECRETS_TAG));
        const fileEnv = envLines(ctx.files[STAGING_ENV] ?? '');
        const all = running(ctx, SECRETS_TAG).filter(
          // The --env-file container is the next check's.
          (c) => fileEnv.length === 0 || !fileEnv.every(([k, v]) => c.inspect.env[k] === v),
        );
        if (all.length === 0)
          return {
            passed: false,
            message: `No container of ${SECRETS_TAG} is running (apart from an --env-file one): docker run -d --name config-env -e APP_COLOUR=orange -p 127.0.0.1:8081:8000 ${SECRETS_TAG}`,
          };
        const changed = all.filter((c) => c.inspect.env.APP_COLOUR !== defaults.APP_COLOUR);
        for (const c of changed) {
          const root = answer(c, '/');
          if (root?.status === 200 && root.body?.includes(`"colour":"${c.inspect.env.APP_COLOUR ?? ''}"`))
            return {
              passed: true,
              message: `${c.name} answers colour ${c.inspect.env.APP_COLOUR ?? ''} (the image's default is ${defaults.APP_COLOUR ?? '?'}): ${root.body.trim()}`,
            };
        }
        const c = changed[0];
        if (c)
          return {
            passed: false,
            message:
              c.ports.length === 0
                ? `${c.name} runs with APP_COLOUR=${c.inspect.env.APP_COLOUR ?? ''} but publishes no port to ask it: add -p 127.0.0.1:8081:8000.`
                : `${c.name} runs with APP_COLOUR=${c.inspect.env.APP_COLOUR ?? ''} but GET / did not answer with it yet.`,
          };
        return {
          passed: false,
          message: `${all.map((x) => x.name).join(', ')} run${all.length === 1 ? 's' : ''} with the image's default APP_COLOUR=${defaults.APP_COLOUR ?? '?'}: override it with -e APP_COLOUR=orange.`,
        };
      },
      hints: [
        `docker run -d --name config-env -e APP_COLOUR=orange -p 127.0.0.1:8081:8000 ${SECRETS_TAG}`,
        "docker inspect -f '{{json .Config.Env}}' config-env shows the image ENV with yours on top.",
      ],
    },
    {
      id: 'env-file',
      title: 'a container runs with every setting of config/staging.env (--env-file)',
      evaluate(ctx) {
        const fileEnv = envLines(ctx.files[STAGING_ENV] ?? '');
        if (fileEnv.length === 0)
          return {
            passed: false,
            message: `${STAGING_ENV} is empty or missing: it should hold NAME=value lines.`,
          };
        const all = running(ctx, SECRETS_TAG);
        const match = all.filter((c) => fileEnv.every(([k, v]) => c.inspect.env[k] === v));
        if (match.length === 0) {
          const partial = all.find((c) => fileEnv.some(([k, v]) => c.inspect.env[k] === v));
          return {
            passed: false,
            message: partial
              ? `${partial.name} has only some of ${STAGING_ENV}: missing ${fileEnv
                  .filter(([k, v]) => partial.inspect.env[k] !== v)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}.`
              : `No running container of ${SECRETS_TAG} has the settings of ${STAGING_ENV}: docker run ... --env-file ${STAGING_ENV} ...`,
          };
        }
        const pod = fileEnv.find(([k]) => k === 'POD_NAME')?.[1];
        for (const c of match) {
          const root = answer(c, '/');
          if (root?.status === 200 && (!pod || root.body?.includes(`"pod":"${pod}"`)))
            return {
              passed: true,
              message: `${c.name} has ${fileEnv.map(([k, v]) => `${k}=${v}`).join(', ')}: ${root.body?.trim() ?? ''}`,
            };
        }
        return {
          passed: false,
          message: `${match[0]?.name ?? ''} has the settings but GET / did not answer with them: publish a port (-p 127.0.0.1:8082:8000).`,
        };
      },
      hints: [
        `docker run -d --name config-file --env-file ${STAGING_ENV} -p 127.0.0.1:8082:8000 ${SECRETS_TAG}`,
        'The file holds NAME=value lines, no quotes, no export.',
      ],
    },
    {
      id: 'same-image',
      title: 'no rebuild: the configuration changed, the image did not',
      evaluate(ctx) {
        const before = ctx.startImages[SECRETS_TAG];
        const now = ctx.image(SECRETS_TAG)?.id;
        const rebuilt = ctx.builds.filter(
          (b) => b.stepIndex === ctx.stepIndex && b.tag.startsWith(`${REPO}:`),
        );
        if (!now) return { passed: false, message: `${SECRETS_TAG} is gone: reset the step.` };
        if ((before && now !== before) || rebuilt.length > 0)
          return {
            passed: false,
            message: `${SECRETS_TAG} was rebuilt in this step: configuration belongs in the environment at run time; the same image goes to every environment.`,
          };
        const users = lessonContainers(ctx, SECRETS_TAG).length;
        return {
          passed: users > 0,
          message:
            users > 0
              ? `${users} container(s) from the one image ${now.slice(7, 19)}, each with its own settings.`
              : 'No container of the image yet.',
        };
      },
      hints: [
        'Change settings with -e or --env-file on docker run; docker build is not needed for configuration.',
      ],
    },
  ],
  solution: [
    {
      do: 'run',
      name: 'config-env',
      image: SECRETS_TAG,
      env: { APP_COLOUR: 'orange' },
      port: { container: 8000, hostIp: '127.0.0.1' },
    },
    {
      do: 'run',
      name: 'config-file',
      image: SECRETS_TAG,
      envFile: STAGING_ENV,
      port: { container: 8000, hostIp: '127.0.0.1' },
    },
    { do: 'curl', container: 'config-env', path: '/' },
    { do: 'curl', container: 'config-file', path: '/' },
  ],
  settleSeconds: 15,
  explanation:
    'The image\'s ENV lines are defaults; -e and --env-file set the container\'s environment on top, per container, without a rebuild. That is how one tested image goes to staging and production with different settings (the twelve-factor "config in the environment"). In Kubernetes the same values come from a ConfigMap or a Secret.',
};

const findStep: DockerStepDefinition = {
  id: 'find-secret',
  title: 'Find the API key a RUN rm did not remove',
  text: 'steps/02-find-secret.md',
  start,
  reads: [ANSWER],
  readsImages: [SECRETS_TAG],
  checks: [
    {
      id: 'found',
      title: `found-key.txt holds the key that is still in a layer of ${SECRETS_TAG}`,
      evaluate(ctx) {
        const image = ctx.saved(SECRETS_TAG);
        if (!image)
          return { passed: false, message: `${SECRETS_TAG} is gone: reset the step to build it again.` };
        const hidden = hiddenFiles(image).filter((h) => h.text?.trim());
        const given = (ctx.files[ANSWER] ?? '').trim();
        if (!given)
          return {
            passed: false,
            message: `${ANSWER} is empty or missing: write the key you find in the image's layers into it.`,
          };
        const hit = hidden.find(
          (h) => h.text?.trim() === given || (given.length >= 12 && h.text?.includes(given)),
        );
        if (!hit)
          return {
            passed: false,
            message: `${ANSWER} holds "${given.slice(0, 40)}", which is not the content of any file the image hides. docker run shows only the top of the layer stack; look inside the layers.`,
          };
        return {
          passed: true,
          message: `Layer ${hit.layer.index} (${instruction(hit.layer)}) still holds ${hit.path} with that key; layer ${hit.deletedBy.index} (${instruction(hit.deletedBy)}) only added a whiteout that hides it from containers.`,
        };
      },
      hints: [
        'docker history --no-trunc deploy-lab/pyweb-secrets:1.0 lists the instructions: one COPY brought the key, a later RUN removed it.',
        'docker save deploy-lab/pyweb-secrets:1.0 -o pyweb-secrets/image.tar, then tar -xf it: every layer is a tar of its own; list them with tar -tf and look for api-key.',
        'tar -xOf <the layer tar> tmp/api-key prints the file; write it with: ... > pyweb-secrets/found-key.txt',
      ],
    },
  ],
  solution: [
    { do: 'saveImage', image: SECRETS_TAG, dir: DIR, path: 'image.tar' },
    { do: 'writeFile', dir: DIR, path: 'found-key.txt', content: `${LEAKED_KEY}\n` },
  ],
  settleSeconds: 5,
  explanation:
    'An image is a stack of read-only layers, one per instruction. RUN rm cannot change the layer below; it adds a layer with a whiteout entry that hides the file from containers. docker save hands out every layer, so anyone who can pull the image has the key. Squashing afterwards does not help either once the image was pushed: a leaked key is revoked and replaced, not hidden.',
};

const fixStep: DockerStepDefinition = {
  id: 'runtime-secret',
  title: 'Rebuild without the key; give the new key at run time',
  text: 'steps/03-runtime-secret.md',
  start,
  reads: [RUNTIME_ENV],
  readsImages: [SECRETS_TAG, FIXED_TAG],
  checks: [
    {
      id: 'leak-free',
      title: `no layer, history line or ENV of ${FIXED_TAG} holds an API key`,
      evaluate(ctx) {
        const fixed = ctx.saved(FIXED_TAG);
        if (!fixed)
          return {
            passed: false,
            message: `No image ${FIXED_TAG} yet: build it from a Dockerfile without the secret lines (-t ${FIXED_TAG}).`,
          };
        const old = ctx.saved(SECRETS_TAG);
        const leaked = old ? hiddenFiles(old).flatMap((h) => (h.text?.trim() ? [h.text.trim()] : [])) : [];
        const current = envLines(ctx.files[RUNTIME_ENV] ?? '').find(([k]) => k === 'API_KEY')?.[1];
        const keys = [...new Set([...leaked, ...(current ? [current] : [])])];
        for (const key of keys) {
          const traces = tracesOf(fixed, key);
          if (traces.length > 0)
            return {
              passed: false,
              message: `${FIXED_TAG} still holds ${key === current ? 'the new key' : 'the leaked key'}: ${traces.join('; ')}.`,
            };
        }
        const named = fixed.layers.flatMap((l) =>
          l.files
            .filter((f) => !f.deleted && /api-?key/i.test(f.path))
            .map((f) => `${f.path} (layer ${l.index})`),
        );
        if (named.length > 0)
          return {
            passed: false,
            message: `${FIXED_TAG} still has ${named.join(', ')}: the key file is copied into the image.`,
          };
        return {
          passed: true,
          message: `All ${fixed.layers.length} layers of ${FIXED_TAG} read (docker save): no file, instruction or ENV holds an API key.`,
        };
      },
      hints: [
        'Delete the three lines between "build-time secret" markers of pyweb-secrets/Dockerfile (or cp pyweb-secrets/Dockerfile.runtime-secret pyweb-secrets/Dockerfile), then build -t deploy-lab/pyweb-secrets:fixed.',
        'An ARG or ENV with the key is no better: docker history and docker inspect show both.',
      ],
    },
    {
      id: 'key-at-runtime',
      title: 'a container of the new image gets API_KEY when it runs',
      evaluate(ctx) {
        const baked = imageEnv(ctx.saved(FIXED_TAG));
        const all = running(ctx, FIXED_TAG);
        if (all.length === 0)
          return {
            passed: false,
            message: `No container of ${FIXED_TAG} is running: docker run -d --name secrets-fixed --env-file ${RUNTIME_ENV} ... ${FIXED_TAG}`,
          };
        const withKey = all.find((c) => c.inspect.env.API_KEY && baked.API_KEY === undefined);
        if (!withKey)
          return {
            passed: false,
            message:
              baked.API_KEY !== undefined
                ? `${FIXED_TAG} sets API_KEY itself (ENV): give it at run time instead.`
                : `${all.map((c) => c.name).join(', ')} run${all.length === 1 ? 's' : ''} without API_KEY: pass it with --env-file ${RUNTIME_ENV}.`,
          };
        return {
          passed: true,
          message: `${withKey.name} has API_KEY from docker run, not from the image. (docker inspect still shows it to whoever may use docker here: for real secrets mount a file, e.g. Docker or Kubernetes secrets.)`,
        };
      },
      hints: [
        `printf 'API_KEY=${ROTATED_KEY}\\n' > ${RUNTIME_ENV}`,
        `docker run -d --name secrets-fixed --env-file ${RUNTIME_ENV} -p 127.0.0.1:8083:8000 ${FIXED_TAG}`,
      ],
    },
    {
      id: 'rotated',
      title: 'the key in use is not the leaked one',
      evaluate(ctx) {
        const old = ctx.saved(SECRETS_TAG);
        const leaked = old
          ? hiddenFiles(old).flatMap((h) => (h.text?.trim() ? [h.text.trim()] : []))
          : [LEAKED_KEY];
        const withKey = running(ctx, FIXED_TAG).filter((c) => c.inspect.env.API_KEY);
        if (withKey.length === 0)
          return { passed: false, message: 'No container of the new image has an API_KEY yet.' };
        const stale = withKey.find((c) => leaked.includes(c.inspect.env.API_KEY ?? ''));
        if (stale)
          return {
            passed: false,
            message: `${stale.name} runs with the key that leaked in ${SECRETS_TAG}'s layers: anyone who pulled that image has it. Use the new key (revoke the old one).`,
          };
        return {
          passed: true,
          message: `${withKey[0]?.name ?? ''} uses a new key; the leaked one can be revoked.`,
        };
      },
      hints: [
        'The key in the old image is public now: put the new one into secrets.env, not the one you found.',
      ],
    },
  ],
  solution: [
    { do: 'writeFile', dir: DIR, path: 'secrets.env', content: `API_KEY=${ROTATED_KEY}\n` },
    { do: 'copyFile', dir: DIR, from: 'Dockerfile.runtime-secret', to: 'Dockerfile' },
    { do: 'build', name: 'fixed', dir: DIR, tag: FIXED_TAG },
    {
      do: 'run',
      name: 'secrets-fixed',
      image: FIXED_TAG,
      envFile: RUNTIME_ENV,
      port: { container: 8000, hostIp: '127.0.0.1' },
    },
    { do: 'curl', container: 'secrets-fixed', path: '/' },
  ],
  settleSeconds: 15,
  explanation:
    "The new image was built without the key, so none of its layers, history lines or config holds one; the key reaches the container only when it runs. Keep the env file out of the build context (.dockerignore) and out of git. Environment variables are still visible to docker inspect and to the process tree, so real secrets are better mounted as files (docker run -v, Docker/Kubernetes secrets); a key a build needs goes in with BuildKit's RUN --mount=type=secret, which never writes it to a layer.",
};

const dockerSteps = [configStep, findStep, fixStep];

export const dockerEnvSecretsScenario: DockerScenarioDefinition = {
  meta: dockerEnvSecretsMeta,
  machine: dockerEnvSecretsMachine,
  folder: 'docker-env-secrets',
  steps: kubeShapedSteps(dockerSteps),
  docker: { steps: dockerSteps },
};
