/**
 * A drill from the UI in web mode on the embedded cluster: start "Bad release" as a drill, notice the
 * bad release on the graph, roll it back from the command panel, and download the HTML report.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
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

test('a drill of "Bad release": no hints, a timer, the fix from the command panel, and the HTML report', async ({
  page,
}) => {
  test.skip(missing !== undefined, missing);
  test.setTimeout(240_000);
  await page.goto(lab.url);
  await expect(page.getByTestId('cluster-status')).toContainText('Embedded cluster');

  // Drill mode is offered only for scenarios that have a drill.
  await expect(page.getByRole('button', { name: /^Drill: First deployment/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Interview: First deployment/ })).toHaveCount(1);
  await page.getByRole('button', { name: /^Drill: Bad release/ }).click();

  const panel = page.getByTestId('scenario-panel');
  await expect(panel).toContainText('Drill · seed', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-timer')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Hint' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Show me' })).toHaveCount(0);
  // The timer runs.
  const first = await page.getByTestId('scenario-timer').textContent();
  await expect(page.getByTestId('scenario-timer')).not.toHaveText(first ?? '', { timeout: 5000 });

  // The fault lands at a random moment: a second ReplicaSet of "web" appears on the graph, and the
  // traffic panel starts counting failed requests.
  const replicaSets = page.locator('.react-flow__node[data-id^="replicaset/default/web-"]');
  await expect(replicaSets).toHaveCount(1, { timeout: 60_000 });
  await expect(replicaSets).toHaveCount(2, { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await expect(page.getByText(/requests, [1-9]\d* failed/)).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/drill-fault.png' });

  // The learner's fix, typed in the command panel.
  await page.getByRole('tab', { name: 'Command' }).click();
  const command = page.getByTestId('command-panel');
  await command.locator('.terminal-host').click();
  await page.keyboard.type('kubectl rollout undo deployment/web');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-status')).toContainText('exit code 0', { timeout: 30_000 });

  // The clock stops when the recovery check passes; the report is in the panel.
  const report = page.getByTestId('drill-report');
  await expect(report).toBeVisible({ timeout: 120_000 });
  await expect(report).toContainText('Recovered');
  await expect(page.getByTestId('drill-ttr')).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId('drill-ttd')).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId('scenario-timer')).toHaveAttribute('aria-label', 'time taken');
  await report.locator('summary').click();
  await expect(report).toContainText('kubectl rollout undo deployment/web');
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.screenshot({ path: 'test-results/drill-report.png' });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('button', { name: 'Download the report (HTML)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^drill-bad-release-\d+\.html$/);
  await download.saveAs('test-results/drill-report.html');
  const html = readFileSync('test-results/drill-report.html', 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain('Time to recover');
  expect(html).toContain('<svg');
  // Failed requests are drawn in the chart (red bars) and counted.
  expect(html).toContain('fill="#d64545"');
  expect(html).toMatch(/<dt>Failed requests<\/dt><dd>[1-9]\d* after the fault/);
  expect(html).toContain('kubectl rollout undo deployment/web');
  // The report as a browser shows it, offline (it is self-contained).
  const viewer = await page.context().newPage();
  await viewer.setContent(html);
  await expect(viewer.locator('svg')).toBeVisible();
  await viewer.screenshot({ path: 'test-results/drill-report-html.png', fullPage: true });
  await viewer.close();
  await page.getByTestId('scenario-panel').getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByTestId('scenario-list')).toBeVisible();
});

test('interview practice: no hints, a timer; ending the run shows the questions and the evidence', async ({
  page,
}) => {
  test.skip(missing !== undefined, missing);
  test.setTimeout(120_000);
  await page.goto(lab.url);
  await expect(page.getByTestId('cluster-status')).toContainText('Embedded cluster');
  await page.getByRole('button', { name: /^Interview: First deployment/ }).click();
  const panel = page.getByTestId('scenario-panel');
  await expect(panel).toContainText('Interview practice · Step 1 of 3', { timeout: 60_000 });
  await expect(page.getByTestId('scenario-timer')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Hint' })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Show me' })).toHaveCount(0);
  await panel.getByRole('button', { name: 'End and see the questions' }).click();
  const result = page.getByTestId('interview-result');
  await expect(result).toBeVisible();
  await expect(result.locator('.interview-questions > li')).toHaveCount(4);
  await result.getByRole('button', { name: 'What a good answer mentions' }).first().click();
  await expect(result.locator('.interview-answer')).toContainText('ReplicaSet');
  await expect(page.getByTestId('interview-evidence')).toContainText('Requests:');
  await page.screenshot({ path: 'test-results/interview-questions.png' });
});
