import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './test/chromium.ts'

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One retry: a browser test that passes on its second run is reported as flaky, not hidden.
  retries: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    serviceWorkers: 'allow',
    launchOptions: chromiumLaunchOptions,
  },
})
