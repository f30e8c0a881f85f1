/**
 * Issue 53: the worker keeps each page it renders and answers the next navigation from it
 * while what the render read is unchanged (test/fixtures/render-cache). Each test fails if a
 * kept page is answered after one of its inputs changed, and checks a hit happened, so none
 * passes with the cache off.
 */
import type { Page } from '@playwright/test'
import { listen } from '../presets/node/serve.ts'
import { expect, test, type SwerveApp, type SwerveWorker } from '../playwright/index.ts'
import { updateToKillSwitch } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/render-cache' } })

/**
 * Navigates to `path`: the text of `testId` in the HTML the worker answered (not the page
 * after hydration, which may fix a stale render), and whether it came from the render cache.
 */
async function visit(page: Page, app: SwerveApp, path: string, testId: string): Promise<{ text: string, cache: string | undefined }> {
  const response = (await page.goto(app.url(path)))!
  const html = await response.text()
  const text = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim()
  if (text === undefined) throw new Error(`no ${testId} in the answer to ${path}`)
  return { text, cache: response.headers()['x-swerve-cache'] }
}

/** Visits `path` until its render is kept (it is kept just after it answers), then once more: a hit. */
async function keptAndHit(page: Page, app: SwerveApp, path: string, testId: string): Promise<string> {
  await visit(page, app, path, testId)
  let seen = await visit(page, app, path, testId)
  for (let i = 0; i < 10 && seen.cache !== 'hit'; i++) seen = await visit(page, app, path, testId)
  expect(seen.cache).toBe('hit')
  return seen.text
}

const put = (sw: SwerveWorker, path: string, body: unknown) => sw.fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

async function start(page: Page, app: SwerveApp, sw: SwerveWorker): Promise<void> {
  await page.goto(app.url())
  await sw.ready()
}

test('a write through a route, then a navigation: the page shows it, then is kept again', async ({ page, app, sw }) => {
  await start(page, app, sw)
  expect((await put(sw, '/api/notes/a', { text: 'one' })).status).toBe(200)
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('one')
  await put(sw, '/api/notes/a', { text: 'two' })
  expect(await visit(page, app, 'notes/a', 'note')).toEqual({ text: 'two', cache: undefined })
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('two')
})

test('the [id] page for two ids: each is kept apart, a write to one leaves the other kept', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'A1' })
  await put(sw, '/api/notes/b', { text: 'B1' })
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('A1')
  expect(await keptAndHit(page, app, 'notes/b', 'note')).toBe('B1')
  await put(sw, '/api/notes/a', { text: 'A2' })
  expect((await visit(page, app, 'notes/a', 'note')).text).toBe('A2')
  expect(await visit(page, app, 'notes/b', 'note')).toEqual({ text: 'B1', cache: 'hit' })
})

test('a list (getKeys): a new key shows at once', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'A' })
  await keptAndHit(page, app, '', 'note-a')
  await put(sw, '/api/notes/c', { text: 'C' })
  expect(await visit(page, app, '', 'note-c')).toEqual({ text: 'C', cache: undefined })
})

test('a write from another tab, and one straight into IndexedDB: the next navigation shows each', async ({ page, app, sw, context }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'first' })
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('first')
  const other = await context.newPage()
  await other.goto(app.url())
  await other.evaluate(() => fetch('/api/notes/a', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'from the other tab' }) }))
  expect((await visit(page, app, 'notes/a', 'note')).text).toBe('from the other tab')
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('from the other tab')
  // The worker hears nothing of this write: the kept page is checked against the store itself.
  await sw.storage('notes').set('a', 'in IndexedDB')
  expect((await visit(page, app, 'notes/a', 'note')).text).toBe('in IndexedDB')
})

test('a layout\'s data: a write to what the layout reads changes every kept page', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/site/banner', { text: 'Hello' })
  await put(sw, '/api/notes/a', { text: 'A' })
  await keptAndHit(page, app, 'notes/a', 'note')
  expect((await visit(page, app, 'notes/a', 'banner')).text).toBe('Hello')
  await put(sw, '/api/site/banner', { text: 'Sale' })
  expect((await visit(page, app, 'notes/a', 'banner')).text).toBe('Sale')
})

