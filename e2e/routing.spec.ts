/** Hybrid rendering in the worker (docs/routing.md): which requests it answers, which it leaves to the origin. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { collectProblems, installWorker, navigationSource } from './checks.ts'

// The engine with its Node server: an origin that answers what the worker leaves to it.
test.use({ swerveApp: { root: './test/fixtures/engine', preset: 'node' } })

const fetchInPage = (page: Page, path: string) => page.evaluate(async (path) => {
  try {
    const response = await fetch(path)
    return { status: response.status, body: await response.text() }
  } catch (error) {
    return { error: (error as Error).name }
  }
}, path)

test('a worker: false path reaches the origin online and fails offline, as the network would', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  const served: Record<string, boolean> = {}
  page.on('response', response => { served[new URL(response.url()).pathname] = response.fromServiceWorker() })
  const online = await fetchInPage(page, '/api/origin-only/time')
  expect(online.status).toBe(200)
  expect(JSON.parse(online.body!).host).toBe('origin')
  expect(served['/api/origin-only/time']).toBe(false)
  expect(app.requests).toContain('/api/origin-only/time')
  await sw.offline()
  expect(await fetchInPage(page, '/api/origin-only/time')).toEqual({ error: 'TypeError' })
  // Everything else still works offline.
  expect((await fetchInPage(page, '/api/text')).body).toBe('plain words')
  await sw.online()
})

test('a path only server middleware answers is answered by the worker, offline too; nothing answering goes to the network', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  await sw.offline()
  const short = await fetchInPage(page, '/short/abc')
  expect(short.status).toBe(200)
  expect(JSON.parse(short.body!)).toEqual({ short: 'abc', by: 'middleware' })
  await sw.online()
  const before = app.requests.length
  const nothing = await fetchInPage(page, '/nothing/here.txt')
  expect(nothing.status).toBe(404)
  expect(app.requests.slice(before)).toContain('/nothing/here.txt')
})

test('*.origin.ts routes go to the origin; worker code that $fetches one gets the origin online and a clear 503 offline', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  const served: Record<string, boolean> = {}
  page.on('response', response => { served[new URL(response.url()).pathname] = response.fromServiceWorker() })
  const paid = await page.evaluate(async () => (await fetch('/api/pay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":3}' })).json())
  expect(paid.paid).toBe(3)
  expect(served['/api/pay']).toBe(false)

  const proxied = await fetchInPage(page, '/api/origin-proxy')
  expect(served['/api/origin-proxy']).toBe(true)
  expect(JSON.parse(proxied.body!).origin.host).toBe('origin')
  await sw.offline()
  const offline = await fetchInPage(page, '/api/origin-proxy')
  expect(offline.status).toBe(503)
  expect(JSON.parse(offline.body!).message).toMatch(/^\/api\/origin-only\/time is answered by the origin only, and the origin cannot be reached/)
  await sw.online()
})

/** The page's "where when" line (test/fixtures/engine/app/pages/rules/*.vue). */
const renderedIn = (page: Page) => page.getByTestId('rendered').textContent()
/** When the worker started for the page's navigation: 0 when it did not. */
const workerStart = (page: Page) => page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart)

/** When the page on screen was rendered (ms since the epoch). */
const renderedAt = async (page: Page) => Number(/^server (\d+)$/.exec((await renderedIn(page))!)![1])

