/** Issue 5: updates that never break a tab, the kill switch, sub-path hosting, the manifest, what the worker leaves alone. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { createHandler } from '../presets/node/serve.ts'
import { serve, type Host } from './helpers/host.ts'
import { variantOf } from './helpers/variant.ts'
import { collectProblems, updateToKillSwitch, waitForController } from './helpers/browser.ts'

const hosts: Host[] = []
test.afterEach(async () => {
  await Promise.all(hosts.splice(0).map(host => host.stop()))
})

async function serveVariant(publicDir: string, base = '/', options: Parameters<typeof serve>[2] = {}) {
  const host = await serve(publicDir, base, options)
  hosts.push(host)
  return host
}

const checkForUpdate = (page: Page) => page.evaluate(async () => {
  const registration = await navigator.serviceWorker.getRegistration()
  await registration?.update()
})

/** Paths the host served while `action` ran. */
async function served(host: Host, action: () => Promise<void>): Promise<string[]> {
  const before = host.requests.length
  await action()
  return host.requests.slice(before)
}

test('prompt: an update is detected, needRefresh shows, update() lands on v2, and only changed files were fetched', async ({ page }) => {
  const app = variantOf('pwa')
  const v1 = await app.build()
  const host = await serveVariant(join(v1.config.outDir, 'public'))
  await page.goto(host.url)
  await waitForController(page)
  await expect(page.getByTestId('offline-ready')).toHaveText('offline ready')
  const v1Assets = new Set(host.requests.filter(path => path.startsWith('/_swerve/')))

  app.edit('app/version.ts', "'v1'", "'v2'")
  await app.build()
  const fetched = await served(host, async () => {
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

test('a v1 tab still loads its lazy chunks after v2 activated (in another tab)', async ({ page, context }) => {
  const app = variantOf('pwa')
  const v1 = await app.build()
  // No HTTP caching: only the worker's cache can still hold v1's files.
  const host = await serveVariant(join(v1.config.outDir, 'public'), '/', { cacheControl: () => 'no-store' })
  await page.goto(host.url)
  await waitForController(page)
  await expect(page.getByTestId('offline-ready')).toHaveText('offline ready')

  // v2 changes the About page: v1's About chunk no longer exists on the host.
  app.edit('app/version.ts', "'v1'", "'v2'")
  app.edit('app/pages/about.vue', 'About v1', 'About v2')
  await app.build()
  const other = await context.newPage()
  await other.goto(host.url)
  await checkForUpdate(other)
  await expect(other.getByTestId('update-banner')).toBeVisible()
  await other.getByTestId('update').click()
  await expect(other.locator('h1')).toHaveText('Home v2')

  // The first tab runs v1's code, under v2's worker.
  await expect(page.locator('h1')).toHaveText('Home v1')
  const v1Chunks = await served(host, async () => {
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

test("auto: the new worker activates by itself and the next navigation lands on v2", async ({ page }) => {
  const app = variantOf('pwa')
  app.edit('swerve.config.ts', "app: {", "sw: { updates: 'auto' },\n  app: {")
  const v1 = await app.build()
  const host = await serveVariant(join(v1.config.outDir, 'public'))
  await page.goto(host.url)
  await waitForController(page)
  app.edit('app/version.ts', "'v1'", "'v2'")
  await app.build()
  const changed = page.evaluate(() => new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })))
  await checkForUpdate(page)
  await changed
  await expect(page.getByTestId('update-banner')).toHaveCount(0)
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page.locator('h1')).toHaveText('About v1')
  await page.getByRole('link', { name: 'Home' }).click()
  await expect(page.locator('h1')).toHaveText('Home v2')
})

test('the kill switch unregisters, deletes swerve caches, keeps app storage and leaves pages to the network', async ({ page }) => {
  const app = variantOf('pwa')
  const v1 = await app.build()
  const host = await serveVariant(join(v1.config.outDir, 'public'))
  await page.goto(host.url)
  await waitForController(page)
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
  expect(await page.evaluate(() => caches.keys())).toContain(`swerve-precache ${host.url}`)

  await updateToKillSwitch(page, () => app.build({ selfDestroy: true }))
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
  const response = await page.goto(`${host.url}about`)
  expect(response?.fromServiceWorker()).toBe(false)
  await expect(page.locator('h1')).toHaveText('About v1')
})

test('two apps on one origin keep caches of their own: the kill switch of /sub/ leaves / working offline', async ({ page, context }) => {
  const root = variantOf('pwa')
  const sub = variantOf('pwa')
  sub.edit('swerve.config.ts', "app: {", "base: '/sub/',\n  app: {")
  sub.edit('app/version.ts', "'v1'", "'sub v1'")
  const [rootBuild, subBuild] = [await root.build(), await sub.build()]
  const subHandler = createHandler({ publicDir: join(subBuild.config.outDir, 'public'), base: '/sub/', cacheControl: () => 'no-store' })
  const host = await serveVariant(join(rootBuild.config.outDir, 'public'), '/', {
    intercept: request => new URL(request.url).pathname.startsWith('/sub/') ? subHandler(request) : undefined,
  })
  // /sub/ first: once registered, its worker (the longer scope) answers under /sub/, not /'s.
  await page.goto(`${host.url}sub/`)
  await waitForController(page)
  await expect(page.locator('h1')).toHaveText('Home sub v1')
  await page.goto(host.url)
  await waitForController(page)
  await page.goto(`${host.url}sub/`)
  expect((await page.evaluate(() => caches.keys())).sort()).toEqual([`swerve-precache ${host.url}`, `swerve-precache ${host.url}sub/`])

  await updateToKillSwitch(page, () => sub.build({ selfDestroy: true }))
  expect(await page.evaluate(() => caches.keys())).toEqual([`swerve-precache ${host.url}`])
  await context.setOffline(true)
  const response = await page.goto(`${host.url}about`)
  expect(response?.fromServiceWorker()).toBe(true)
  await expect(page.locator('h1')).toHaveText('About v1')
  await context.setOffline(false)
})

test('a worker whose cache was deleted under it (a kill switch, with old tabs open) never brings it back', async ({ page }) => {
  const result = await variantOf('pwa').build()
  const host = await serveVariant(join(result.config.outDir, 'public'))
  await page.goto(host.url)
  await waitForController(page)
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

test('base /sub/: works offline under /sub/ and never controls /other/', async ({ page, context }) => {
  const app = variantOf('pwa')
  app.edit('swerve.config.ts', "app: {", "base: '/sub/',\n  app: {")
  const result = await app.build()
  const host = await serveVariant(join(result.config.outDir, 'public'), '/sub/', {
    intercept: (request) => {
      if (!new URL(request.url).pathname.startsWith('/other/')) return undefined
      return new Response('<h1>Other app</h1>', { headers: { 'content-type': 'text/html' } })
    },
  })
  await page.goto(host.url)
  await waitForController(page)
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope)).toBe(host.url)
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page).toHaveURL(`${host.url}about`)

  const other = await page.goto(`${host.origin}/other/`)
  expect(other?.fromServiceWorker()).toBe(false)
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(false)

  await host.stop()
  await context.setOffline(true)
  for (const [path, text] of [['', 'Home v1'], ['about', 'About v1']]) {
    const response = await page.goto(host.url + path)
    expect(response?.fromServiceWorker()).toBe(true)
    await expect(page.locator('h1')).toHaveText(text)
  }
})

for (const [missing, expected] of [['/icon.svg', 'precache failed: {url}icon.svg answered 503'], ['/sw-pipeline.js', 'install failed: {url}sw-pipeline.js?v=']]) {
  test(`a failed install (${missing} answers 503) names the file, and nothing half-cached stays`, async ({ page, context }) => {
    const result = await variantOf('pwa').build()
    const host = await serveVariant(join(result.config.outDir, 'public'), '/', {
      intercept: request => new URL(request.url).pathname === missing ? new Response(null, { status: 503 }) : undefined,
    })
    const messages: string[] = []
    context.on('serviceworker', worker => worker.on('console', message => messages.push(message.text())))
    await page.goto(host.url)
    await expect.poll(() => messages.join('\n')).toContain(expected.replace('{url}', host.url))
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active ?? null)).toBeNull()
    expect(await page.evaluate(() => caches.keys())).toEqual([])
  })
}

test('the manifest is linked and Chromium parses it without errors', async ({ page, context }) => {
  const result = await variantOf('pwa').build()
  const host = await serveVariant(join(result.config.outDir, 'public'))
  await page.goto(host.url)
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest')
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#2f6fed')
  const session = await context.newCDPSession(page)
  const manifest = await session.send('Page.getAppManifest') as { url: string, errors: unknown[], data?: string }
  expect(manifest.url).toBe(`${host.url}manifest.webmanifest`)
  expect(manifest.errors).toEqual([])
  expect(JSON.parse(manifest.data!)).toMatchObject({ name: 'swerve PWA fixture', theme_color: '#2f6fed', start_url: '/' })
})

test('the worker leaves cross-origin and Range requests for static files to the network; unknown files reach it through the pipeline', async ({ page }) => {
  const result = await variantOf('pwa').build()
  const host = await serveVariant(join(result.config.outDir, 'public'))
  await page.goto(host.url)
  await waitForController(page)
  const fromWorker = new Map<string, boolean>()
  page.on('response', response => fromWorker.set(response.url(), response.fromServiceWorker()))
  const entry = await page.locator('script[type="module"]').getAttribute('src')
  const crossOrigin = host.origin.replace('127.0.0.1', 'localhost')
  const statuses = await page.evaluate(async ({ entry, crossOrigin }) => {
    const range = await fetch(entry!, { headers: { range: 'bytes=0-9' } })
    const unknown = await fetch('/not-precached.txt')
    const other = await fetch(`${crossOrigin}/icon.svg`, { mode: 'no-cors' })
    const asset = await fetch(entry!)
    return { range: range.status, unknown: unknown.status, other: other.type, asset: asset.status }
  }, { entry, crossOrigin })
  expect(statuses).toEqual({ range: 206, unknown: 404, other: 'opaque', asset: 200 })
  // Server middleware had its chance first (§10); with nothing answering, the host's 404 came back.
  expect(host.requests).toContain('/not-precached.txt')
  expect(fromWorker.get(`${crossOrigin}/icon.svg`)).toBe(false)
  expect(fromWorker.get(host.origin + entry)).toBe(true)
})

test("network-first: the origin renders while online, the worker when offline", async ({ page, context }) => {
  const app = variantOf('pwa')
  app.edit('swerve.config.ts', "app: {", "sw: { navigation: 'network-first' },\n  app: {")
  const result = await app.build()
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const server = createApp({ storage: 'memory' })
  const host = await serveVariant(join(result.config.outDir, 'public'), '/', { fetch: request => server.fetch(request) })
  await page.goto(host.url)
  await waitForController(page)
  const reachedHost = await served(host, async () => {
    const response = await page.goto(`${host.url}about`)
    expect(response?.fromServiceWorker()).toBe(true)
    await expect(page.locator('h1')).toHaveText('About v1')
  })
  expect(reachedHost).toContain('/about')
  expect(await page.evaluate(async () => (await (await navigator.serviceWorker.getRegistration())!.navigationPreload.getState()).enabled)).toBe(true)

  await host.stop()
  await context.setOffline(true)
  const offline = await page.goto(`${host.url}about`)
  expect(offline?.fromServiceWorker()).toBe(true)
  await expect(page.locator('h1')).toHaveText('About v1')
})

export type { BrowserContext }

test('csp: { nonce: true }: the page hydrates and registers the worker under the policy, and the worker\'s pages carry it with a fresh nonce', async ({ page, context }) => {
  const app = variantOf('pwa')
  app.edit('swerve.config.ts', "app: {", "csp: { nonce: true },\n  app: {")
  const result = await app.build()
  const host = await serveVariant(join(result.config.outDir, 'public'), '/', { cspNonce: true })
  const violations: string[] = []
  page.on('console', message => /Content.Security.Policy|Refused to/i.test(message.text()) && violations.push(message.text()))
  const first = await page.goto(host.url)
  expect(first?.headers()['content-security-policy']).toMatch(/script-src 'nonce-[\w+/=]+' 'strict-dynamic'/)
  await waitForController(page)
  // Hydrated: the link routes in the page, no document request.
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page.locator('h1')).toHaveText('About v1')

  await context.setOffline(true)
  const nonces = new Set<string>()
  for (let i = 0; i < 2; i++) {
    const response = await page.goto(`${host.url}about`)
    expect(response?.fromServiceWorker()).toBe(true)
    const nonce = response?.headers()['content-security-policy']?.match(/'nonce-([\w+/=]+)'/)?.[1]
    expect(nonce).toBeTruthy()
    nonces.add(nonce!)
    expect(await page.locator('script[type="module"]').getAttribute('nonce')).toBe('')
    await page.getByRole('link', { name: 'Home' }).click()
    await expect(page.locator('h1')).toHaveText('Home v1')
  }
  expect(nonces.size).toBe(2)
  expect(violations).toEqual([])
  await context.setOffline(false)
})

