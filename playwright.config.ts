import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

// One Playwright spec set over web mode, in Debian's Chromium: Playwright cannot download its own here.
export default defineConfig({
  testDir: './test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results/playwright',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1360, height: 820 },
  },
});
