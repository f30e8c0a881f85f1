/**
 * Nuxt behaviours apps and their tests rely on (test/fixtures/nuxt-behaviour): `window.useNuxtApp`
 * and `isHydrating`, `<Html>`/`<Body>`/`<Head>` around markup, and errors in Nuxt's order.
 */
import { expect, test } from '../playwright/index.ts'
import type { Page } from '@playwright/test'
import { collectProblems } from './checks.ts'

const errorsIn = (page: Page) => page.evaluate(() => (window as { __errors?: string[] }).__errors ?? [])
const serverErrors = async (page: Page) => JSON.parse(await page.locator('#server-errors').textContent() ?? '[]') as string[]
const hydrated = (page: Page) => page.waitForFunction(() => (window as { useNuxtApp?: () => { isHydrating: boolean } }).useNuxtApp?.().isHydrating === false)

test.describe('nuxt behaviours (node)', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-behaviour', preset: 'node' } })

  test('window.useNuxtApp is the app: isHydrating is true while hydrating, false once it ends', async ({ page, app }) => {
    await page.addInitScript(() => {
      // The first look at the app: when swerve sets window.useNuxtApp, then at app:beforeMount.
      Object.defineProperty(window, 'useNuxtApp', {
        configurable: true,
        get: () => undefined,
        set(value: () => { isHydrating: boolean, hook: (name: string, fn: () => void) => void }) {
          Object.defineProperty(window, 'useNuxtApp', { value, writable: true, configurable: true })
          const seen = (window as { __hydrating?: boolean[] }).__hydrating = [value().isHydrating]
          value().hook('app:beforeMount', () => { seen.push(value().isHydrating) })
        },
      })
    })
    await page.goto(app.url())
    await hydrated(page)
    expect(await page.evaluate(() => (window as { __hydrating?: boolean[] }).__hydrating)).toEqual([true, true])
    await expect(page.locator('html')).toHaveAttribute('data-swerve-hydrated', '')
  })

  test('<Html>, <Body> and <Head> render their slot; their tags and attributes apply on the server and follow navigation', async ({ page, app }) => {
    const problems = collectProblems(page)
    const response = await page.request.get(app.url())
    const html = await response.text()
    expect(html).toMatch(/<html[^>]* lang="en"/)
    expect(html).toMatch(/<body[^>]* class="(shell home|home shell)"/)
    expect(html).toContain('<title>Number 1 · Behaviour</title>')
    expect(html).toMatch(/<meta name="description" content="Number 1, described">/)
    expect(html).toContain('data-testid="inside-html"')

    await page.goto(app.url())
    await hydrated(page)
    await expect(page.getByTestId('inside-html')).toHaveText('inside Html')
    await expect(page.getByTestId('nav-about')).toBeVisible()
    await page.getByTestId('bump').click()
    await expect(page).toHaveTitle('Number 2 · Behaviour')
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', 'Number 2, described')
    await page.getByTestId('nav-about').click()
    await expect(page.getByTestId('about')).toBeVisible()
    await expect(page).toHaveTitle('About · Behaviour')
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', 'The about page')
    await expect(page.locator('html')).not.toHaveAttribute('lang', 'en')
    await expect(page.locator('body')).toHaveClass('shell')
    await page.getByTestId('nav-home').click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page.locator('body')).toHaveClass(/home/)
    expect(problems).toEqual([])
  })

  test('a layout the page names itself with <NuxtLayout name> hydrates without a mismatch', async ({ page, app }) => {
    const problems = collectProblems(page)
    await page.goto(app.url('boxed'))
    await hydrated(page)
    await expect(page.getByTestId('boxed')).toContainText('the boxed header')
    await page.getByTestId('toggle-layout').click()
    await expect(page.getByTestId('boxed')).toHaveCount(0)
    await expect(page.getByTestId('boxed-content')).toBeVisible()
    expect(problems).toEqual([])
  })

  test('an error in setup() on the server: vue:error, then app:error, then the error page', async ({ page, app }) => {
    const response = await page.goto(app.url('?setup-error'))
    expect(response?.status()).toBe(500)
    await expect(page.getByTestId('error-message')).toBeVisible()
    expect(await serverErrors(page)).toEqual(['vue:error thrown in setup', 'app:error thrown in setup'])
    await expect(page.locator('body')).toHaveClass('failed')
  })

  test('a plugin that fails on both sides: the page keeps the server\'s error and hydrates its error page', async ({ page, app }) => {
    const problems = collectProblems(page)
    const response = await page.goto(app.url('?plugin-error'))
    expect(response?.status()).toBe(500)
    await hydrated(page)
    expect(await serverErrors(page)).toEqual(['app:error failed on the server'])
    await expect(page.getByTestId('error-message')).toBeVisible()
    expect(await errorsIn(page)).toEqual(['app:error failed in the page'])
    expect(await page.getByTestId('error-message').textContent()).not.toContain('in the page')
    // The document's own 500 is the only console error.
    expect(problems.filter(problem => !problem.includes('status of 500'))).toEqual([])
  })

  test('an error while hydrating, without an errorHandler of the app\'s: vue:error, app:error, then the error page', async ({ page, app }) => {
    await page.goto(app.url('?mounted-error'))
    await expect(page.getByTestId('error-message')).toHaveText('thrown in mounted')
    expect(await errorsIn(page)).toEqual(['vue:error thrown in mounted', 'app:error thrown in mounted'])
  })

  test('with the app\'s vueApp.config.errorHandler: vue:error, then the handler, and the page stays', async ({ page, app }) => {
    const problems = collectProblems(page)
    await page.goto(app.url('?mounted-error&own-handler'))
    await hydrated(page)
    await expect.poll(() => errorsIn(page)).toEqual(['vue:error thrown in mounted', 'errorHandler thrown in mounted'])
    await page.getByTestId('non-fatal').click()
    await expect.poll(() => errorsIn(page)).toEqual(['vue:error thrown in mounted', 'errorHandler thrown in mounted', 'vue:error thrown in a click', 'errorHandler thrown in a click'])
    await expect(page.getByTestId('shell')).toBeVisible()
    expect(problems).toEqual([])
  })

  test('showError: app:error and the error page; clearError({ redirect }) leaves it; a missing page is app:error and the error page', async ({ page, app }) => {
    await page.goto(app.url())
    await hydrated(page)
    await page.getByTestId('fatal').click()
    await expect(page.getByTestId('error-message')).toHaveText('shown on purpose')
    await page.getByTestId('clear').click()
    await expect(page.getByTestId('inside-html')).toBeVisible()
    await page.getByTestId('nav-missing').click()
    await expect(page.getByTestId('error-message')).toHaveText('Page not found: /missing')
    expect(await errorsIn(page)).toEqual(['app:error shown on purpose', 'app:error Page not found: /missing'])
  })
})

