/**
 * CI/CD pipeline: continuous delivery vs continuous deployment. The pipeline lives in the cluster as
 * ConfigMaps (pipeline-model.ts): the learner pushes commits with kubectl, the engine's pipeline runner
 * runs test -> build -> push -> deploy on cluster time, and the checks read the runs, the Deployment's
 * image history and the traffic ledger. Step 1: a manual approval gate holds the release until a person
 * approves; step 2: a failing test stops the release; step 3: without the gate, a green commit reaches
 * production with no human step.
 */
import { cicdPipelineMeta } from './scenario.meta';
import { cicdPipelineMachine } from './cicd-pipeline.machine';
import { APPROVED_ANNOTATION, readPipeline, runOfCommit, runs, type PipelineRun } from './pipeline-model';
import {
  containerImage,
  historyOf,
  named,
  noFailedRequests,
  rolledOut,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
  type SolutionAction,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 10 };
export const COMMITS = {
  good: { sha: 'a41c2e7', version: '2.0', manifest: 'commit-2.0.yaml' },
  broken: { sha: '5d0b9f3', version: '3.0', manifest: 'commit-3.0-broken.yaml' },
  fixed: { sha: 'e8f21c4', version: '3.0', manifest: 'commit-3.0.yaml' },
} as const;
const image = (version: string) => `deploy-lab/pyweb:${version}`;
/** Stamps of the runner (at its pass) and of the watch (when the change arrived) may differ a little. */
const CLOCK_SLACK_MS = 250;

function at(ms: number | undefined, ctx: CheckContext): string {
  return ms === undefined
    ? '?'
    : `${Math.max(0, Math.round((ms - ctx.stepStartedAt) / 1000))} s into the step`;
}

/** Every change of the Deployment's image during the step, oldest first. */
export function imageChanges(ctx: CheckContext, deployment = 'web'): { t: number; image: string }[] {
  let previous = containerImage(named(ctx.atStart('deployments'), deployment));
  const out: { t: number; image: string }[] = [];
  for (const e of historyOf(ctx, 'deployments', deployment)) {
    if (e.type === 'DELETED') continue;
    const now = containerImage(e.object);
    if (now && now !== previous) out.push({ t: e.t, image: now });
    previous = now;
  }
  return out;
}

function runOf(ctx: CheckContext, sha: string): PipelineRun | undefined {
  return runOfCommit(ctx.objects('configmaps'), sha);
}

function noRun(sha: string, manifest: string): CheckVerdict {
  return {
    passed: false,
    message: `No pipeline run for commit ${sha} yet: push it with kubectl apply -f scenarios/cicd-pipeline/manifests/${manifest}.`,
  };
}

/** "run 2 is at build (running)". */
function whereIs(run: PipelineRun): string {
  const current = run.stages.find((s) => s.status !== 'passed');
  return current
    ? `${run.name} is at ${current.name} (${current.status})`
    : `${run.name} has passed every stage`;
}

function deployedOutsideThePipeline(
  ctx: CheckContext,
  run: PipelineRun | undefined,
): CheckVerdict | undefined {
  const deployStart = run?.stages.find((s) => s.name === 'deploy')?.start;
  const early = imageChanges(ctx).find(
    (c) => deployStart === undefined || c.t < deployStart - CLOCK_SLACK_MS,
  );
  if (!early) return undefined;
  return {
    passed: false,
    message: `Deployment "web" was changed to ${early.image} ${at(early.t, ctx)}, ${
      deployStart === undefined
        ? `but no pipeline run deployed it`
        : `before ${run?.name} started its deploy stage`
    }: that release bypassed the pipeline. Only the pipeline deploys; reset the step and let it decide.`,
  };
}

// --- Step 1: continuous delivery, a manual gate before deploy.

