import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../test/chromium.ts'

/** `npm run test:stress` (docs/contributing.md): each test 20 times in a row, no retry. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  repeatEach: Number(process.env.STRESS_REPEAT ?? 20),
  timeout: 90_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results/stress',
  use: { browserName: 'chromium', serviceWorkers: 'allow', launchOptions: chromiumLaunchOptions },
})
