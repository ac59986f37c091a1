/**
 * The inspector, instruments, timeline and command panel, driven like a user would in web mode
 * against the embedded cluster. The steps build on each other (deploy, scale, roll out, delete,
 * scrub back, kubectl), so they run serially on one page; each saves a screenshot to look at.
 */
import { test, expect, type Locator, type Page } from '@playwright/test';
import { chromiumMissing } from '../support/chromium';
import { startWebLab, type RunningLab } from '../support/web-lab';

const missing = chromiumMissing();
let lab: RunningLab;
let page: Page;

const node = (id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const pods = (): Locator => page.locator('.react-flow__node[data-id^="pod/default/web-"]');
const replicaSets = (): Locator => page.locator('.react-flow__node[data-id^="replicaset/default/web-"]');

/** Keyboard selection (Tab target, then Enter), as the graph documents; immune to overlapping cards. */
async function selectNode(id: string): Promise<void> {
  await node(id).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toBeVisible();
}

/**
 * New objects are placed next to what is drawn and can land on a node group; the graph's own
 * "Lay out again" button runs the full layout, as a user would before looking closely.
 */
async function tidy(): Promise<void> {
  // The graph's layout is owned elsewhere and changing; without the button there is nothing to tidy.
  const relayout = page.getByRole('button', { name: 'Lay out again' });
  if ((await relayout.count()) === 0) return;
  await relayout.click();
  await page.waitForTimeout(1000);
}

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async ({ browser }) => {
  lab = await startWebLab();
  page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
});

test.afterAll(async () => {
  await page?.close();
  await lab?.stop();
});

test('the sample app applied from the Apply panel appears as a Deployment, 3 pods and a Service', async () => {
  test.skip(missing !== undefined, missing);
  await page.goto(lab.url);
  await expect(page.locator('.react-flow__node[data-id^="node/"]')).toHaveCount(3);
  await page.getByRole('tab', { name: 'Apply YAML' }).click();
  await page.getByRole('button', { name: 'Insert sample app' }).click();
  await expect(page.getByLabel('Manifest YAML')).toHaveValue(/readinessProbe/);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByTestId('apply-result')).toContainText('deployment/web');
  await expect(page.getByTestId('apply-result')).toContainText('service/web');
  await expect(node('deployment/default/web')).toContainText('web');
  await expect(pods()).toHaveCount(3, { timeout: 20_000 });
  await expect(node('service/default/web')).toContainText(/(?<![/\d])3 endpoints/, { timeout: 30_000 });
  await tidy();
  await page.screenshot({ path: 'test-results/inspector-deployed.png' });
});

test('selecting the Deployment opens the inspector with its live YAML, and it scales 3 -> 5', async () => {
  test.skip(missing !== undefined, missing);
  await selectNode('deployment/default/web');
  const inspector = page.getByTestId('inspector');
  await expect(page.getByTestId('inspector-yaml')).toContainText('replicas: 3');
  await expect(page.getByTestId('inspector-yaml')).toContainText('deploy-lab/pyweb:1.0');
  // Highlighted by highlight.js, not plain text.
  await expect(page.locator('[data-testid="inspector-yaml"] .hljs-attr').first()).toBeVisible();
  await inspector.getByLabel('Replicas').fill('5');
  await inspector.getByRole('button', { name: 'Scale' }).click();
  await expect(page.getByTestId('inspector-result')).toContainText('deployment.apps/web scaled to 5');
  await expect(pods()).toHaveCount(5, { timeout: 20_000 });
  // The YAML follows the cluster through the same watch as the graph.
  await expect(page.getByTestId('inspector-yaml')).toContainText('replicas: 5');
  await page.getByRole('tab', { name: 'Rollout' }).click();
  await expect(page.getByTestId('rollout-arithmetic')).toContainText(
    'replicas 5: maxSurge 25% -> 2 extra pods (rounded up); maxUnavailable 25% -> 1 pod may be down (rounded down)',
  );
  await expect(node('service/default/web')).toContainText(/(?<![/\d])5 endpoints/, { timeout: 30_000 });
  await tidy();
  await page.screenshot({ path: 'test-results/inspector-scaled.png' });
});

test('traffic runs against the Service and the charts draw requests per version', async () => {
  test.skip(missing !== undefined, missing);
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await expect(page.getByLabel('Service', { exact: true })).toHaveValue('service/default/web');
  await page.getByLabel('Requests per second').fill('20');
  await page.getByTestId('traffic-panel').getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('traffic-message')).toContainText('Synthetic client running');
  await expect(page.getByTestId('traffic-message')).toContainText(/1\.0[.\d]*: \d+ ok/, { timeout: 20_000 });
  await expect(page.locator('.chart .u-legend').first()).toContainText('1.0');
});

