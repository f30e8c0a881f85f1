/** Issue 40: runtime caching with Workbox's strategies, and the precache's budget (test/fixtures/caching). */
import type { Page } from '@playwright/test'
import { listen, type Listening } from '../presets/node/serve.ts'
import { expect, test } from '../playwright/index.ts'
import { updateToKillSwitch } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/caching' } })

const SVG = (color: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="${color}"/></svg>`
const svg = (color: string) => new Response(SVG(color), { headers: { 'content-type': 'image/svg+xml' } })

/** Shows an image on the page; its width once loaded, 0 when it failed. */
const showImage = (page: Page, src: string) => page.evaluate(src => new Promise<number>((resolve) => {
  const image = document.createElement('img')
  image.onload = () => resolve(image.naturalWidth)
  image.onerror = () => resolve(0)
  image.src = src
  document.body.append(image)
}), src)

/** The URLs kept in a runtime cache (`swerve-runtime <name> <scope>`). */
const kept = (page: Page, name: string) => page.evaluate(async (name) => {
  const cacheName = (await caches.keys()).find(key => key.startsWith(`swerve-runtime ${name} `))
  return cacheName ? (await (await caches.open(cacheName)).keys()).map(request => new URL(request.url).pathname) : []
}, name)

test('an image uploaded at run time and seen once online is shown offline', async ({ page, app, sw }) => {
  let uploads = 0
  app.route('/uploads/cat.svg', () => { uploads++; return svg('orange') })
  await page.goto(app.url())
  await sw.ready()
  expect(await showImage(page, '/uploads/cat.svg')).toBe(20)
  await expect.poll(() => kept(page, 'images')).toEqual(['/uploads/cat.svg'])
  await sw.offline()
  await page.reload()
  expect(await showImage(page, '/uploads/cat.svg')).toBe(20)
  expect(uploads).toBe(1)
})

test.describe('another origin', () => {
  let cdn: Listening
  let served: string[]
  test.beforeEach(async () => {
    served = []
    cdn = await listen(async (request) => {
      const { pathname } = new URL(request.url)
      served.push(pathname)
      if (pathname === '/logo.svg') return svg('teal')
      if (pathname === '/inter.woff2') return new Response('font bytes', { headers: { 'content-type': 'font/woff2', 'access-control-allow-origin': '*' } })
      return new Response('not here', { status: 404 })
    })
  })
  test.afterEach(() => cdn.close())

  test('a font and an image of a second origin are served offline after one online visit', async ({ page, app, sw }) => {
    await page.goto(app.url())
    await sw.ready()
    const font = `${cdn.origin}/inter.woff2`
    const loadFont = () => page.evaluate(async (font) => {
      // As a stylesheet's @font-face asks for it (a font request, with CORS).
      const face = new FontFace('Inter', `url(${font})`)
      await face.load().catch(() => {})
      const response = await fetch(font).catch(() => undefined)
      return response ? await response.text() : 'failed'
    }, font)
    expect(await loadFont()).toBe('font bytes')
    expect(await showImage(page, `${cdn.origin}/logo.svg`)).toBe(20)
    await expect.poll(() => kept(page, 'fonts')).toEqual(['/inter.woff2'])
    await expect.poll(() => kept(page, 'cdn')).toEqual(['/logo.svg'])

    await sw.offline()
    await page.reload()
    const before = served.length
    expect(await loadFont()).toBe('font bytes')
    expect(await showImage(page, `${cdn.origin}/logo.svg`)).toBe(20)
    expect(served.length).toBe(before)
  })
})

test('maxEntries: the oldest entries go once a cache holds more', async ({ page, app, sw }) => {
  app.route(/^\/thumbs\//, request => new Response(`thumb ${new URL(request.url).pathname}`))
  await page.goto(app.url())
  await sw.ready()
  for (const n of [1, 2, 3]) {
    expect(await page.evaluate(n => fetch(`/thumbs/${n}`).then(r => r.text()), n)).toBe(`thumb /thumbs/${n}`)
    // Workbox's expiration runs after each write: one at a time keeps the order plain.
    await expect.poll(() => kept(page, 'thumbs').then(keys => keys.includes(`/thumbs/${n}`))).toBe(true)
  }
  await expect.poll(() => kept(page, 'thumbs')).toEqual(['/thumbs/2', '/thumbs/3'])
})

test('NetworkFirst answers from the cache within networkTimeoutSeconds when the network is slow', async ({ page, app, sw }) => {
  let slow = false
  let version = 0
  app.route('/feed/latest', async () => {
    version++
    if (slow) await new Promise(resolve => setTimeout(resolve, 8000))
    return new Response(`feed ${version}`)
  })
  await page.goto(app.url())
  await sw.ready()
  expect(await page.evaluate(() => fetch('/feed/latest').then(r => r.text()))).toBe('feed 1')
  await expect.poll(() => kept(page, 'feed')).toEqual(['/feed/latest'])
  slow = true
  const { text, ms } = await page.evaluate(async () => {
    const start = performance.now()
    const text = await fetch('/feed/latest').then(r => r.text())
    return { text, ms: performance.now() - start }
  })
  expect(text).toBe('feed 1')
  // networkTimeoutSeconds: 1; the network would have taken 8 s.
  expect(ms).toBeLessThan(5000)
})

test('the kill switch removes the runtime caches', async ({ page, app, sw }) => {
  app.route('/uploads/dog.svg', () => svg('brown'))
  await page.goto(app.url())
  await sw.ready()
  expect(await showImage(page, '/uploads/dog.svg')).toBe(20)
  await expect.poll(() => kept(page, 'images')).toEqual(['/uploads/dog.svg'])
  await updateToKillSwitch(page, () => app.deploy({ selfDestroy: true }))
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter(name => name.startsWith('swerve')))).toEqual([])
})

test('a 5 MB file in public/ is left out of the precache; the rest installs', async ({ page, app, sw }) => {
  await app.deploy({ files: { 'public/video.bin': 'x'.repeat(5 * 1024 * 1024), 'public/small.txt': 'small' } })
  const before = app.requests.length
  await page.goto(app.url())
  await sw.ready()
  const precached = await page.evaluate(async () => {
    const name = (await caches.keys()).find(key => key.startsWith('swerve-precache '))!
    return (await (await caches.open(name)).keys()).map(request => new URL(request.url).pathname)
  })
  expect(precached).toContain('/small.txt')
  expect(precached).not.toContain('/video.bin')
  expect(app.requests.slice(before)).not.toContain('/video.bin')
})
