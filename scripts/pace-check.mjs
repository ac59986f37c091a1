// The embedded cluster paces pod creation as kube-controller-manager does (20 requests a second,
// burst 30, its events included): 100 replicas appear over about 5 s. This check measures the same
// thing on any cluster through kubectl, so `npm run test:kind` can hold the simulator to kind's pace.
//   node scripts/pace-check.mjs --kubeconfig FILE
// prints one JSON line and exits 1 when the spread is outside what the simulator produces.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const REPLICAS = 100;
/** What core/sim's replicaset.controller.test.ts asserts for the embedded cluster, in seconds. */
export const EXPECTED_SPREAD_S = { min: 4, max: 6 };

/** Creation timestamps have whole seconds: one either side of the expected spread still matches. */
export function matchesPace(spreadS) {
  return spreadS >= EXPECTED_SPREAD_S.min - 1 && spreadS <= EXPECTED_SPREAD_S.max + 1;
}

function kubectl(kubeconfig, args) {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Creates a Deployment of 100, waits for its pods, and returns the seconds between the first and the
 * last pod's creationTimestamp (whole seconds, as the API gives them). Deletes the Deployment after.
 */
export async function measurePace(
  kubeconfig,
  { namespace = 'default', name = 'pace-check', timeoutMs = 120_000 } = {},
) {
  const ns = ['-n', namespace];
  kubectl(kubeconfig, [
    'create',
    'deployment',
    name,
    '--image=deploy-lab/pyweb:1.0',
    `--replicas=${REPLICAS}`,
    ...ns,
  ]);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = kubectl(kubeconfig, [
        'get',
        'pods',
        ...ns,
        '-l',
        `app=${name}`,
        '-o',
        'jsonpath={range .items[*]}{.metadata.creationTimestamp}{"\\n"}{end}',
      ]);
      const times = out
        .split('\n')
        .filter(Boolean)
        .map((t) => Date.parse(t));
      if (times.length >= REPLICAS) {
        const spreadS = (Math.max(...times) - Math.min(...times)) / 1000;
        return { pods: times.length, spreadS };
      }
      if (Date.now() > deadline)
        throw new Error(`only ${times.length} of ${REPLICAS} pods after ${timeoutMs / 1000} s`);
      await sleep(1000);
    }
  } finally {
    kubectl(kubeconfig, ['delete', 'deployment', name, ...ns, '--wait=false']);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--kubeconfig');
  const kubeconfig = i > 0 ? process.argv[i + 1] : process.env.KUBECONFIG;
  if (!kubeconfig) {
    console.error('usage: node scripts/pace-check.mjs --kubeconfig FILE');
    process.exit(2);
  }
  const { pods, spreadS } = await measurePace(kubeconfig);
  const ok = matchesPace(spreadS);
  console.log(JSON.stringify({ check: 'pod creation pace', pods, spreadS, expected: EXPECTED_SPREAD_S, ok }));
  process.exit(ok ? 0 : 1);
}