test('on a cold start the browser answers a prerender page and a swr page from Cache Storage; with a query the worker answers', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  const beforeInstall = Date.now()
  await installWorker(page, app, sw)
  const built = /data-testid="rendered">([^<]*)</.exec(readFileSync(join(app.publicDir(), 'rules/prerendered/index.html'), 'utf8'))![1]

  // The times on the pages prove the worker answered without rendering: Chromium may
  // still send a cold start's navigation to the network alongside (its own preload).
  await sw.kill()
  const prerendered = await page.goto(`${app.origin}/rules/prerendered`)
  expect(prerendered!.fromServiceWorker()).toBe(true)
  expect(prerendered!.headers()['x-rule']).toBe('prerendered')
  expect(await renderedIn(page)).toBe(built)
  // Chromium's static routing: the browser answered from Cache Storage without starting the worker.
  expect(await navigationSource(page)).toBe('cache')
  expect(await workerStart(page)).toBe(0)
  // With a query the routes do not match: the worker answers it, from the precache too.
  await sw.kill()
  await page.goto(`${app.origin}/rules/prerendered?from=test`)
  expect(await renderedIn(page)).toBe(built)
  expect(await navigationSource(page)).toBe('')

  // Never visited: the worker rendered it at install, and the browser answers that render, offline too.
  await sw.kill()
  await sw.offline()
  const beforeVisit = Date.now()
  const swr = await page.goto(`${app.origin}/rules/swr`)
  expect(swr!.fromServiceWorker()).toBe(true)
  expect(await navigationSource(page)).toBe('cache')
  expect(await workerStart(page)).toBe(0)
  const kept = await renderedAt(page)
  expect(kept).toBeGreaterThan(beforeInstall)
  expect(kept).toBeLessThan(beforeVisit)
  expect(Number(swr!.headers()['x-swerve-rendered-at'])).toBeGreaterThanOrEqual(kept)
  await sw.online()
  // With a query, the worker's fetch handler: rendered now, then kept.
  await sw.kill()
  const queried = await page.goto(`${app.origin}/rules/swr?from=test`)
  expect(await navigationSource(page)).toBe('')
  expect(queried!.headers()['x-swerve-cache']).toBe('miss')
  expect(problems).toEqual([])
})

test('a swr page the browser answered is rendered again in the background once it is stale; a new build keeps its own renders', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  await page.goto(`${app.origin}/rules/swr`)
  // The rule's 2 seconds pass: the next visit is answered at once with a render from before it.
  await page.waitForTimeout(2100)
  const before = Date.now()
  await page.goto(`${app.origin}/rules/swr`)
  expect(await navigationSource(page)).toBe('cache')
  expect(await renderedAt(page)).toBeLessThan(before)
  // The page told the worker it was shown (SWERVE_SHOWN): the next visits get a newer render.
  await expect(async () => {
    await page.goto(`${app.origin}/rules/swr`)
    expect(await navigationSource(page)).toBe('cache')
    expect(await renderedAt(page)).toBeGreaterThan(before)
  }).toPass({ timeout: 5000 })

  // A new build renders its own at install; the old build's renders go when it activates.
  await app.deploy({ files: { 'app/pages/rules/swr.vue': text => text.replace('name="swr"', 'name="swr, v2"') } })
  await sw.update()
  await page.goto(`${app.origin}/rules/swr`)
  expect(await navigationSource(page)).toBe('cache')
  await expect(page.locator('h1')).toHaveText('swr, v2')
  expect(await page.evaluate(async () => (await caches.keys()).filter(name => name.startsWith('swerve-swr ')).length)).toBe(1)
})

test('a swr page older than its seconds answers stale at once and the next visit gets the background render', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  await page.goto(`${app.origin}/rules/swr?v=stale`)
  const kept = await renderedIn(page)
  await page.waitForTimeout(2100)
  const stale = await page.goto(`${app.origin}/rules/swr?v=stale`)
  expect(stale!.headers()['x-swerve-cache']).toBe('stale')
  expect(await renderedIn(page)).toBe(kept)
  await expect(async () => {
    const fresh = await page.goto(`${app.origin}/rules/swr?v=stale`)
    expect(fresh!.headers()['x-swerve-cache']).toBe('hit')
    expect(await renderedIn(page)).not.toBe(kept)
  }).toPass({ timeout: 5000 })
})

test('ssr: false answers a shell from the worker and the page renders in the client', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await installWorker(page, app, sw)
  const response = await page.goto(`${app.origin}/rules/spa`)
  expect(response!.fromServiceWorker()).toBe(true)
  expect(await response!.text()).toContain('<div id="app"></div>')
  await expect(page.getByTestId('rendered')).toHaveText(/^client \d+$/)
  expect(problems).toEqual([])
})
