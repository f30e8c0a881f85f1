import { defineConfig } from '@playwright/test'

// `npm run demo:video`: the notes demo, driven by Playwright, recorded (docs/demo-video.md).
export default defineConfig({
  testDir: '.',
  timeout: 120_000,
  reporter: [['list']],
  outputDir: '../../test-results/demo-video',
  use: {
    browserName: 'chromium',
    viewport: { width: 960, height: 640 },
    // `npm test` plays the same flow without recording (DEMO_VIDEO=off), so the script never rots.
    video: process.env.DEMO_VIDEO === 'off' ? 'off' : { mode: 'on', size: { width: 960, height: 640 } },
    launchOptions: {
      // Slow enough to follow; swerve/playwright takes CHROMIUM_PATH, else Playwright's own Chromium.
      slowMo: process.env.DEMO_VIDEO === 'off' ? 0 : 250,
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
})