function gateHeld(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.good.sha);
  if (!run) return noRun(COMMITS.good.sha, COMMITS.good.manifest);
  if (run.approval !== 'manual')
    return {
      passed: false,
      message: `${run.name} ran with approval "${run.approval}": this step is about the manual gate. Set approval: manual in the pipeline ConfigMap and reset the step.`,
    };
  if (run.waitingSince === undefined)
    return { passed: false, message: `${whereIs(run)}; it has not reached the approval gate yet.` };
  return {
    passed: true,
    message: `${run.name} stopped at the approval gate ${at(run.waitingSince, ctx)}, with test, build and push passed.`,
  };
}

function nothingBeforeApproval(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.good.sha);
  const decided = run?.decidedAt;
  const early = imageChanges(ctx).find((c) => decided === undefined || c.t < decided - CLOCK_SLACK_MS);
  if (early)
    return {
      passed: false,
      message: `Deployment "web" was changed to ${early.image} ${at(early.t, ctx)}, ${
        decided === undefined ? 'and nobody has approved a run' : `before ${run?.name} was approved`
      }: with continuous delivery nothing reaches production until a person approves. Reset the step and approve the run instead.`,
    };
  return decided === undefined
    ? { passed: true, message: 'Production has not changed: the release waits for a person.' }
    : { passed: true, message: `Production changed only after the approval ${at(decided, ctx)}.` };
}

function approvedAndLive(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.good.sha);
  if (!run) return noRun(COMMITS.good.sha, COMMITS.good.manifest);
  if (run.status === 'waiting-approval')
    return {
      passed: false,
      message: `${run.name} waits for approval: kubectl annotate configmap ${run.name} ${APPROVED_ANNOTATION}=true`,
    };
  if (run.status === 'rejected')
    return {
      passed: false,
      message: `${run.name} was rejected, so 2.0 was not deployed. Reset the step and approve it this time.`,
    };
  if (run.status !== 'succeeded') return { passed: false, message: `${whereIs(run)}.` };
  const live = rolledOut(ctx, 'web', image(COMMITS.good.version));
  return live.passed
    ? { passed: true, message: `${run.name} was approved and deployed 2.0: ${live.message}` }
    : live;
}

// --- Step 2: a failing test stops the release.

function stoppedAtTest(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.broken.sha);
  if (!run) return noRun(COMMITS.broken.sha, COMMITS.broken.manifest);
  const test = run.stages.find((s) => s.name === 'test');
  if (test?.status !== 'failed') return { passed: false, message: `${whereIs(run)}; wait for the tests.` };
  const ran = run.stages.filter((s) => s.name !== 'test' && s.start !== undefined);
  if (ran.length > 0)
    return {
      passed: false,
      message: `${run.name} failed its tests, yet ${ran.map((s) => s.name).join(', ')} ran: a failing test must stop the pipeline.`,
    };
  return {
    passed: true,
    message: `${run.name} stopped at test (${test.log ?? 'failed'}); build, push and deploy never ran.`,
  };
}

function productionUnchanged(ctx: CheckContext): CheckVerdict {
  const bypass = deployedOutsideThePipeline(ctx, runOf(ctx, COMMITS.broken.sha));
  if (bypass) return bypass;
  const live = rolledOut(ctx, 'web', image(COMMITS.good.version));
  return live.passed
    ? { passed: true, message: `Production stayed on 2.0 for the whole step: ${live.message}` }
    : live;
}

// --- Step 3: continuous deployment, no gate.

function automatic(ctx: CheckContext): CheckVerdict {
  const pipeline = readPipeline(ctx.objects('configmaps'));
  if (!pipeline) return { passed: false, message: 'There is no pipeline ConfigMap.' };
  return pipeline.approval === 'automatic'
    ? { passed: true, message: 'The pipeline deploys without approval (continuous deployment).' }
    : {
        passed: false,
        message: `The pipeline's approval is "${pipeline.approval}": set it to automatic (kubectl apply -f scenarios/cicd-pipeline/manifests/pipeline-automatic.yaml).`,
      };
}

