/**
 * The CI/CD pipeline runner the engine provides to scenarios that ask for it (the `pipelineRunner`
 * actor of scenario-machine.ts): a reconcile loop over ConfigMaps in the lab's namespace. A new commit
 * ConfigMap starts a run (`pipeline-run-N`); each run moves through its stages on cluster time (test,
 * build and push take virtual seconds, deploy is a real rollout of the Deployment through core/kube);
 * a manual pipeline stops before deploy until the run is annotated `deploy-lab.io/approved=true`.
 * Everything it knows lives in the cluster, so the learner drives it with kubectl from anywhere, a
 * resumed session picks up where it was, and it behaves the same on the embedded cluster and on kind.
 * The data format and the stage logic are pure, in scenarios/cicd-pipeline/pipeline-model.ts.
 */
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import {
  APPROVED_ANNOTATION,
  COMMIT_RUN_ANNOTATION,
  RUN_LABEL,
  advanceRun,
  isCommit,
  isRun,
  newRun,
  readCommit,
  readPipeline,
  readRun,
  runName,
} from '../../scenarios/cicd-pipeline/pipeline-model';
import { rolledOut, type CheckContext, type KubeObject } from '../../scenarios/scenario-kit';
import type { RealTime } from '../traffic/real-time';
import type { ClockPort, ClusterPort } from './scenario-ports';

export interface PipelineRunnerPorts {
  cluster: ClusterPort;
  clock: ClockPort;
  realTime: RealTime;
}

export interface PipelineRunner {
  /** One reconcile pass (the loop calls it; tests call it directly on a paused clock). */
  tick(): Promise<void>;
  stop(): Promise<void>;
  /** The last error a pass hit (a pass that fails is retried on the next one). */
  lastError(): string | undefined;
}

const FIELD_MANAGER = 'deploy-lab-pipeline';

function isStatus(err: unknown, code: number): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === code;
}

