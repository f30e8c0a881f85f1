/**
 * The kill switch under stress in Firefox and WebKit (issue 51, `npm run test:stress`):
 * the cross-engine suite's real flow (engines/engines.test.ts) 10 times in a row per
 * engine, each in a fresh browser, with a kill switch built for each run as a deploy does.
 */
import { after, describe, test } from 'node:test'
import { deployTo, serveApp, type ServedApp } from '../playwright/host.ts'
import { ENGINES, launch, stopDisplay, waitFor } from '../engines/browsers.ts'

const RUNS = Number(process.env.STRESS_ENGINE_REPEAT ?? 10)
let served: Promise<ServedApp> | undefined
after(async () => {
  await (await served)?.close()
  await stopDisplay()
})

for (const engine of ENGINES) {
  describe(engine, () => {
    for (let run = 1; run <= RUNS; run++) {
      test(`the kill switch in the real flow, run ${run} of ${RUNS}`, async () => {
        served ??= serveApp({ root: 'test/fixtures/pwa' })
        const app = await served
        const page = await launch(engine)
        try {
          await page.goto(`${app.origin}/`)
          await waitFor(page, () => !!navigator.serviceWorker?.controller, 'the worker taking control')
          await waitFor(page, () => document.documentElement.hasAttribute('data-swerve-hydrated'), 'hydration')
          await deployTo(app, { selfDestroy: true })
          await page.click('a[href="/about"]')
          await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() }).catch(() => {})
          const gone = async () => (await navigator.serviceWorker.getRegistrations()).length === 0
            && !(await navigator.serviceWorker.getRegistration())
            && !(await caches.keys()).some(name => name.startsWith('swerve'))
            && !navigator.serviceWorker.controller
          await waitFor(page, gone, 'the kill switch removing the worker and its caches')
          await new Promise(resolve => setTimeout(resolve, 2000))
          await waitFor(page, gone, 'no worker 2 s later', 1000)
        } finally {
          await page.close()
          app.current = app.built
        }
      })
    }
  })
}