test('a cookie change: login and logout show at once', async ({ page, app, sw }) => {
  await start(page, app, sw)
  expect(await keptAndHit(page, app, 'me', 'me')).toBe('signed out')
  await sw.fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ada' }) })
  expect((await visit(page, app, 'me', 'me')).text).toBe('ada')
  expect(await keptAndHit(page, app, 'me', 'me')).toBe('ada')
  await sw.fetch('/api/logout', { method: 'POST' })
  expect((await visit(page, app, 'me', 'me')).text).toBe('signed out')
  // A cookie the page sets itself.
  await keptAndHit(page, app, 'me', 'me')
  await page.evaluate(() => { document.cookie = 'user=grace; path=/' })
  expect((await visit(page, app, 'me', 'me')).text).toBe('grace')
})

test('a page that reads the time, one that fetches another origin and one opted out are never kept', async ({ page, app, sw }) => {
  const other = await listen(async () => new Response(`remote ${Math.random()}`, { headers: { 'access-control-allow-origin': '*', 'content-type': 'text/plain' } }))
  try {
    await start(page, app, sw)
    // `Date.now()` and `new Date()`.
    for (const path of ['clock', 'today']) {
      const times = new Set<string>()
      for (let i = 0; i < 3; i++) {
        const seen = await visit(page, app, path, path)
        expect(seen.cache).toBeUndefined()
        times.add(seen.text)
      }
      expect(times.size).toBe(3)
    }
    const remotes = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const seen = await visit(page, app, `remote?from=${encodeURIComponent(`${other.origin}/x`)}`, 'remote')
      expect(seen.cache).toBeUndefined()
      remotes.add(seen.text)
    }
    expect(remotes.size).toBe(3)
    for (let i = 0; i < 3; i++) expect((await visit(page, app, 'opted-out', 'opted-out')).cache).toBeUndefined()
  } finally {
    await other.close()
  }
})

test('a page that fetches another origin and opts in with an `swr` time is kept: its next visits show the same answer', async ({ page, app, sw }) => {
  const other = await listen(async () => new Response(`remote ${Math.random()}`, { headers: { 'access-control-allow-origin': '*', 'content-type': 'text/plain' } }))
  try {
    await start(page, app, sw)
    const path = `remote-kept?from=${encodeURIComponent(`${other.origin}/x`)}`
    const first = await visit(page, app, path, 'remote')
    expect(first.text).toMatch(/^remote 0\./)
    for (let i = 0; i < 2; i++) expect(await visit(page, app, path, 'remote')).toEqual({ text: first.text, cache: 'hit' })
  } finally {
    await other.close()
  }
})

test('a new build: its worker answers no render of the last one', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'A' })
  await keptAndHit(page, app, 'notes/a', 'note')
  await app.deploy({ files: { 'app/pages/notes/[id].vue': text => text.replace('data-testid="note"', 'data-testid="note" data-build="2"') } })
  await sw.update()
  const html = async () => (await page.goto(app.url('notes/a')))!.text()
  expect(await html()).toContain('data-build="2"')
  expect(await keptAndHit(page, app, 'notes/a', 'note')).toBe('A')
  expect(await html()).toContain('data-build="2"')
})

test('after the worker stops, the kept page still answers, and a write made meanwhile still shows', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'A' })
  await keptAndHit(page, app, 'notes/a', 'note')
  await sw.kill()
  expect(await visit(page, app, 'notes/a', 'note')).toEqual({ text: 'A', cache: 'hit' })
  await sw.kill()
  await sw.storage('notes').set('a', 'while stopped')
  expect((await visit(page, app, 'notes/a', 'note')).text).toBe('while stopped')
})

test('storage cleared, and the kill switch: no kept page answers', async ({ page, app, sw }) => {
  await start(page, app, sw)
  await put(sw, '/api/notes/a', { text: 'A' })
  await keptAndHit(page, app, 'notes/a', 'note')
  await sw.storage('notes').clear()
  expect((await visit(page, app, 'notes/a', 'note')).text).toBe('none')
  await keptAndHit(page, app, 'notes/a', 'note')
  await updateToKillSwitch(page, () => app.deploy({ selfDestroy: true }))
  const left = await page.evaluate(async () => (await caches.keys()).filter(name => name.startsWith('swerve-render')))
  expect(left).toEqual([])
})
