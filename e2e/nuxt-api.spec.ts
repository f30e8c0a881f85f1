/**
 * Nuxt's API in the page (docs/conventions.md#support): the starter app from `npm create nuxt`
 * offline under the worker, and the client side of test/fixtures/nuxt-api.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('npm create nuxt starter', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-starter' } })

  test('builds, comes under the worker and renders offline: <NuxtWelcome>, <NuxtRouteAnnouncer>, favicon', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    await expect(page.getByTestId('nuxt-welcome').locator('h1')).toHaveText('Your app is running')
    await sw.offline()
    const response = await page.goto(app.url())
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.getByTestId('nuxt-welcome').locator('h1')).toHaveText('Your app is running')
    await expect(page.locator('.nuxt-route-announcer [aria-live="polite"]')).toHaveCount(1)
    const icon = await page.evaluate(async () => (await fetch('/favicon.ico')).status)
    expect(icon).toBe(200)
    expect(problems).toEqual([])
  })
})

test.describe('nuxt-api in the page', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-api' } })

  test('a cached handler\'s answer is kept in the worker\'s storage: the worker answers it again after a restart and offline', async ({ page, app, sw }) => {
    await page.goto(app.url())
    await sw.ready()
    const ask = () => page.evaluate(async () => {
      const response = await fetch('/api/cached?q=kept')
      return { body: await response.json() as { calls: number, made: string }, made: response.headers.get('x-made-by-call') }
    })
    const first = await ask()
    expect(await ask()).toEqual(first)
    // A worker started again has none of the last one's memory: the answer comes from IndexedDB.
    await sw.kill()
    expect(await ask()).toEqual(first)
    await sw.offline()
    expect(await ask()).toEqual(first)
  })

  test('<NuxtRouteAnnouncer> reads the new page\'s title after a client navigation', async ({ page, app, sw }) => {
    await page.goto(app.url('client'))
    await sw.hydrated()
    const region = page.locator('.nuxt-route-announcer [aria-live]')
    await expect(region).toHaveText('')
    await page.getByTestId('to-later').click()
    await expect(page.getByTestId('later')).toBeVisible()
    await expect(region).toHaveText('A later page')
  })

  test('onNuxtReady, preloadRouteComponents, preloadComponents, navigateTo open, refreshCookie, reloadNuxtApp', async ({ page, app, sw }) => {
    await page.goto(app.url('client'))
    await sw.hydrated()
    await expect(page.getByTestId('ready')).toHaveText('ready')

    const scripts: string[] = []
    page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(request.url()) })
    await page.getByTestId('preload').click()
    await expect(page.getByTestId('preloaded')).toHaveText('preloaded')
    expect(scripts.some(url => /later/.test(url))).toBe(true)
    await page.getByTestId('preload-components').click()
    await expect(page.getByTestId('components')).toHaveText('loaded')
    expect(scripts.some(url => /GlobalChart/.test(url))).toBe(true)

    const popup = page.waitForEvent('popup')
    await page.getByTestId('open').click()
    expect(new URL((await popup).url()).pathname).toBe('/client/later')

    await expect(page.getByTestId('flavour')).toHaveText('none')
    await page.getByTestId('cookie').click()
    await expect(page.getByTestId('flavour')).toHaveText('mint')

    await page.getByTestId('reload').click()
    await page.waitForURL(/reloaded=1/)
    await sw.hydrated()
    await expect(page.getByTestId('reloaded')).toHaveText('1')
  })

  test('a .client component renders after hydration, with its props and slot, and no hydration mismatch', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url('client/modes'))
    await sw.hydrated()
    await expect(page.getByTestId('clock')).toHaveText('client only: slotted zone')
    await expect(page.getByTestId('summary')).toHaveText('summary')
    expect(problems).toEqual([])
  })

  test('useAsyncData deep/shallow, a ref in useFetch\'s query fetches again (with or without a key), server: false fetches after hydration', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url('data/client'))
    await sw.hydrated()
    await expect(page.getByTestId('later')).toHaveText('fetched in the page success')
    // deep: false: a change inside the data does not render; deep: true does.
    await page.getByTestId('bump-shallow').click()
    await page.waitForTimeout(100)
    await expect(page.getByTestId('shallow')).toHaveText('0')
    await page.getByTestId('bump-deep').click()
    await expect(page.getByTestId('deep')).toHaveText('1')
    await expect(page.getByTestId('item-page')).toHaveText('1 1')
    await page.getByTestId('next').click()
    await expect(page.getByTestId('item-page')).toHaveText('2 2')
    expect(problems).toEqual([])
  })

  test('NuxtLink: prefetch false never loads ahead, prefetch interaction on hover; custom navigates; replace takes the place of the page in history', async ({ page, app, sw }) => {
    const scripts: string[] = []
    page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname) })
    await page.goto(app.url('more/links'))
    await sw.hydrated()
    await page.waitForTimeout(300)
    expect(scripts.filter(path => /\/(far|near)-/.test(path))).toEqual([])
    await page.getByTestId('on-interaction').hover()
    await expect.poll(() => scripts.some(path => /\/near-/.test(path))).toBe(true)
    expect(scripts.some(path => /\/far-/.test(path))).toBe(false)

    const length = () => page.evaluate(() => history.length)
    const before = await length()
    await page.getByTestId('replace').click()
    await expect(page.getByTestId('later')).toBeVisible()
    // replace: the links page's entry became this one; none was added.
    expect(await length()).toBe(before)
    await page.goto(app.url('more/links'))
    await sw.hydrated()
    const again = await length()
    await page.getByTestId('custom').click()
    await expect(page.getByTestId('later')).toBeVisible()
    expect(await length()).toBe(again + 1)
  })

  test('callOnce mode navigation runs again after each navigation, the default only once', async ({ page, app, sw }) => {
    await page.goto(app.url('more/once'))
    await sw.hydrated()
    await expect(page.getByTestId('once')).toHaveText('1 1')
    await page.getByTestId('away').click()
    await page.getByTestId('back-once').click()
    await expect(page.getByTestId('once')).toHaveText('2 1')
    await page.getByTestId('away').click()
    await page.getByTestId('back-once').click()
    await expect(page.getByTestId('once')).toHaveText('3 1')
  })

  test('onBeforeRouteUpdate runs when the params change; onBeforeRouteLeave can stop a navigation', async ({ page, app, sw }) => {
    await page.goto(app.url('more/route/1'))
    await sw.hydrated()
    await page.getByTestId('to-2').click()
    await expect(page.getByTestId('guards')).toHaveText('1 updates, 0 blocked')
    await page.getByTestId('leave').click()
    await expect(page.getByTestId('guards')).toHaveText('1 updates, 1 blocked')
    await page.getByTestId('leave').click()
    await expect(page.getByTestId('later')).toBeVisible()
  })
})
