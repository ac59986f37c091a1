import { test, expect } from '@playwright/test';
import { chromiumMissing } from '../support/chromium';
import { startWebLab, type RunningLab } from '../support/web-lab';

let lab: RunningLab;
const missing = chromiumMissing();

test.beforeAll(async () => {
  lab = await startWebLab();
});

test.afterAll(async () => {
  await lab?.stop();
});

test('web mode prints one line with a tokenised 127.0.0.1 URL and the embedded cluster kubeconfig', () => {
  const lines = lab.output.join('').trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^Deploy Lab is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,} \(embedded cluster: KUBECONFIG=\S+kubeconfig\)$/,
  );
});

test('the shell renders the scenario list, the cluster panel with backends from doctor, and the graph area', async ({
  page,
}) => {
  test.skip(missing !== undefined, missing);
  await page.goto(lab.url);
  await expect(page.getByRole('heading', { name: 'Deploy Lab' })).toBeVisible();
  await expect(page.getByTestId('host-info')).toContainText('web mode');
  await expect(page.getByTestId('scenario-list')).toContainText('Scenarios');
  // The backend picker lists all four modes, each with availability from doctor.
  for (const id of ['sim', 'kind', 'docker', 'context']) {
    await expect(page.getByTestId(`backend-${id}`)).toBeVisible({ timeout: 15_000 });
  }
  await expect(page.getByTestId('backend-sim')).toContainText('Embedded cluster');
  await expect(page.getByTestId('backend-sim')).toContainText('Available on this machine');
  // The lab starts on the embedded cluster: its three nodes are drawn from the live API.
  await expect(page.getByTestId('cluster-status')).toContainText('Embedded cluster: 3 nodes');
  await expect(page.getByText(`KUBECONFIG=${lab.kubeconfig}`)).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id^="node/"]')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/shell.png', fullPage: true });
});

test('the theme choice is saved by the engine and survives a reload', async ({ page }) => {
  test.skip(missing !== undefined, missing);
  await page.goto(lab.url);
  await page.getByLabel('Theme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: 'test-results/shell-dark.png', fullPage: true });
  await page.getByLabel('Theme').selectOption('light');
});

test('requests without the token are refused', async ({ request, browser }) => {
  const page = await request.get(`${lab.origin}/`);
  expect(page.status()).toBe(401);
  const asset = await request.get(`${lab.origin}/index.html`);
  expect(asset.status()).toBe(401);
  const wrong = await request.get(`${lab.origin}/?token=not-the-token`);
  expect(wrong.status()).toBe(401);
  test.skip(missing !== undefined, missing);
  // A page that has no cookie cannot open the contract's WebSocket either.
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto('about:blank');
  const closedWithoutOpen = await other.evaluate(
    async (wsUrl) => {
      return await new Promise<boolean>((resolve) => {
        const socket = new WebSocket(wsUrl);
        socket.onopen = () => resolve(false);
        socket.onerror = () => resolve(true);
      });
    },
    `${lab.origin.replace('http', 'ws')}/ws`,
  );
  expect(closedWithoutOpen).toBe(true);
  await context.close();
});
