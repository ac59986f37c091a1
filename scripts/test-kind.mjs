// `npm run test:kind`: every scenario that supports kind, run with its solution (--auto) on a real kind
// cluster. Needs kind and a Docker engine; this is how the scenario pack is checked against the real
// thing (CI machines have no kind, so `npm test` runs the pack on the embedded cluster instead).
import { spawnSync } from 'node:child_process';
import { EXPECTED_SPREAD_S, matchesPace, measurePace } from './pace-check.mjs';

const cli = ['bin/deploy-lab.mjs'];
const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const missing = [
  !has('kind', ['version']) && 'kind',
  !has('docker', ['info']) && 'a running Docker engine',
].filter(Boolean);
if (missing.length > 0) {
  console.error(
    `test:kind needs ${missing.join(' and ')}; nothing was run. See \`deploy-lab doctor\` for how to install them.`,
  );
  process.exit(1);
}

const run = (args, opts = {}) =>
  spawnSync(process.execPath, [...cli, ...args], { encoding: 'utf8', ...opts });
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const up = run(['kind', 'up', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
if (up.status !== 0) process.exit(up.status ?? 1);
const { kubeconfigPath } = JSON.parse(up.stdout.trim().split('\n').pop());

const scenarios = JSON.parse(run(['scenarios', '--json']).stdout).filter((s) => s.backends.includes('kind'));
const results = [];
for (const scenario of scenarios) {
  const started = Date.now();
  // The kind configs map NodePort 30080 to 127.0.0.1: the load generator sends real HTTP there.
  const result = run(
    [
      'run',
      scenario.id,
      '--backend',
      'kind',
      '--kubeconfig',
      kubeconfigPath,
      '--auto',
      '--traffic-url',
      'http://127.0.0.1:30080/',
    ],
    { stdio: 'inherit' },
  );
  results.push({
    id: scenario.id,
    passed: result.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
  });
}
// The embedded cluster's pace of pod creation (the ReplicaSet controller's client limit), held to kind's.
{
  const started = Date.now();
  let passed = false;
  try {
    const { spreadS } = await measurePace(kubeconfigPath);
    passed = matchesPace(spreadS);
    console.log(
      `kind created 100 pods over ${spreadS} s; the embedded cluster over ${EXPECTED_SPREAD_S.min}-${EXPECTED_SPREAD_S.max} s`,
    );
  } catch (e) {
    console.error(`pace check: ${e instanceof Error ? e.message : String(e)}`);
  }
  results.push({ id: 'pod creation pace', passed, seconds: Math.round((Date.now() - started) / 1000) });
}
for (const r of results) console.log(`${r.passed ? 'PASS' : 'FAIL'} ${r.id} (${r.seconds} s)`);
const failed = results.filter((r) => !r.passed).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
