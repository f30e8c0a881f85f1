/**
 * The kill switch under stress (issue 51, `npm run test:stress`, docs/contributing.md): a
 * `--self-destroy` build deployed over an installed app, then a navigation and
 * `update()`, in each variant 20 times in a row. Not in `npm test`: it takes minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from '@playwright/test'
import { buildApp, type ServedApp } from '../playwright/host.ts'
import { test as base } from '../playwright/index.ts'
import { createHandler, type FetchHandler } from '../presets/node/serve.ts'
import { copyOf, type AppCopy } from '../test/helpers.ts'
import { afterKillSwitch } from '../e2e/checks.ts'

const ROOT = './test/fixtures/pwa'

/**
 * Each run records what Chromium's service-worker internals report (CDP's ServiceWorker
 * domain: registrations, versions and their clients), attached to a failure. The failure
 * of issue 51 showed only with that domain enabled, as DevTools enables it.
 */
const test = base.extend<{ workerTrace: string[] }>({
  workerTrace: [async ({ context, page }, use, testInfo) => {
    const trace: string[] = []
    const start = Date.now()
    const at = () => `${String(Date.now() - start).padStart(6)} ms`
    const session = await context.newCDPSession(page)
    session.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      for (const r of registrations) trace.push(`${at()} registration ${r.registrationId} ${r.scopeURL}${r.isDeleted ? ' deleted' : ''}`)
    })
    session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) trace.push(`${at()} version ${v.versionId} of ${v.registrationId}: ${v.status}, ${v.runningStatus}, ${v.controlledClients?.length ?? 0} clients`)
    })
    await session.send('ServiceWorker.enable')
    await use(trace)
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('service-worker-trace', { body: trace.join('\n') })
  }, { auto: true }],
})
test.use({ swerveApp: { root: ROOT } })
test.describe.configure({ retries: 0 })

/**
 * Builds the kill switch and serves it, as a real deploy does. (A kill switch built once
 * and swapped in at once hid the failure of issue 51: it came after a deploy's seconds.)
 */
async function deployKillSwitch(served: ServedApp): Promise<void> {
  const built = await buildApp(served.root, served.options, { selfDestroy: true })
  served.current = built
  deployed.push(built.config.outDir)
}
const deployed: string[] = []
test.afterAll(() => { for (const dir of deployed.splice(0)) rmSync(dir, { recursive: true, force: true }) })

/** Installs the app in `page` and marks the document, so a reload shows. */
async function install(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 20_000 })
}

const checkForUpdate = (page: Page) => page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() }).catch(() => {})

test('one tab', async ({ page, app, swerveServed }) => {
  await install(page, app.url())
  await deployKillSwitch(swerveServed)
  await page.goto(app.url('about'))
  await checkForUpdate(page)
  await afterKillSwitch([page], app.url())
})

/** Two tabs of the app, the kill switch deployed, then a navigation and an update check in one. */
async function twoTabs(page: Page, context: BrowserContext, app: { url: (path?: string) => string }, served: ServedApp): Promise<void> {
  await install(page, app.url())
  const other = await context.newPage()
  await install(other, app.url('about'))
  await deployKillSwitch(served)
  await page.getByRole('link', { name: 'About' }).click()
  await checkForUpdate(page)
  await afterKillSwitch([page, other], app.url())
}

test('two tabs', ({ page, context, app, swerveServed }) => twoTabs(page, context, app, swerveServed))

test('a long request in flight', async ({ page, context, app, swerveServed, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const other = await context.newPage()
  await install(other, app.url('about'))
  // The old worker answers a request the host holds for a minute.
  app.route('/long-poll', () => new Promise(resolve => setTimeout(() => resolve(new Response('late')), 60_000)))
  void other.evaluate(() => fetch('/long-poll')).catch(() => {})
  await deployKillSwitch(swerveServed)
  await page.getByRole('link', { name: 'About' }).click()
  await checkForUpdate(page)
  await afterKillSwitch([page, other], app.url())
})

test.describe('two apps on one origin', () => {
  let sub: AppCopy
  let subHandler: FetchHandler
  let killedSub: Promise<FetchHandler>
  test.beforeAll(async () => {
    sub = copyOf('pwa')
    sub.edit('swerve.config.ts', 'app: {', "base: '/sub/',\n  app: {")
    subHandler = createHandler({ publicDir: (await sub.build()).publicDir, base: '/sub/', cacheControl: () => 'no-store' })
    // Its own folder: the app's .output keeps the build being served.
    killedSub = sub.build({ selfDestroy: true, outDir: join(sub.root, '.output-killed') }).then(built => createHandler({ publicDir: built.publicDir, base: '/sub/', cacheControl: () => 'no-store' }))
  })
  test.afterAll(() => sub.remove())

  test('the /sub/ one killed', async ({ page, app }) => {
    let handler = subHandler
    app.route(/^\/sub\//, request => handler(request))
    await install(page, app.url('sub/'))
    await install(page, app.url())
    await page.goto(app.url('sub/'))
    handler = await killedSub
    await page.getByRole('link', { name: 'About' }).click()
    await checkForUpdate(page)
    await afterKillSwitch([page], app.url('sub/'), [app.url()])
  })
})

test.describe('the CPU busy', () => {
  // One busy loop per core, each bounded in time: the machine may be shared.
  let loops: ChildProcess[] = []
  test.beforeAll(() => {
    // Bounded by the longest the variant's runs may take (each repeat's whole budget), so it is busy to the last one.
    const seconds = Number(process.env.STRESS_BUSY_SECONDS ?? test.info().project.repeatEach * test.info().timeout / 1000)
    loops = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end);`], { stdio: 'ignore' }))
  })
  test.afterAll(() => { for (const loop of loops) loop.kill() })

  test('two tabs, the CPU busy', ({ page, context, app, swerveServed }) => twoTabs(page, context, app, swerveServed))
})
