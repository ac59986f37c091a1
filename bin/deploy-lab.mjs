#!/usr/bin/env node
// The `deploy-lab` command: runs the bundled CLI (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/cli/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(
    'deploy-lab: not built yet (out/cli/cli.mjs is missing). Run `npm run build` in the project.\n',
  );
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv);
