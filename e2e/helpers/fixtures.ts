/** `test` with a `host` fixture: the demo (or `app` option) built once, served fresh for each test. */
import { fileURLToPath } from 'node:url'
import { test as base } from '@playwright/test'
import { serveBuild, type Host } from './host.ts'
import type { BuildResult } from '../../build/build.ts'

export const demoRoot = fileURLToPath(new URL('../../demo', import.meta.url))

export const test = base.extend<{ host: Host & { build: BuildResult } }, { app: string }>({
  app: [demoRoot, { option: true, scope: 'worker' }],
  host: async ({ app }, use) => {
    const host = await serveBuild(app)
    await use(host)
    await host.stop()
  },
})

export { expect } from '@playwright/test'
