import { defineConfig } from '@playwright/test';

/**
 * One spec set, two hosts:
 * - `web`: the browser host in Debian's Chromium (/usr/bin/chromium), always runs here.
 * - `electron`: Playwright's `_electron` against the built app; where the Electron runtime is
 *   not installed, every spec in it skips with the reason printed.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Budgets, not speed checks (speed is `npm run bench`): a spec of a dozen steps against a live
  // stack took 1.8 min with the machine's 2 cores shared by a dozen processes, and passed.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalSetup: './tests/e2e/global-setup.ts',
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/results.json' }],
  ],
  outputDir: 'test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'web', metadata: { host: 'web' } },
    { name: 'electron', metadata: { host: 'electron' } },
  ],
});
