/**
 * Nuxt modules from the registry (docs/modules.md) in the page and the worker:
 * test/fixtures/modules-registry with @pinia/nuxt, @vueuse/nuxt, @nuxtjs/color-mode and
 * @nuxtjs/tailwindcss 6 with daisyUI 4, @nuxt/icon with a local Iconify collection, and
 * @nuxt/image with its `none` provider, its photos kept by a runtime caching rule.
 */
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('@pinia/nuxt, @vueuse/nuxt, @nuxtjs/color-mode and @nuxtjs/tailwindcss with daisyUI', () => {
  test.use({ swerveApp: { root: './test/fixtures/modules-registry' } })

  test('the store hydrates from the payload, VueUse and color mode work, with no flash on the first visit and on the worker\'s renders, offline', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    // The <html> class when <body> first exists: color-mode's head script set it before anything painted.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return
        ;(window as unknown as { classAtBody: string }).classAtBody = `${document.documentElement.className} ${document.documentElement.dataset.theme}`
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true })
    })
    const classAtBody = () => page.evaluate(() => (window as unknown as { classAtBody: string }).classAtBody)
    await page.goto(app.url())
    expect(await classAtBody()).toBe('dark dark')
    await sw.ready()
    await sw.hydrated()
    await expect(page.getByTestId('store')).toHaveText('41 Ada')
    await page.getByTestId('increment').click()
    await expect(page.getByTestId('store')).toHaveText('42 Ada')
    await page.getByTestId('inc').click()
    await expect(page.getByTestId('vueuse')).toHaveText('11')
    await expect(page.getByTestId('color-mode')).toHaveText('dark')
    // Tailwind's utilities and daisyUI's themed button, from the module's PostCSS run.
    await expect(page.getByTestId('brand')).toHaveCSS('color', 'rgb(102, 51, 153)')
    const darkButton = await page.getByTestId('light').evaluate(button => getComputedStyle(button).backgroundColor)
    await page.getByTestId('light').click()
    await expect(page.locator('html')).toHaveClass('light')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
    expect(await page.getByTestId('light').evaluate(button => getComputedStyle(button).backgroundColor)).not.toBe(darkButton)

    await sw.offline()
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    // The choice is kept, and the worker's page has the script too: light before the body paints.
    expect(await classAtBody()).toBe('light light')
    await sw.hydrated()
    await expect(page.getByTestId('color-mode')).toHaveText('light')
    await expect(page.getByTestId('store')).toHaveText('41 Ada')
    // @nuxt/icon: the icon is drawn, and its handler answers from the worker.
    expect(await page.locator('.i-heroicons\\:star').evaluate(icon => getComputedStyle(icon).maskImage)).toMatch(/^url\("data:image\/svg\+xml/)
    expect(await page.evaluate(() => fetch('/api/_nuxt_icon/heroicons.json?icons=check').then(r => r.json()).then(data => Object.keys(data.icons)))).toEqual(['check'])
    expect(problems).toEqual([])
  })
})

/** The natural widths of the page's <NuxtImg> and <NuxtPicture> once loaded (0 for one that failed; a `w` srcset scales it). */
const imageWidths = (page: Page) => page.evaluate(() => Promise.all(['#img', '#picture img'].map(selector => {
  const image = document.querySelector<HTMLImageElement>(selector)!
  return image.complete ? image.naturalWidth : new Promise<number>((resolve) => {
    image.addEventListener('load', () => resolve(image.naturalWidth))
    image.addEventListener('error', () => resolve(0))
  })
})))

/** The paths kept in a runtime cache (`swerve-runtime <name> <scope>`). */
const kept = (page: Page, name: string) => page.evaluate(async (name) => {
  const cacheName = (await caches.keys()).find(key => key.startsWith(`swerve-runtime ${name} `))
  return cacheName ? (await (await caches.open(cacheName)).keys()).map(request => new URL(request.url).pathname).sort() : []
}, name)

test.describe('@nuxt/image', () => {
  test.use({ swerveApp: { root: './test/fixtures/modules-registry' } })

  test('<NuxtImg> and <NuxtPicture> render and hydrate; their images, seen once online, are kept by the runtime rule and answered by the worker offline', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    // Under the worker: the photos (not precached) go through its runtime rule.
    await page.goto(app.url('images'))
    await sw.hydrated()
    expect((await imageWidths(page)).map(width => width > 0)).toEqual([true, true])
    await expect.poll(() => kept(page, 'photos')).toEqual(['/photos/hill.png', '/photos/lake.png'])

    await sw.offline()
    const photos: boolean[] = []
    page.on('response', (response) => { if (response.url().includes('/photos/')) photos.push(response.fromServiceWorker()) })
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    expect((await imageWidths(page)).map(width => width > 0)).toEqual([true, true])
    expect(photos.length).toBeGreaterThan(0)
    expect(photos.every(Boolean)).toBe(true)
    await expect(page.locator('#img')).toHaveAttribute('width', '120')
    // Back home by client navigation, offline: the store's state is the client's now (the server set 41).
    await page.locator('#home').click()
    await expect(page.getByTestId('vueuse')).toHaveText('10')
    expect(problems).toEqual([])
  })
})
