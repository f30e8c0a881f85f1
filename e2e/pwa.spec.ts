/** Issue 5: updates that never break a tab, the kill switch, sub-path hosting, the manifest, what the worker leaves alone. */
import type { Page } from '@playwright/test'
import { createHandler } from '../presets/node/serve.ts'
import { expect, test, type DeployOptions, type SwerveApp } from '../playwright/index.ts'
import { copyOf } from '../test/helpers.ts'
import { afterKillSwitch, collectProblems, navigationSource, updateToKillSwitch } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/pwa' } })

/** The fixture's files with these edits: each is [file, from, to]. */
function edited(...edits: [file: string, from: string, to: string][]): NonNullable<DeployOptions['files']> {
  const files: NonNullable<DeployOptions['files']> = {}
  for (const [file, from, to] of edits) {
    const before = files[file] as ((text: string) => string) | undefined
    files[file] = text => (before ? before(text) : text).replace(from, to)
  }
  return files
}
const V2: [string, string, string] = ['app/version.ts', "'v1'", "'v2'"]
const config = (line: string): [string, string, string] => ['swerve.config.ts', 'app: {', `${line}\n  app: {`]

const checkForUpdate = (page: Page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.getRegistration()
  await registration?.update()
})

/** Paths the host served while `action` ran. */
async function served(app: SwerveApp, action: () => Promise<void>): Promise<string[]> {
  const before = app.requests.length
  await action()
  return app.requests.slice(before)
}

test('prompt: an update is detected, needRefresh shows, update() lands on v2, and only changed files were fetched', async ({ page, app, sw }) => {
  // v1 from a copy too: both builds then see swerve's own files by the same relative path (docs/playwright.md#deploy).
  await app.deploy({ files: {} })
  await page.goto(app.url())
  await sw.ready()
  await expect(page.getByTestId('offline-ready')).toHaveText('offline ready')
  const v1Assets = new Set(app.requests.filter(path => path.startsWith('/_swerve/')))

  await app.deploy({ files: edited(V2) })
  const fetched = await served(app, async () => {
    await checkForUpdate(page)
    await expect(page.getByTestId('update-banner')).toBeVisible()
  })
  const assetsFetched = fetched.filter(path => path.startsWith('/_swerve/'))
  expect(assetsFetched.length).toBeGreaterThan(0)
  // Only files that did not exist in v1: the changed page's chunk and the entry that names it.
  expect(assetsFetched.filter(path => v1Assets.has(path.split('?')[0]))).toEqual([])
  expect(assetsFetched.length).toBeLessThanOrEqual(3)

  await expect(page.locator('h1')).toHaveText('Home v1')
  await page.getByTestId('update').click()
  await expect(page.locator('h1')).toHaveText('Home v2')
  await expect(page.getByTestId('update-banner')).toHaveCount(0)
})

test.describe('with no HTTP caching', () => {
  // Only the worker's cache can still hold v1's files.
  test.use({ swerveApp: { root: './test/fixtures/pwa', cacheControl: () => 'no-store' } })

  test('a v1 tab still loads its lazy chunks after v2 activated (in another tab)', async ({ page, context, app, sw }) => {
    await page.goto(app.url())
    await sw.ready()
    await expect(page.getByTestId('offline-ready')).toHaveText('offline ready')

    // v2 changes the About page: v1's About chunk no longer exists on the host.
    await app.deploy({ files: edited(V2, ['app/pages/about.vue', 'About v1', 'About v2']) })
    const other = await context.newPage()
    await other.goto(app.url())
    await checkForUpdate(other)
    await expect(other.getByTestId('update-banner')).toBeVisible()
    await other.getByTestId('update').click()
    await expect(other.locator('h1')).toHaveText('Home v2')

    // The first tab runs v1's code, under v2's worker.
    await expect(page.locator('h1')).toHaveText('Home v1')
    const v1Chunks = await served(app, async () => {
      await page.getByRole('link', { name: 'About' }).click()
      await expect(page.locator('h1')).toHaveText('About v1')
      await expect(page.locator('h1')).toHaveCSS('color', 'rgb(47, 111, 237)')
    })
    expect(v1Chunks).toEqual([])

    // Once no tab runs v1 any more, its files leave the cache.
    const precached = () => page.evaluate(async () => (await (await caches.open(`swerve-precache ${location.origin}/`)).keys()).map(r => new URL(r.url).pathname))
    const aboutV1 = (await precached()).filter(path => /about-\w+\.js$/.test(path))
    expect(aboutV1.length).toBe(2)
    await page.reload()
    await expect(page.locator('h1')).toHaveText('About v2')
    await expect.poll(async () => (await precached()).filter(path => /about-\w+\.js$/.test(path)).length).toBe(1)
  })
})

