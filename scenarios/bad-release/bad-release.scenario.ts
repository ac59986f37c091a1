/**
 * Bad release and rollback: a crash-looping version stalls the rollout until the progress deadline
 * while the old pods keep serving; `rollout undo` restores it; a non-existent tag shows
 * ImagePullBackOff. Checks read pod states seen during the step and the Deployment's conditions.
 */
import { badReleaseMeta } from './scenario.meta';
import { badReleaseMachine } from './bad-release.machine';
import {
  containerImage,
  named,
  noFailedRequests,
  podIsReady,
  podsMatching,
  rolledOut,
  type CheckContext,
  type CheckVerdict,
  type ScenarioDefinition,
} from '../scenario-kit';

const TRAFFIC = { service: 'web', ratePerSecond: 10 };
const GOOD = 'deploy-lab/pyweb:1.0';
const CRASH = 'deploy-lab/pyweb:3.2-crash';
const TYPO = 'deploy-lab/pyweb:9.9';

/** Waiting reasons (CrashLoopBackOff, ImagePullBackOff, ...) pods of "web" showed during the step. */
function waitingReasons(ctx: CheckContext): Set<string> {
  const reasons = new Set<string>();
  const read = (o: { status?: Record<string, unknown> }) => {
    for (const s of (o.status?.containerStatuses ?? []) as { state?: { waiting?: { reason?: string } } }[]) {
      const reason = s.state?.waiting?.reason;
      if (reason) reasons.add(reason);
    }
  };
  for (const e of ctx.timeline)
    if (e.resource === 'pods' && e.object.metadata?.labels?.app === 'web') read(e.object);
  for (const p of podsMatching(ctx, { app: 'web' })) read(p);
  return reasons;
}

function sawReason(ctx: CheckContext, wanted: readonly string[], what: string): CheckVerdict {
  const reasons = waitingReasons(ctx);
  const hit = wanted.find((r) => reasons.has(r));
  return hit
    ? { passed: true, message: `A new pod showed ${hit}.` }
    : { passed: false, message: `No pod of "web" has shown ${wanted.join(' or ')} yet: ${what}.` };
}

function progressCondition(ctx: CheckContext) {
  const d = named(ctx.objects('deployments'), 'web');
  return ((d?.status?.conditions ?? []) as { type?: string; status?: string; reason?: string }[]).find(
    (c) => c.type === 'Progressing',
  );
}

function oldPodsServing(ctx: CheckContext): CheckVerdict {
  const ready = podsMatching(ctx, { app: 'web' }).filter(
    (p) => podIsReady(p) && containerImage(p) === GOOD,
  ).length;
  if (ready < 3)
    return {
      passed: false,
      message: `Only ${ready} pods of 1.0 are ready; the broken release should not have replaced any.`,
    };
  return noFailedRequests(ctx, 'while the release was broken');
}

function rolledBack(ctx: CheckContext): CheckVerdict {
  const d = named(ctx.objects('deployments'), 'web');
  const image = containerImage(d);
  if (image && image !== GOOD) {
    return {
      passed: false,
      message: `Deployment "web" still asks for ${image}: deleting pods only makes the ReplicaSet create new ones from the same template. Roll back with kubectl rollout undo.`,
    };
  }
  return rolledOut(ctx, 'web', GOOD);
}

const progressDeadlineExceeded = (ctx: CheckContext) =>
  progressCondition(ctx)?.reason === 'ProgressDeadlineExceeded';

/** Recovered: back on 1.0, rolled out, and the last 10 s of traffic without a failure. */
function recoveredOnGood(ctx: CheckContext): CheckVerdict {
  const back = rolledBack(ctx);
  if (!back.passed) return back;
  const recent = ctx.requests.filter((r) => r.t >= ctx.now - 10_000);
  const failed = recent.filter((r) => r.outcome !== 'ok').length;
  if (recent.length < 10)
    return { passed: false, message: 'Waiting for 10 s of traffic on the restored version.' };
  return failed === 0
    ? { passed: true, message: `Back on 1.0; the last ${recent.length} requests all succeeded.` }
    : { passed: false, message: `Back on 1.0 but ${failed} of the last ${recent.length} requests failed.` };
}

