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

test.beforeAll(async () => {
  lab = await startWebLab();
});
test.afterAll(async () => {
  await lab?.stop();
});

test('a learner plays "First deployment" through the UI: a failing check, a hint, kubectl, then show me to the end', async ({
  page,
}) => {
  test.skip(missing !== undefined, missing);
  test.setTimeout(150_000);
  await page.goto(lab.url);
  await expect(page.getByTestId('cluster-status')).toContainText('Embedded cluster');
  await page.getByRole('button', { name: /^First deployment/ }).click();

  const panel = page.getByTestId('scenario-panel');
  await expect(panel).toContainText('Step 1 of 3');
  await expect(page.getByTestId('scenario-step-title')).toHaveText(
    'Deploy the app and put a Service in front of it',
  );
  await expect(panel.locator('pre').first()).toContainText(
    'kubectl apply -f scenarios/first-deployment/manifests/web.yaml',
  );

  // Checking before doing anything fails, and says why.
  await panel.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('scenario-checks').locator('.check-fail').first()).toBeVisible();
  await panel.getByRole('button', { name: 'Hint' }).click();
  await expect(page.getByTestId('scenario-hints').locator('li')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/scenario-step1-failing.png' });

  // The learner acts from an outside terminal; the scenario reacts to the cluster, not to a button.
  execFileSync(
    'kubectl',
    ['--cache-dir', cacheDir, 'apply', '-f', 'scenarios/first-deployment/manifests/web.yaml'],
    {
      env: { ...process.env, KUBECONFIG: lab.kubeconfig },
    },
  );
  await expect(async () => {
    await panel.getByRole('button', { name: 'Check' }).click();
    await expect(panel).toContainText('Step 2 of 3', { timeout: 3000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('scenario-explanation')).toBeVisible();

  // Show me runs each remaining step's solution, and its checks pass.
  await panel.getByRole('button', { name: 'Show me' }).click();
  await expect(panel).toContainText('Step 3 of 3', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Show me' }).click();
  await expect(panel).toContainText('All steps done.', { timeout: 60_000 });
  await page.screenshot({ path: 'test-results/scenario-done.png' });
});