test("auto: the new worker activates by itself and the next navigation lands on v2", async ({ page, app, sw }) => {
  const auto = config("sw: { updates: 'auto' },")
  await app.deploy({ files: edited(auto) })
  await page.goto(app.url())
  await sw.ready()
  await app.deploy({ files: edited(auto, V2) })
  const changed = page.evaluate(() => new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })))
  await checkForUpdate(page)
  await changed
  await expect(page.getByTestId('update-banner')).toHaveCount(0)
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page.locator('h1')).toHaveText('About v1')
  await page.getByRole('link', { name: 'Home' }).click()
  await expect(page.locator('h1')).toHaveText('Home v2')
})

test('the kill switch unregisters, deletes swerve caches, keeps app storage and leaves pages to the network', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await page.evaluate(async () => {
    await (await caches.open('app-data')).put('/app-data', new Response('mine'))
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('app-db', 1)
      open.onupgradeneeded = () => open.result.createObjectStore('notes')
      open.onsuccess = () => {
        const tx = open.result.transaction('notes', 'readwrite')
        tx.objectStore('notes').put('kept', 'note-1')
        tx.oncomplete = () => { open.result.close(); resolve() }
      }
      open.onerror = () => reject(open.error)
    })
  })
  expect(await page.evaluate(() => caches.keys())).toContain(`swerve-precache ${app.url()}`)

  await updateToKillSwitch(page, () => app.deploy({ selfDestroy: true }))
  const state = await page.evaluate(async () => ({
    caches: await caches.keys(),
    note: await new Promise((resolve) => {
      const open = indexedDB.open('app-db', 1)
      open.onsuccess = () => {
        const get = open.result.transaction('notes').objectStore('notes').get('note-1')
        get.onsuccess = () => resolve(get.result)
      }
    }),
  }))
  expect(state.caches).toEqual(['app-data'])
  expect(state.note).toBe('kept')
  const response = await page.goto(app.url('about'))
  expect(response).not.toBeFromServiceWorker()
  await expect(page.locator('h1')).toHaveText('About v1')
})

test('the kill switch in the real flow: with two tabs open, one navigates and looks for an update; no click, nothing swerve left', async ({ page, context, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const other = await context.newPage()
  await other.goto(app.url('about'))
  await expect(other.locator('h1')).toHaveText('About v1')
  // A request of the old worker's still in flight: a long poll the host holds for a minute.
  app.route('/long-poll', () => new Promise(resolve => setTimeout(() => resolve(new Response('late')), 60_000)))
  void other.evaluate(() => fetch('/long-poll')).catch(() => {})
  await app.deploy({ selfDestroy: true })
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page.locator('h1')).toHaveText('About v1')
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() }).catch(() => {})
  // Both tabs reloaded from the network by themselves, and it stays so: no page registers sw.js again.
  await afterKillSwitch([page, other], app.url())
  await expect(other.locator('h1')).toHaveText('About v1')
})

test('two apps on one origin keep caches of their own: the kill switch of /sub/ leaves / working offline', async ({ page, app, sw }) => {
  // A second app under /sub/ on the same host, built beside the fixture's.
  const sub = copyOf('pwa')
  try {
    sub.edit('swerve.config.ts', 'app: {', "base: '/sub/',\n  app: {")
    sub.edit('app/version.ts', "'v1'", "'sub v1'")
    let subHandler = createHandler({ publicDir: (await sub.build()).publicDir, base: '/sub/', cacheControl: () => 'no-store' })
    app.route(/^\/sub\//, request => subHandler(request))
    // /sub/ first: once registered, its worker (the longer scope) answers under /sub/, not /'s.
    await page.goto(app.url('sub/'))
    await sw.ready()
    await expect(page.locator('h1')).toHaveText('Home sub v1')
    await page.goto(app.url())
    await sw.ready()
    await page.goto(app.url('sub/'))
    expect((await page.evaluate(() => caches.keys())).sort()).toEqual([`swerve-precache ${app.url()}`, `swerve-precache ${app.url('sub/')}`])

    await updateToKillSwitch(page, async () => {
      subHandler = createHandler({ publicDir: (await sub.build({ selfDestroy: true })).publicDir, base: '/sub/', cacheControl: () => 'no-store' })
    })
    expect(await page.evaluate(() => caches.keys())).toEqual([`swerve-precache ${app.url()}`])
    await sw.offline()
    const response = await page.goto(app.url('about'))
    expect(response).toBeFromServiceWorker()
    await expect(page.locator('h1')).toHaveText('About v1')
  } finally {
    sub.remove()
  }
})

test('a worker whose cache was deleted under it (a kill switch, with old tabs open) never brings it back', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const entry = await page.locator('script[type="module"]').getAttribute('src')
  await page.evaluate(async (entry) => {
    await Promise.all((await caches.keys()).map(name => caches.delete(name)))
    // What an old tab does after the kill switch deleted the caches: asks its worker to prune, loads a file.
    navigator.serviceWorker.controller!.postMessage({ type: 'SWERVE_PRUNE' })
    await fetch(entry!)
  }, entry)
  // The prune runs in the worker after the message: give it time to do any harm.
  await page.waitForTimeout(1000)
  expect(await page.evaluate(() => caches.keys())).toEqual([])
})