test.describe('nuxt behaviours (the worker)', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-behaviour' } })

  test('offline, the worker renders the head components and an error in setup() as the server does', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await hydrated(page)
    await sw.offline()
    const response = await page.goto(app.url('about'))
    expect(response).toBeFromServiceWorker()
    await expect(page).toHaveTitle('About · Behaviour')
    await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', 'The about page')
    await expect(page.locator('body')).toHaveClass('shell')
    await hydrated(page)
    await page.getByTestId('nav-home').click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    await expect(page).toHaveTitle('Number 1 · Behaviour')
    expect(problems).toEqual([])

    const failed = await page.goto(app.url('?setup-error'))
    expect(failed).toBeFromServiceWorker()
    expect(failed?.status()).toBe(500)
    await expect(page.getByTestId('error-message')).toBeVisible()
    expect(await serverErrors(page)).toEqual(['vue:error thrown in setup', 'app:error thrown in setup'])
  })
})

test.describe('an app without pages/', () => {
  test.use({ swerveApp: { root: './test/fixtures/nuxt-app-router' } })

  test('a link to the URL already shown runs the navigation again: global middleware and the router\'s hooks', async ({ page, app }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await hydrated(page)
    const steps = () => page.evaluate(() => (window as { __steps?: string[] }).__steps ?? [])
    const before = (await steps()).length
    await page.getByTestId('home').click()
    await expect.poll(steps).toEqual([...(await steps()).slice(0, before), 'middleware /', 'afterEach /'])
    await page.getByTestId('other').click()
    await expect(page.getByTestId('path')).toHaveText('/other?x=1')
    await page.getByTestId('custom').click()
    await expect.poll(async () => (await steps()).slice(before)).toEqual(['middleware /', 'afterEach /', 'middleware /other?x=1', 'afterEach /other?x=1', 'middleware /other?x=1', 'afterEach /other?x=1'])
    await page.goBack()
    await expect(page.getByTestId('path')).toHaveText('/other?x=1')
    expect(problems).toEqual([])
  })
})
