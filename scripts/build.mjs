// Builds everything the hosts run: the renderer (Vite), the CLI/engine bundle, and Electron's main
// and preload (esbuild). `npm install` runs it (prepare), and so do `npm start` and the e2e tests.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();
const quiet = process.argv.includes('--quiet');

await viteBuild({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'error' : 'warn' });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Dependencies load from node_modules at run time; only our own code is bundled.
  packages: 'external',
  define: { 'process.env.DEPLOY_LAB_VERSION': JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

await Promise.all([
  esbuild({
    ...common,
    entryPoints: [`${root}/core/cli/cli.ts`],
    format: 'esm',
    outfile: `${root}/out/cli/cli.mjs`,
  }),
  esbuild({
    ...common,
    entryPoints: [`${root}/electron/main/main.ts`],
    format: 'esm',
    outfile: `${root}/out/electron/main.mjs`,
  }),
  // A sandboxed preload must be a single CommonJS file that requires nothing but 'electron'.
  esbuild({
    ...common,
    packages: undefined,
    external: ['electron'],
    entryPoints: [`${root}/electron/preload/preload.ts`],
    format: 'cjs',
    outfile: `${root}/out/electron/preload.cjs`,
  }),
]);

if (!quiet) console.log(`deploy-lab: built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