test('base /sub/: works offline under /sub/ and never controls /other/', async ({ page, app, sw }) => {
  // About prerendered too: its static route is under the base.
  await app.deploy({ files: edited(config("base: '/sub/',\n  routeRules: { '/about': { prerender: true } },")) })
  app.route(/^\/other\//, () => new Response('<h1>Other app</h1>', { headers: { 'content-type': 'text/html' } }))
  await page.goto(app.url())
  await sw.ready()
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(app.url())
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page).toHaveURL(app.url('about'))

  const other = await page.goto(`${app.origin}/other/`)
  expect(other).not.toBeFromServiceWorker()
  await expect(page).not.toBeControlled()

  await sw.offline()
  for (const [path, text] of [['', 'Home v1'], ['about', 'About v1']]) {
    const response = await page.goto(app.url(path))
    expect(response).toBeFromServiceWorker()
    await expect(page.locator('h1')).toHaveText(text)
    expect(await navigationSource(page)).toBe(path === 'about' ? 'cache' : '')
  }
})

for (const [missing, expected] of [['/icon.svg', 'precache failed: {url}icon.svg answered 503'], ['/sw-pipeline.js', 'install failed: {url}sw-pipeline.js?v=']]) {
  test(`a failed install (${missing} answers 503) names the file, and nothing half-cached stays`, async ({ page, app, sw }) => {
    app.route(missing, () => new Response(null, { status: 503 }))
    await page.goto(app.url())
    await expect.poll(() => sw.messages.join('\n')).toContain(expected.replace('{url}', app.url()))
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active ?? null)).toBeNull()
    expect(await page.evaluate(() => caches.keys())).toEqual([])
  })
}

test('the manifest is linked and Chromium parses it without errors', async ({ page, context, app }) => {
  await page.goto(app.url())
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest')
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#2f6fed')
  const session = await context.newCDPSession(page)
  const manifest = await session.send('Page.getAppManifest') as { url: string, errors: unknown[], data?: string }
  expect(manifest.url).toBe(app.url('manifest.webmanifest'))
  expect(manifest.errors).toEqual([])
  expect(JSON.parse(manifest.data!)).toMatchObject({ name: 'swerve PWA fixture', theme_color: '#2f6fed', start_url: '/' })
})

test('the worker leaves cross-origin and Range requests for static files to the network; unknown files reach it through the pipeline', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  const fromWorker = new Map<string, boolean>()
  page.on('response', response => fromWorker.set(response.url(), response.fromServiceWorker()))
  const entry = await page.locator('script[type="module"]').getAttribute('src')
  const crossOrigin = app.origin.replace('127.0.0.1', 'localhost')
  const statuses = await page.evaluate(async ({ entry, crossOrigin }) => {
    const range = await fetch(entry!, { headers: { range: 'bytes=0-9' } })
    const unknown = await fetch('/not-precached.txt')
    const other = await fetch(`${crossOrigin}/icon.svg`, { mode: 'no-cors' })
    const asset = await fetch(entry!)
    return { range: range.status, unknown: unknown.status, other: other.type, asset: asset.status }
  }, { entry, crossOrigin })
  expect(statuses).toEqual({ range: 206, unknown: 404, other: 'opaque', asset: 200 })
  // Server middleware had its chance first (§10); with nothing answering, the host's 404 came back.
  expect(app.requests).toContain('/not-precached.txt')
  expect(fromWorker.get(`${crossOrigin}/icon.svg`)).toBe(false)
  expect(fromWorker.get(app.origin + entry)).toBe(true)
})

