// `npm run bench`: bundles every bench/*.bench.ts with esbuild and runs each in its own Node process
// (so one benchmark's heap does not colour the next), printing what each reports. Figures go in
// BENCHMARKS.md by hand, with the machine's noise.
import { build } from 'esbuild';
import { readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv[2];
const files = (await readdir(`${root}/bench`).catch(() => []))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !only || name.includes(only))
  .sort();
if (files.length === 0) {
  console.log('bench: no benchmarks found in bench/');
  process.exit(0);
}
let failed = 0;
for (const file of files) {
  const outfile = `${root}/out/bench/${file.replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [`${root}/bench/${file}`],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
