/** Nuxt's conventions in the page and the worker (docs/conventions.md): the conventions fixture, written as a Nuxt app. */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/conventions' } })

test('first visit, worker control, hydration without mismatches, ClientOnly after hydration', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  await expect(page.getByTestId('client-only')).toHaveText('in the browser')
  await expect(page.getByTestId('client-fallback')).toHaveCount(0)
  await expect(page.getByTestId('title')).toHaveText('HOME!')
  // The page's own plugin ran once, on the server: hydration reads its state.
  await page.getByTestId('counter').click()
  await expect(page.getByTestId('counter')).toHaveText('count 1')
  expect(problems).toEqual([])
})

test('layouts on client navigation: the same layout is kept, another one keeps what app.vue holds', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  await page.getByTestId('app-count').click()
  await page.getByTestId('layout-count').click()
  await page.getByTestId('nav-other').click()
  await expect(page.getByTestId('title')).toHaveText('Other')
  // default → default: the layout was patched, not mounted again.
  await expect(page.getByTestId('layout-count')).toHaveText('layout 1')
  await page.getByTestId('nav-wide').click()
  await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'wide')
  await page.getByTestId('nav-bare').click()
  await expect(page.getByTestId('title')).toHaveText('Bare')
  await expect(page.getByTestId('layout')).toHaveCount(0)
  // app.vue stayed mounted through every change of layout.
  await expect(page.getByTestId('app-count')).toHaveText('app 1')
  expect(problems).toEqual([])
})

test('useLazyFetch: a client navigation shows the page at once and the data when it comes', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  await page.getByTestId('nav-other').click()
  await expect(page.getByTestId('title')).toHaveText('Other')
  await expect(page.getByTestId('slow')).toHaveText('loading')
  await expect(page.getByTestId('slow')).toHaveText('done')
})

test('useFetch(() => url) fetches again when the URL changes', async ({ page, app, sw }) => {
  await page.goto(app.url('search'))
  await sw.ready()
  await sw.hydrated()
  await expect(page.getByTestId('echo')).toHaveText('first')
  await page.getByTestId('next-query').click()
  await expect(page.getByTestId('echo')).toHaveText('second')
})

test('<NuxtErrorBoundary> shows its #error slot; a fatal error shows the error page; setPageLayout switches the layout', async ({ page, app, sw }) => {
  await page.goto(app.url('boundary'))
  await sw.ready()
  await sw.hydrated()
  await page.getByTestId('switch-layout').click()
  await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'wide')
  page.on('pageerror', () => {})
  await page.getByTestId('break').click()
  await expect(page.getByTestId('boundary-error')).toHaveText('broken component')
  await expect(page.getByTestId('title')).toHaveText('Boundary')
  await page.getByTestId('boundary-clear').click()
  await expect(page.getByTestId('boundary-ok')).toHaveText('fine')
  await page.getByTestId('fatal').click()
  await expect(page.locator('.swerve-error h1')).toHaveText('418')
})

test('useCookie writes document.cookie in the page, and the worker renders with it', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  await expect(page.getByTestId('theme')).toHaveText('light')
  await page.getByTestId('toggle-theme').click()
  await expect(page.getByTestId('theme')).toHaveText('dark')
  expect(await page.evaluate(() => document.cookie)).toContain('theme=dark')
  const problems = collectProblems(page)
  const response = await page.reload()
  expect(response?.fromServiceWorker()).toBe(true)
  await sw.hydrated()
  await expect(page.getByTestId('theme')).toHaveText('dark')
  expect(problems).toEqual([])
})

test('a throw in a click handler goes to the console, not to the error page', async ({ page, app, sw }) => {
  await page.goto(app.url('other'))
  await sw.ready()
  await sw.hydrated()
  const errors: string[] = []
  page.on('console', message => message.type() === 'error' && errors.push(message.text()))
  page.on('pageerror', error => errors.push(error.message))
  await page.getByTestId('throw-click').click()
  await expect.poll(() => errors.join('\n')).toContain('click failed')
  await expect(page.getByTestId('title')).toHaveText('Other')
})

test('NuxtLink loads a visible page\'s code before the click; offline, the worker renders every page', async ({ page, app, sw }) => {
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  const chunks: string[] = []
  page.on('request', request => request.url().includes('/_swerve/chunks/') && chunks.push(request.url()))
  await page.reload()
  await sw.hydrated()
  // The header's links are visible: their pages' chunks load while the page idles.
  await expect.poll(() => chunks.length).toBeGreaterThan(1)
  await sw.offline()
  await page.getByTestId('nav-wide').click()
  await expect(page.getByTestId('title')).toHaveText('Wide')
  const response = await page.goto(app.url('users/42'))
  expect(response?.fromServiceWorker()).toBe(true)
  await expect(page.getByTestId('title')).toHaveText('User 42')
  await sw.online()
})