test.describe('with the app\'s Node server as the origin', () => {
  test.use({ swerveApp: { root: './test/fixtures/pwa', preset: 'node' } })

  test('network-first: the origin renders while online, the worker when offline', async ({ page, app, sw }) => {
    await app.deploy({ files: edited(config("sw: { navigation: 'network-first' },")) })
    await page.goto(app.url())
    await sw.ready()
    const reachedHost = await served(app, async () => {
      const response = await page.goto(app.url('about'))
      expect(response).toBeFromServiceWorker()
      await expect(page.locator('h1')).toHaveText('About v1')
    })
    expect(reachedHost).toContain('/about')
    expect(await page.evaluate(async () => (await (await navigator.serviceWorker.getRegistration())!.navigationPreload.getState()).enabled)).toBe(true)

    await sw.offline()
    const offline = await page.goto(app.url('about'))
    expect(offline).toBeFromServiceWorker()
    await expect(page.locator('h1')).toHaveText('About v1')
  })

  test('csp: { nonce: true }: the page hydrates and registers the worker under the policy, and the worker\'s pages carry it with a fresh nonce', async ({ page, app, sw }) => {
    // About prerendered and home swr too: the browser must not hand back one kept copy (docs/routing.md).
    await app.deploy({ files: edited(config('csp: { nonce: true },\n  routeRules: { \'/about\': { prerender: true }, \'/\': { swr: 60 } },')) })
    const violations: string[] = []
    page.on('console', message => /Content.Security.Policy|Refused to/i.test(message.text()) && violations.push(message.text()))
    const first = await page.goto(app.url())
    expect(first?.headers()['content-security-policy']).toMatch(/script-src 'nonce-[\w+/=]+' 'strict-dynamic'/)
    await sw.ready()
    // Hydrated: the link routes in the page, no document request.
    await page.getByRole('link', { name: 'About' }).click()
    await expect(page.locator('h1')).toHaveText('About v1')

    await sw.offline()
    const nonces = new Set<string>()
    for (let i = 0; i < 2; i++) {
      const response = await page.goto(app.url('about'))
      expect(response).toBeFromServiceWorker()
      expect(await navigationSource(page)).toBe('')
      const nonce = response?.headers()['content-security-policy']?.match(/'nonce-([\w+/=]+)'/)?.[1]
      expect(nonce).toBeTruthy()
      nonces.add(nonce!)
      expect(await page.locator('script[type="module"]').getAttribute('nonce')).toBe('')
      await page.getByRole('link', { name: 'Home' }).click()
      await expect(page.locator('h1')).toHaveText('Home v1')
      // The kept swr render, answered by the worker with a nonce of its own.
      const home = await page.goto(app.url())
      expect(home).toBeFromServiceWorker()
      expect(await navigationSource(page)).toBe('')
      nonces.add(home?.headers()['content-security-policy']?.match(/'nonce-([\w+/=]+)'/)?.[1] ?? '')
      await expect(page.locator('h1')).toHaveText('Home v1')
    }
    expect(nonces.size).toBe(4)
    expect(violations).toEqual([])
  })
})

/** A page that calls the API as soon as it is mounted, and the route it calls (the fixture is on the static preset). */
const CALLS_AT_ONCE = {
  'server/api/hello.ts': `import { defineHandler } from 'swerve/server'\nexport default defineHandler(() => ({ hello: 'from the worker' }))\n`,
  'app/pages/first.vue': `<script setup lang="ts">
import { onMounted, ref } from 'vue'
import { $fetch, useServiceWorker } from 'swerve/app'
const answer = ref('waiting')
const { unavailable } = useServiceWorker()
onMounted(async () => {
  try {
    answer.value = (await $fetch<{ hello: string }>('/api/hello')).hello
  } catch (error) {
    answer.value = \`\${(error as { status: number }).status} \${(error as { data: { message: string } }).data.message}\`
  }
})
</script>
<template><main><p data-testid="answer">{{ answer }}</p><p data-testid="unavailable">{{ unavailable }}</p></main></template>
`,
}

test('static host, first visit: the page\'s $fetch waits for the worker instead of getting the host\'s 404', async ({ page, app }) => {
  const problems = collectProblems(page)
  await app.deploy({ files: CALLS_AT_ONCE })
  await page.goto(app.url('first'))
  await expect(page.getByTestId('answer')).toHaveText('from the worker')
  expect(app.requests).not.toContain('/api/hello')
  expect(problems).toEqual([])
})

test('service workers blocked: the app says so once, and $fetch fails with a clear 503 instead of a TypeError', async ({ browser, app }) => {
  await app.deploy({ files: CALLS_AT_ONCE })
  const context = await browser.newContext({ serviceWorkers: 'block' })
  const page = await context.newPage()
  const messages: string[] = []
  page.on('console', message => messages.push(message.text()))
  const errors: string[] = []
  page.on('pageerror', error => errors.push(error.message))
  await page.goto(app.url('first'))
  await expect(page.getByTestId('answer')).toHaveText(/^503 \/api\/hello is answered by this app's service worker, and the service worker could not be registered: registration was blocked/)
  await expect(page.getByTestId('unavailable')).toHaveText('true')
  expect(errors).toEqual([])
  expect(messages.filter(text => text.startsWith('[swerve] service worker registration failed'))).toHaveLength(1)
  await context.close()
})