function noHumanStep(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.fixed.sha);
  if (!run) return noRun(COMMITS.fixed.sha, COMMITS.fixed.manifest);
  if (run.approval !== 'automatic' || run.waitingSince !== undefined)
    return {
      passed: false,
      message: `${run.name} started while the pipeline was still manual, so it stops at the approval gate. Switch approval to automatic first, then push (reset the step to try again).`,
    };
  if (run.status !== 'succeeded') return { passed: false, message: `${whereIs(run)}.` };
  return {
    passed: true,
    message: `${run.name} went from push to deploy with no person in the loop.`,
  };
}

function deployedByPipeline(ctx: CheckContext): CheckVerdict {
  const run = runOf(ctx, COMMITS.fixed.sha);
  const bypass = deployedOutsideThePipeline(ctx, run);
  if (bypass) return bypass;
  return rolledOut(ctx, 'web', image(COMMITS.fixed.version));
}

/** Every run's commit exists again (the runner removes the runs of commits a reset deleted). */
function runsMatchCommits(ctx: CheckContext): boolean {
  const names = new Set(ctx.objects('configmaps').map((o) => o.metadata?.name));
  return runs(ctx.objects('configmaps')).every((r) => !r.commit || names.has(r.commit));
}

const CLEAN_RUNS: SolutionAction = {
  do: 'waitUntil',
  what: 'the pipeline has forgotten the runs of commits that are gone',
  until: runsMatchCommits,
  timeoutSeconds: 60,
};

const zeroFailed = (during: string) => ({
  id: 'zero-failed',
  title: 'Users saw no failed request',
  evaluate: (ctx: CheckContext) => noFailedRequests(ctx, during),
  hints: [
    'The Deployment has a readiness probe and a preStop pause, so a rollout through the pipeline drops nothing.',
  ],
});

