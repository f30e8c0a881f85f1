import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../test/chromium.ts'

/** `npm run test:stress` (docs/contributing.md): each test 20 times in a row, no retry. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  repeatEach: Number(process.env.STRESS_REPEAT ?? 20),
  // A run builds and deploys the kill switch as a real deploy does: on 2 busy cores that build
  // alone took most of 90 s, and a run failed on its budget with the kill switch still being
  // checked. The kill switch's own checks keep their 20 s (e2e/checks.ts afterKillSwitch).
  timeout: 240_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results/stress',
  use: { browserName: 'chromium', serviceWorkers: 'allow', launchOptions: chromiumLaunchOptions },
})