export const badReleaseScenario: ScenarioDefinition = {
  meta: badReleaseMeta,
  machine: badReleaseMachine,
  folder: 'bad-release',
  drill: {
    start: { manifests: ['web-v1.yaml'], traffic: { service: 'web', ratePerSecond: 20 } },
    faults: [
      {
        name: 'release 2.0 answers HTTP 500 to 30% of requests',
        actions: [
          { do: 'fault', fault: 'injectErrors', args: ['deploy-lab/pyweb:2.0', 0.3] },
          { do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:2.0' },
        ],
        recovery: [{ do: 'rollback', deployment: 'web' }],
      },
      {
        name: 'release 3.0 answers HTTP 500 to half the requests',
        actions: [
          { do: 'fault', fault: 'injectErrors', args: ['deploy-lab/pyweb:3.0', 0.5] },
          { do: 'setImage', deployment: 'web', container: 'web', image: 'deploy-lab/pyweb:3.0' },
        ],
        recovery: [{ do: 'rollback', deployment: 'web' }],
      },
    ],
    detected: (ctx) => ctx.requests.filter((r) => r.outcome !== 'ok').length >= 3,
    recovered: {
      id: 'recovered',
      title: 'Back on 1.0 with no failed request for 10 s',
      evaluate: recoveredOnGood,
      hints: [],
    },
    faultWindowSeconds: 30,
    timeoutSeconds: 600,
  },
  steps: [
    {
      id: 'crash-loop',
      title: 'Ship a release that crashes on start',
      text: 'steps/01-crash-loop.md',
      start: { manifests: ['web-v1.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'crash-loop-seen',
          title: 'The new pod went into CrashLoopBackOff',
          evaluate: (ctx) =>
            sawReason(ctx, ['CrashLoopBackOff'], 'release 3.2-crash has not been rolled out'),
          hints: [
            `\`kubectl set image deployment/web web=${CRASH}\``,
            'Watch with `kubectl get pods -l app=web -w`.',
          ],
        },
        {
          id: 'deadline',
          title: 'The rollout stalled and hit its progress deadline',
          evaluate: (ctx) => {
            const c = progressCondition(ctx);
            return c?.reason === 'ProgressDeadlineExceeded'
              ? {
                  passed: true,
                  message:
                    'Progressing=False, reason ProgressDeadlineExceeded: the Deployment gave up waiting.',
                }
              : {
                  passed: false,
                  message: `The Deployment's Progressing condition is ${c ? `${c.status} (${c.reason})` : 'not set'}; wait for the 60 s deadline.`,
                };
          },
          hints: [
            '`kubectl rollout status deployment/web` waits and then reports that the deadline was exceeded.',
          ],
        },
        {
          id: 'users-served',
          title: 'The 1.0 pods kept serving users',
          evaluate: oldPodsServing,
          hints: [
            'Leave the old pods alone: maxUnavailable rounds down to 0 for 3 replicas, so they stay until the new version is ready.',
          ],
        },
      ],
      solution: [
        { do: 'setImage', deployment: 'web', container: 'web', image: CRASH },
        {
          do: 'waitUntil',
          what: 'the progress deadline is exceeded',
          until: progressDeadlineExceeded,
          timeoutSeconds: 300,
        },
      ],
      settleSeconds: 300,
      explanation:
        'The crashing pod never became ready, so with maxUnavailable 0 (25% of 3, rounded down) no 1.0 pod was removed: users saw nothing. The kubelet restarted the container with growing back-off (CrashLoopBackOff), and after progressDeadlineSeconds the Deployment set Progressing=False with ProgressDeadlineExceeded, the signal a pipeline or alert should act on. Kubernetes does not roll back by itself.',
    },
    {
      id: 'undo',
      title: 'Roll back with rollout undo',
      text: 'steps/02-undo.md',
      start: {
        manifests: ['web-v1.yaml'],
        actions: [
          { do: 'setImage', deployment: 'web', container: 'web', image: CRASH },
          {
            do: 'waitUntil',
            what: 'the new pod crash-loops',
            until: (ctx) => waitingReasons(ctx).has('CrashLoopBackOff'),
            timeoutSeconds: 120,
          },
        ],
        traffic: TRAFFIC,
      },
      checks: [
        {
          id: 'rolled-back',
          title: 'Deployment "web" is back on 1.0 and rolled out',
          evaluate: rolledBack,
          hints: [
            '`kubectl rollout undo deployment/web`',
            '`kubectl rollout history deployment/web` lists the revisions.',
          ],
        },
        {
          id: 'no-crashing-pods',
          title: 'No crash-looping pod is left',
          evaluate: (ctx) => {
            const left = podsMatching(ctx, { app: 'web' }).filter(
              (p) => containerImage(p) === CRASH && !p.metadata?.deletionTimestamp,
            );
            return left.length === 0
              ? { passed: true, message: 'The 3.2-crash ReplicaSet is scaled to 0.' }
              : { passed: false, message: `${left.length} pod(s) of 3.2-crash are still there.` };
          },
          hints: ['After the undo, the ReplicaSet of 3.2-crash is scaled to 0 by the Deployment.'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the rollback'),
          hints: ['Keep the 1.0 pods: the rollback should not need them to restart.'],
        },
      ],
      solution: [{ do: 'rollback', deployment: 'web' }],
      settleSeconds: 180,
      explanation:
        '`rollout undo` copied the pod template of the previous revision back into the Deployment. The Deployment re-adopted the old ReplicaSet (same template hash) and scaled the broken one to 0. It is recorded as a new revision, so `undo` again would go forward to 3.2.',
    },
    {
      id: 'bad-tag',
      title: 'A typo in the image tag',
      text: 'steps/03-bad-tag.md',
      start: { manifests: ['web-v1.yaml'], traffic: TRAFFIC },
      checks: [
        {
          id: 'pull-backoff-seen',
          title: 'The new pod could not pull its image',
          evaluate: (ctx) =>
            sawReason(ctx, ['ImagePullBackOff', 'ErrImagePull'], `release ${TYPO} has not been tried`),
          hints: [
            `\`kubectl set image deployment/web web=${TYPO}\``,
            '`kubectl describe pod` shows the pull error in Events.',
          ],
        },
        {
          id: 'rolled-back',
          title: 'Deployment "web" is back on 1.0',
          evaluate: rolledBack,
          hints: ['`kubectl rollout undo deployment/web`'],
        },
        {
          id: 'zero-failed',
          title: 'No request failed',
          evaluate: (ctx) => noFailedRequests(ctx, 'during the bad release and its rollback'),
          hints: ['The old pods stay until a new one is ready; do not delete them.'],
        },
      ],
      solution: [
        { do: 'setImage', deployment: 'web', container: 'web', image: TYPO },
        {
          do: 'waitUntil',
          what: 'the pull fails',
          until: (ctx) => sawReason(ctx, ['ImagePullBackOff'], '').passed,
          timeoutSeconds: 120,
        },
        { do: 'rollback', deployment: 'web' },
      ],
      settleSeconds: 180,
      explanation:
        'A missing image fails before the container exists: ErrImagePull, then ImagePullBackOff with growing delays. Like the crash loop it never becomes ready, so the old pods keep serving and the fix is the same: roll back, then fix the tag in the pipeline.',
    },
  ],
};