export function createPipelineRunner(
  ports: PipelineRunnerPorts,
  options: { loop?: boolean; pollMs?: number } = {},
): PipelineRunner {
  const { connection, namespace, timeline } = ports.cluster;
  /** Commit uids this runner started a run for (the cache may not show the annotation yet). */
  const started = new Map<string, string>();
  /** Run names created but maybe not in the cache yet, with the uid of the commit that started each. */
  const pending = new Map<string, string>();
  let error: string | undefined;

  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

  async function patchConfigMap(name: string, body: object) {
    await connection.core.patchNamespacedConfigMap(
      { name, namespace, fieldManager: FIELD_MANAGER, body },
      mergePatch,
    );
  }

  async function deploy(data: Record<string, string>, run: string) {
    const deployment = data.deployment ?? 'web';
    const container = data.container ?? 'web';
    // What `kubectl set image` sends, plus the change-cause `kubectl rollout history` shows.
    await connection.apps.patchNamespacedDeployment(
      {
        name: deployment,
        namespace,
        fieldManager: FIELD_MANAGER,
        body: {
          metadata: {
            annotations: {
              'kubernetes.io/change-cause': `${run}: commit ${data.sha ?? ''} (${data.version ?? ''})`,
            },
          },
          spec: { template: { spec: { containers: [{ name: container, image: data.image }] } } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
  }

  function rolloutOf(data: Record<string, string>, now: number) {
    const ctx: CheckContext = {
      namespace,
      backend: 'sim',
      objects: (resource) => timeline.list(resource),
      atStart: () => [],
      timeline: [],
      requests: [],
      stepStartedAt: now,
      now,
    };
    return rolledOut(ctx, data.deployment ?? 'web', data.image);
  }

  async function startRuns(configMaps: KubeObject[], now: number) {
    const pipeline = readPipeline(configMaps);
    if (!pipeline) return;
    const existing = configMaps.filter(isRun).map((o) => o.metadata?.name ?? '');
    for (const name of existing) pending.delete(name);
    // A pending run whose commit is gone was deleted with it (a step reset deletes both, and the
    // cache may never have shown the run): its number is free again.
    const commitUids = new Set(configMaps.filter(isCommit).map((o) => o.metadata?.uid ?? ''));
    for (const [name, uid] of pending) if (!commitUids.has(uid)) pending.delete(name);
    const commits = configMaps
      .filter(isCommit)
      .map(readCommit)
      .filter((c) => !c.run && !started.has(c.uid))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const commit of commits) {
      const numbers = [...existing, ...pending.keys()].map((n) => Number(/(\d+)$/.exec(n)?.[1] ?? 0));
      let n = Math.max(0, ...numbers) + 1;
      for (let attempt = 0; ; attempt += 1) {
        try {
          await connection.core.createNamespacedConfigMap({
            namespace,
            fieldManager: FIELD_MANAGER,
            body: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: {
                name: runName(n),
                namespace,
                labels: { [RUN_LABEL]: String(n), 'app.kubernetes.io/managed-by': 'deploy-lab-pipeline' },
                ...(commit.uid
                  ? {
                      ownerReferences: [
                        { apiVersion: 'v1', kind: 'ConfigMap', name: commit.name, uid: commit.uid },
                      ],
                    }
                  : {}),
              },
              data: newRun(n, commit, pipeline, now),
            },
          });
          break;
        } catch (err) {
          if (!isStatus(err, 409) || attempt >= 8) throw err;
          n += 1;
        }
      }
      pending.set(runName(n), commit.uid);
      started.set(commit.uid, runName(n));
      await patchConfigMap(commit.name, {
        metadata: { annotations: { [COMMIT_RUN_ANNOTATION]: runName(n) } },
      }).catch((err: unknown) => {
        if (!isStatus(err, 404)) throw err;
      });
    }
  }

  async function tick() {
    const now = await ports.clock.sync();
    let configMaps = timeline.list('configmaps');
    await startRuns(configMaps, now);
    configMaps = timeline.list('configmaps');
    const commitNames = new Set(configMaps.filter(isCommit).map((o) => o.metadata?.name ?? ''));
    for (const object of configMaps.filter(isRun)) {
      const run = readRun(object);
      const name = run.name;
      // A run whose commit is gone (a reset deleted it) goes too: the pipeline's history is its commits'.
      if (run.commit && !commitNames.has(run.commit)) {
        if (pending.has(name)) continue;
        // Only the object seen here (a reset may already have created a new run of that name).
        const uid = object.metadata?.uid;
        await connection.core
          .deleteNamespacedConfigMap({
            name,
            namespace,
            ...(uid ? { body: { preconditions: { uid } } } : {}),
          })
          .catch((err: unknown) => {
            if (!isStatus(err, 404) && !isStatus(err, 409)) throw err;
          });
        continue;
      }
      const data = (object.data ?? {}) as Record<string, string>;
      const rollout = data['deploy.status'] === 'running' ? rolloutOf(data, now) : undefined;
      const approved = object.metadata?.annotations?.[APPROVED_ANNOTATION];
      const step = advanceRun(data, {
        now,
        ...(approved !== undefined ? { approved } : {}),
        rolledOut: rollout?.passed ?? false,
        ...(rollout ? { rolloutMessage: rollout.message } : {}),
      });
      if (step.deploy) {
        try {
          await deploy({ ...data, ...step.patch }, name);
        } catch (err) {
          step.patch['deploy.status'] = 'failed';
          step.patch['deploy.end'] = new Date(now).toISOString();
          step.patch['deploy.log'] = `could not update deployment/${data.deployment ?? 'web'}: ${
            err instanceof Error ? err.message : String(err)
          }`;
          step.patch.status = 'failed';
        }
      }
      // Approving a run that stopped before its gate changes nothing; say so on the run.
      if (
        approved === 'true' &&
        (step.patch.status ?? data.status) === 'failed' &&
        !data['deploy.start'] &&
        !step.patch['deploy.start'] &&
        !data.note
      ) {
        step.patch.note =
          'approval ignored: this run failed before its deploy gate, there is nothing to deploy';
      }
      if (Object.keys(step.patch).length > 0) {
        await patchConfigMap(name, { data: step.patch }).catch((err: unknown) => {
          if (!isStatus(err, 404)) throw err;
        });
      }
    }
  }

  let stopped = options.loop === false;
  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
        error = undefined;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      if (stopped) break;
      await ports.realTime.sleep(options.pollMs ?? 100);
    }
  })();

  return {
    tick,
    async stop() {
      stopped = true;
      await loop;
    },
    lastError: () => error,
  };
}
