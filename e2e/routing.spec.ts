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

test('on a cold start the worker answers a prerender page from the precache and a swr page from its last render', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await installWorker(page, app, sw)
  const built = /data-testid="rendered">([^<]*)</.exec(readFileSync(join(app.publicDir(), 'rules/prerendered/index.html'), 'utf8'))![1]
  await page.goto(`${app.origin}/rules/swr`)
  const kept = await renderedIn(page)
  expect(kept).toMatch(/^server \d+$/)

  // The times on the pages prove the worker answered without rendering: Chromium may
  // still send a cold start's navigation to the network alongside (its own preload).
  await sw.kill()
  const prerendered = await page.goto(`${app.origin}/rules/prerendered`)
  expect(prerendered!.fromServiceWorker()).toBe(true)
  expect(prerendered!.headers()['x-rule']).toBe('prerendered')
  expect(await renderedIn(page)).toBe(built)
  // Chromium's static routing: the browser answered from Cache Storage without starting the worker.
  expect(await navigationSource(page)).toBe('cache')
  expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart)).toBe(0)
  // With a query the routes do not match: the worker answers it, from the precache too.
  await sw.kill()
  await page.goto(`${app.origin}/rules/prerendered?from=test`)
  expect(await renderedIn(page)).toBe(built)
  expect(await navigationSource(page)).toBe('')

  await sw.kill()
  const swr = await page.goto(`${app.origin}/rules/swr`)
  expect(swr!.fromServiceWorker()).toBe(true)
  expect(await navigationSource(page)).toBe('')
  expect(['hit', 'stale']).toContain(swr!.headers()['x-swerve-cache'])
  expect(await renderedIn(page)).toBe(kept)
  expect(problems).toEqual([])
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