test('rolling out pyweb:2.0 from the inspector drains the old ReplicaSet', async () => {
  test.skip(missing !== undefined, missing);
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Image').fill('deploy-lab/pyweb:2.0');
  await inspector.getByRole('button', { name: 'Set image' }).click();
  await expect(page.getByTestId('inspector-result')).toContainText('image updated: web=deploy-lab/pyweb:2.0');
  await expect(replicaSets()).toHaveCount(2, { timeout: 20_000 });
  await tidy();
  // What is happening is said in words while it happens.
  await expect(page.getByTestId('progress')).toContainText('rollout web:', { timeout: 20_000 });
  await page.screenshot({ path: 'test-results/rollout-progress.png' });
  const oldSet = replicaSets().filter({ hasText: '1.0' });
  const newSet = replicaSets().filter({ hasText: '2.0' });
  await expect(oldSet).toContainText('0 pods', { timeout: 60_000 });
  await expect(newSet).toContainText('5 pods');
  await expect(pods().filter({ hasText: '2.0' })).toHaveCount(5, { timeout: 30_000 });
  await expect(pods()).toHaveCount(5, { timeout: 30_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('traffic-message')).toContainText(/2\.0[.\d]*: \d+ ok/, { timeout: 20_000 });
  await expect(page.locator('.chart .u-legend').first()).toContainText('2.0');
  await page.screenshot({ path: 'test-results/rollout-done.png' });
});

test('deleting a pod from the inspector makes its ReplicaSet replace it', async () => {
  test.skip(missing !== undefined, missing);
  const victim = (await pods().first().getAttribute('data-id')) ?? '';
  expect(victim).toMatch(/^pod\/default\/web-/);
  const before = await pods().evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  await selectNode(victim);
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText(victim.split('/')[2] ?? '');
  await expect(page.getByTestId('inspector-logs')).toBeVisible();
  await inspector.getByRole('button', { name: 'Delete pod' }).click();
  await expect(page.getByTestId('inspector-result')).toContainText(`pod "${victim.split('/')[2]}" deleted`);
  await page.screenshot({ path: 'test-results/pod-deleted.png' });
  await expect(node(victim)).toHaveCount(0, { timeout: 30_000 });
  await expect(pods()).toHaveCount(5, { timeout: 30_000 });
  const after = await pods().evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
  const replacements = after.filter((id) => !before.includes(id));
  expect(replacements).toHaveLength(1);
  await expect(node(replacements[0] ?? '')).toContainText('Running', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/pod-replaced.png' });
  // The replacement's own events (scheduled, pulled, started; probe warnings highlighted if any).
  await selectNode(replacements[0] ?? '');
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByTestId('events-panel')).toContainText('Scheduled');
  await page.screenshot({ path: 'test-results/events-tab.png' });
});

test('scrubbing the timeline back shows the cluster as it was, then back to live', async () => {
  test.skip(missing !== undefined, missing);
  await page.keyboard.press('Escape');
  const info = page.getByTestId('timeline-info');
  const scrubber = page.getByLabel('Scrub the graph history');
  await scrubber.focus();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('replay-banner')).toContainText('Replay: as it was at');
  // Step forward to the last frame of the first version: 3 pods before the scale to 5.
  let seenThree = false;
  for (let i = 0; i < 400; i++) {
    const text = (await info.textContent()) ?? '';
    const three = /· 3 pods, 1 deployments/.test(text);
    if (seenThree && !three) {
      await page.keyboard.press('ArrowLeft');
      await expect(info).toContainText('· 3 pods, 1 deployments');
      break;
    }
    seenThree ||= three;
    await page.keyboard.press('ArrowRight');
    await expect(info).not.toHaveText(text);
  }
  expect(seenThree).toBe(true);
  await expect(pods()).toHaveCount(3);
  await expect(pods().filter({ hasText: '1.0' })).toHaveCount(3);
  await expect(node('service/default/web')).toContainText('3 endpoints');
  await page.screenshot({ path: 'test-results/timeline-replay.png' });
  await page.getByTestId('replay-banner').getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByTestId('replay-banner')).toHaveCount(0);
  await expect(pods()).toHaveCount(5);
  await expect(pods().filter({ hasText: '2.0' })).toHaveCount(5);
  // Ready replicas per Deployment, sampled from the snapshots this page received: 3, 5, the rollout, 5.
  await page.getByRole('tab', { name: 'Replicas' }).click();
  await expect(page.getByTestId('replicas-panel').locator('.u-legend')).toContainText('web');
  await tidy();
  await page.screenshot({ path: 'test-results/instruments-replicas.png' });
});