/** The pwa fixture on the static preset, with a page that calls the API as soon as it is mounted. */
async function staticVariant() {
  const app = variantOf('pwa')
  mkdirSync(join(app.root, 'server/api'), { recursive: true })
  writeFileSync(join(app.root, 'server/api/hello.ts'), `import { defineHandler } from 'swerve/server'\nexport default defineHandler(() => ({ hello: 'from the worker' }))\n`)
  writeFileSync(join(app.root, 'app/pages/first.vue'), `<script setup lang="ts">
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
`)
  return app.build({ preset: 'static' })
}

test('static host, first visit: the page\'s $fetch waits for the worker instead of getting the host\'s 404', async ({ page }) => {
  const problems = collectProblems(page)
  const built = await staticVariant()
  const host = await serveVariant(join(built.config.outDir, 'public'))
  await page.goto(`${host.url}first`)
  await expect(page.getByTestId('answer')).toHaveText('from the worker')
  expect(host.requests).not.toContain('/api/hello')
  expect(problems).toEqual([])
})

test('service workers blocked: the app says so once, and $fetch fails with a clear 503 instead of a TypeError', async ({ browser }) => {
  const built = await staticVariant()
  const host = await serveVariant(join(built.config.outDir, 'public'))
  const context = await browser.newContext({ serviceWorkers: 'block' })
  const page = await context.newPage()
  const messages: string[] = []
  page.on('console', message => messages.push(message.text()))
  const errors: string[] = []
  page.on('pageerror', error => errors.push(error.message))
  await page.goto(`${host.url}first`)
  await expect(page.getByTestId('answer')).toHaveText(/^503 \/api\/hello is answered by this app's service worker, and the service worker could not be registered: registration was blocked/)
  await expect(page.getByTestId('unavailable')).toHaveText('true')
  expect(errors).toEqual([])
  expect(messages.filter(text => text.startsWith('[swerve] service worker registration failed'))).toHaveLength(1)
  await context.close()
})