export const cicdPipelineScenario: ScenarioDefinition = {
  meta: cicdPipelineMeta,
  machine: cicdPipelineMachine,
  folder: 'cicd-pipeline',
  steps: [
    {
      id: 'delivery',
      title: 'Continuous delivery: the release waits for a person',
      text: 'steps/01-delivery.md',
      start: {
        manifests: ['app.yaml', 'pipeline.yaml'],
        actions: [CLEAN_RUNS],
        traffic: TRAFFIC,
      },
      checks: [
        {
          id: 'gate-held',
          title: 'The run stopped at the approval gate',
          evaluate: gateHeld,
          hints: [
            'Push the commit: `kubectl apply -f scenarios/cicd-pipeline/manifests/commit-2.0.yaml`, then watch `kubectl get configmap pipeline-run-1 -o yaml -w`.',
            'test takes 20 s, build 30 s, push 10 s of cluster time; then deploy.status is waiting-approval.',
          ],
        },
        {
          id: 'nothing-before-approval',
          title: 'Production did not change before the approval',
          evaluate: nothingBeforeApproval,
          hints: ['Do not touch the Deployment yourself: approving the run is what releases it.'],
        },
        {
          id: 'approved-and-live',
          title: 'The approved run deployed 2.0',
          evaluate: approvedAndLive,
          hints: [
            '`kubectl annotate configmap pipeline-run-1 deploy-lab.io/approved=true`',
            "`kubectl rollout status deployment/web` shows the pipeline's rollout.",
          ],
        },
        zeroFailed('during the release'),
      ],
      solution: [
        { do: 'apply', manifest: COMMITS.good.manifest },
        {
          do: 'waitUntil',
          what: `the run of commit ${COMMITS.good.sha} waits for approval`,
          until: (ctx) => runOf(ctx, COMMITS.good.sha)?.status === 'waiting-approval',
          timeoutSeconds: 180,
        },
        {
          do: 'annotate',
          kind: 'ConfigMap',
          name: 'pipeline-run-1',
          annotations: { [APPROVED_ANNOTATION]: 'true' },
        },
      ],
      settleSeconds: 240,
      explanation:
        'Continuous delivery: every commit that passes test, build and push is ready to release, but a person decides when. The run held at the gate while production stayed on 1.0; the approval (an annotation, like a button in a CI system) let the deploy stage roll out 2.0, with the readiness probe keeping every request served.',
    },
    {
      id: 'failing-test',
      title: 'A failing test stops the release',
      text: 'steps/02-failing-test.md',
      start: {
        manifests: ['app-2.0.yaml', 'pipeline.yaml', 'released-2.0.yaml'],
        actions: [CLEAN_RUNS],
        traffic: TRAFFIC,
      },
      checks: [
        {
          id: 'stopped-at-test',
          title: 'The run stopped at its test stage',
          evaluate: stoppedAtTest,
          hints: [
            'Push the commit: `kubectl apply -f scenarios/cicd-pipeline/manifests/commit-3.0-broken.yaml`.',
            "`kubectl get configmap pipeline-run-2 -o jsonpath='{.data.test\\.log}'` shows which test failed.",
          ],
        },
        {
          id: 'production-unchanged',
          title: 'Production stayed on 2.0',
          evaluate: productionUnchanged,
          hints: [
            'Do not ship 3.0 by hand (kubectl set image): the failing test is the pipeline telling you it is broken.',
            'Approving a run that failed its tests does nothing: there is nothing to deploy.',
          ],
        },
        zeroFailed('while the broken commit went through the pipeline'),
      ],
      solution: [
        { do: 'apply', manifest: COMMITS.broken.manifest },
        {
          do: 'waitUntil',
          what: `the run of commit ${COMMITS.broken.sha} has failed its tests`,
          until: (ctx) => runOf(ctx, COMMITS.broken.sha)?.status === 'failed',
          timeoutSeconds: 120,
        },
      ],
      settleSeconds: 90,
      explanation:
        "The test stage is the gate no person has to watch: the broken commit never became an image, never reached the registry and never reached the cluster. Production kept serving 2.0 without a single failed request, and the run's log says which test to fix.",
    },
    {
      id: 'deployment',
      title: 'Continuous deployment: no gate',
      text: 'steps/03-deployment.md',
      start: {
        manifests: ['app-2.0.yaml', 'pipeline.yaml', 'released-2.0.yaml', 'rejected-3.0.yaml'],
        actions: [CLEAN_RUNS],
        traffic: TRAFFIC,
      },
      checks: [
        {
          id: 'automatic',
          title: 'The pipeline deploys without approval',
          evaluate: automatic,
          hints: [
            '`kubectl apply -f scenarios/cicd-pipeline/manifests/pipeline-automatic.yaml` (approval: automatic)',
          ],
        },
        {
          id: 'no-human-step',
          title: 'The fixed commit went to production with no human step',
          evaluate: noHumanStep,
          hints: [
            'Switch the pipeline to automatic first, then push: `kubectl apply -f scenarios/cicd-pipeline/manifests/commit-3.0.yaml`.',
            'A run keeps the approval mode it started with, as a CI system keeps the pipeline definition of its commit.',
          ],
        },
        {
          id: 'deployed-by-pipeline',
          title: 'The pipeline rolled out 3.0',
          evaluate: deployedByPipeline,
          hints: ['`kubectl rollout history deployment/web` shows which run deployed each revision.'],
        },
        zeroFailed('during the automatic release'),
      ],
      solution: [
        { do: 'apply', manifest: 'pipeline-automatic.yaml' },
        { do: 'apply', manifest: COMMITS.fixed.manifest },
      ],
      settleSeconds: 300,
      explanation:
        'Continuous deployment: the same pipeline without the gate, so every commit that passes its tests goes to production on its own. It only works because the tests are trusted (step 2) and the rollout is safe (readiness probe, rolling update, 0 failed requests); the approval moved from a person to the test suite.',
    },
  ],
};
