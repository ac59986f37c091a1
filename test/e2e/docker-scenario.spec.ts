import { test, expect } from '@playwright/test';
import { chromiumMissing } from '../support/chromium';
import { startWebLab, type RunningLab } from '../support/web-lab';
import { dockerGate } from '../../testing/docker.gate';

let lab: RunningLab | undefined;
let dockerMissing: string | undefined;
const missing = chromiumMissing();

test.beforeAll(async () => {
  const gate = await dockerGate();
  dockerMissing = gate.skip ? gate.reason : undefined;
  if (!dockerMissing && !missing) lab = await startWebLab();
});
test.afterAll(async () => {
  // SIGTERM: the engine stops the scenario, which removes its containers and images.
  await lab?.stop();
});

test('a learner starts "Build and run a Python web app in Docker" from the list, presses Show me, and watches the image build step by step', async ({
  page,
}) => {
  test.skip(missing !== undefined, missing);
  test.skip(dockerMissing !== undefined, dockerMissing);
  test.setTimeout(120_000);
  if (!lab) throw new Error('the lab did not start');
  // Every line the progress strip ever shows, so a build faster than a poll is still seen.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      document.querySelectorAll('[data-testid="progress"] li').forEach((li) => {
        const text = li.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      });
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(lab.url);
  await expect(page.getByTestId('host-info')).toContainText('web mode');

  await page.getByRole('button', { name: /^Build and run a Python web app in Docker/ }).click();
  const panel = page.getByTestId('scenario-panel');
  await expect(panel).toContainText('Step 1 of 3', { timeout: 30_000 });

  await panel.getByRole('button', { name: 'Show me' }).click();
  // While it builds, the strip says which Dockerfile step runs; afterwards how the build ended.
  const strip = page.getByTestId('progress');
  await expect(strip).toContainText(/Built deploy-lab\/pyweb-lesson:\S+: \d+ steps, \d+ from cache/, {
    timeout: 60_000,
  });
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.some((t) => /^Building deploy-lab\/pyweb-lesson:\S+: Step \d+\/\d+: RUN /.test(t))).toBe(true);

  // The step passed: its explanation shows and the scenario moved on.
  await expect(panel).toContainText('Step 2 of 3', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-explanation')).toBeVisible();
  await page.screenshot({ path: 'test-results/docker-scenario-built.png' });
});