test('kubectl get pods runs in the command panel and streams its output', async () => {
  test.skip(missing !== undefined, missing);
  await page.getByRole('tab', { name: 'Command' }).click();
  const panel = page.getByTestId('command-panel');
  await panel.locator('.terminal-host').click();
  await page.keyboard.type('ls -l');
  await page.keyboard.press('Enter');
  await expect(panel.locator('.xterm-rows')).toContainText('only kubectl runs here');
  await page.keyboard.type('kubectl get pods');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-status')).toContainText('kubectl get pods: exit code 0', {
    timeout: 30_000,
  });
  await expect(panel.locator('.xterm-rows')).toContainText('NAME');
  await expect(panel.locator('.xterm-rows')).toContainText('Running');
  await expect(panel.locator('.xterm-rows')).toContainText('[exit code 0]');
  // A watch runs until stopped: Ctrl-C in the terminal sends terminal.stop.
  await page.keyboard.type('kubectl get pods -w');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-status')).toContainText('Running: kubectl get pods -w');
  // Its first table streams in while it keeps running (only the visible rows are in the DOM).
  await expect
    .poll(async () => {
      const text = (await panel.locator('.xterm-rows').textContent()) ?? '';
      return text.slice(text.lastIndexOf('kubectl get pods -w'));
    })
    .toMatch(/NAME.*web-.*Running/);
  await expect(page.getByTestId('command-status')).toContainText('Running: kubectl get pods -w');
  await page.keyboard.press('Control+C');
  await expect(page.getByTestId('command-status')).toContainText(
    /kubectl get pods -w: (stopped by SIGINT|exit code)/,
    { timeout: 15_000 },
  );
  await tidy();
  await page.screenshot({ path: 'test-results/command-panel.png' });
});

test('rollback, pause and resume, a Service selector switch and a node stop all go through the inspector', async () => {
  test.skip(missing !== undefined, missing);
  await selectNode('deployment/default/web');
  const inspector = page.getByTestId('inspector');
  const result = page.getByTestId('inspector-result');
  await inspector.getByRole('button', { name: 'Pause rollout' }).click();
  await expect(result).toContainText('deployment.apps/web paused');
  await expect(page.getByTestId('inspector-yaml')).toContainText('paused: true');
  await inspector.getByRole('button', { name: 'Resume rollout' }).click();
  await expect(result).toContainText('deployment.apps/web resumed');
  await inspector.getByRole('button', { name: 'Roll back' }).click();
  await expect(result).toContainText('deployment.apps/web rolled back to revision');
  await expect(pods().filter({ hasText: '1.0' })).toHaveCount(5, { timeout: 60_000 });
  await expect(pods()).toHaveCount(5, { timeout: 30_000 });

  await selectNode('service/default/web');
  await expect(inspector.getByLabel('Selector')).toHaveValue('app=web');
  await inspector.getByLabel('Selector').fill('app=nothing');
  await inspector.getByRole('button', { name: 'Switch selector' }).click();
  await expect(result).toContainText('service/web now selects app=nothing');
  await expect(node('service/default/web')).toContainText(/(?<![/\d])0 endpoints/, { timeout: 20_000 });
  await expect(inspector).toContainText('matches no running pods');
  await page.screenshot({ path: 'test-results/inspector-selector.png' });
  await inspector.getByLabel('Selector').fill('app=web');
  await inspector.getByRole('button', { name: 'Switch selector' }).click();
  await expect(node('service/default/web')).toContainText(/(?<![/\d])5 endpoints/, { timeout: 20_000 });

  await selectNode('node//deploy-lab-worker2');
  await inspector.getByRole('button', { name: 'Stop node' }).click();
  await expect(result).toContainText('node/deploy-lab-worker2 stopped');
  // The node controller waits out its grace period on the cluster clock: step it instead of waiting.
  await page.getByRole('tab', { name: 'Clock' }).click();
  await page.getByTestId('clock-panel').getByRole('button', { name: 'Step 1 min' }).click();
  await expect(inspector.getByRole('button', { name: 'Start node' })).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/inspector-node-stopped.png' });
  await inspector.getByRole('button', { name: 'Start node' }).click();
  await expect(result).toContainText('node/deploy-lab-worker2 started');
  await expect(inspector.getByRole('button', { name: 'Stop node' })).toBeVisible({ timeout: 60_000 });
});

test('the clock tab drives the embedded cluster clock, and the traffic stops', async () => {
  test.skip(missing !== undefined, missing);
  await page.getByRole('tab', { name: 'Clock' }).click();
  const clock = page.getByTestId('clock-panel');
  await expect(clock).toContainText('Cluster time');
  await clock.getByRole('button', { name: '5x' }).click();
  await expect(clock).toContainText('Running at 5x.');
  await clock.getByRole('button', { name: 'Pause' }).click();
  await expect(clock).toContainText('Paused.');
  await clock.getByRole('button', { name: 'Resume' }).click();
  await clock.getByRole('button', { name: '1x' }).click();
  await expect(clock).toContainText('Running at 1x.');
  await clock.getByRole('button', { name: 'Step 1 min' }).click();
  await page.screenshot({ path: 'test-results/instruments-clock.png' });
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByTestId('traffic-panel').getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('traffic-message')).toContainText('Synthetic client stopped');
  await page.getByLabel('Theme').selectOption('dark');
  await selectNode('deployment/default/web');
  // Rolled back to revision 1 in the step before.
  await expect(page.getByTestId('inspector-yaml')).toContainText('pyweb:1.0');
  await page.screenshot({ path: 'test-results/instruments-dark.png' });
  await page.getByLabel('Theme').selectOption('light');
});
