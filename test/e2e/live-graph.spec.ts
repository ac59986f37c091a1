import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing } from '../support/chromium';
import { startWebLab, type RunningLab } from '../support/web-lab';

let lab: RunningLab;
const missing = chromiumMissing();
const cacheDir = mkdtempSync(join(tmpdir(), 'deploy-lab-kubectl-cache-'));

function kubectl(...args: string[]): string {
  return execFileSync('kubectl', ['--cache-dir', cacheDir, ...args], {
    env: { ...process.env, KUBECONFIG: lab.kubeconfig },
    encoding: 'utf8',
  });
}

test.beforeAll(async () => {
  lab = await startWebLab();
});

test.afterAll(async () => {
  await lab?.stop();
});

test('what kubectl does to the embedded cluster appears in the graph', async ({ page }) => {
  test.skip(missing !== undefined, missing);
  await page.goto(lab.url);
  await expect(page.locator('.react-flow__node[data-id^="node/"]')).toHaveCount(3);

  kubectl('create', 'deployment', 'web', '--image=deploy-lab/pyweb:1.0', '--replicas=3');
  kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=8000');
  await expect(page.locator('.react-flow__node[data-id="deployment/default/web"]')).toContainText('web');
  await expect(page.locator('.react-flow__node[data-id^="pod/"]')).toHaveCount(3, { timeout: 20_000 });
  await expect(page.locator('.react-flow__node[data-id="service/default/web"]')).toContainText(
    '3 endpoints',
    { timeout: 20_000 },
  );
  await page.screenshot({ path: 'test-results/graph-deployed.png' });

  kubectl('scale', 'deployment', 'web', '--replicas=5');
  await expect(page.locator('.react-flow__node[data-id^="pod/"]')).toHaveCount(5, { timeout: 20_000 });
  await page.screenshot({ path: 'test-results/graph-scaled.png' });
});
