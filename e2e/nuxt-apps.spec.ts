/**
 * Nuxt apps with their files as they are, in the page and the worker (docs/conventions.md):
 * an app with layers (test/fixtures/layers) and an app with app.vue alone (test/fixtures/app-only),
 * each built for a static host.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('layers', () => {
  test.use({ swerveApp: { root: './test/fixtures/layers', env: { NUXT_PUBLIC_SITE_NAME: 'built with NUXT_PUBLIC_SITE_NAME' } } })

  test('first visit, worker control, hydration, layers\' pages and components, offline, with a quiet console', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    await expect(page.getByTestId('site')).toHaveText('built with NUXT_PUBLIC_SITE_NAME')
    await expect(page.getByTestId('app-config')).toHaveText('app app,ui base ui fromApp,fromBase')
    await expect(page.getByTestId('provided')).toHaveText('hello layers / hello after')
    await expect(page.getByTestId('base-card')).toHaveCSS('border-top-color', 'rgb(0, 128, 0)')
    // The .tsx component follows the page's state after hydration.
    await page.getByTestId('count').click()
    await expect(page.getByTestId('jsx')).toHaveText('jsx 1')
    await expect(page.getByTestId('jsx')).toHaveClass('odd')
    // Client navigation into the installed layer's page and layout.
    await page.getByTestId('nav-ui').click()
    await expect(page.getByTestId('title')).toHaveText('UI page: ui')
    await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'ui')

    await sw.offline()
    const response = await page.goto(app.url('base'))
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.getByTestId('title')).toHaveText('Base page: base / base composable')
    await expect(page.getByTestId('layout')).toHaveAttribute('data-layout', 'base-plain')
    await page.getByTestId('nav-home').click()
    await expect(page.getByTestId('api')).toHaveText('base ui')
    expect(problems).toEqual([])
  })
})

test.describe('HEAD from a page', () => {
  test.use({ swerveApp: { root: './test/fixtures/layers' } })

  test('offline, the worker answers HEAD on a page as GET without a body; HEAD on anything else still goes to the network', async ({ page, app, sw }) => {
    await page.goto(app.url())
    await sw.ready()
    await sw.offline()
    const head = (path: string) => page.evaluate(async (path) => {
      try {
        const response = await fetch(path, { method: 'HEAD' })
        return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
      } catch (error) {
        return { error: (error as Error).name }
      }
    }, path)
    expect(await head('/base')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '' })
    expect(await head('/not-a-page.png')).toEqual({ error: 'TypeError' })
  })
})

test.describe('app.vue alone', () => {
  test.use({ swerveApp: { root: './test/fixtures/app-only' } })

  test('/ is a file on the static host; the worker answers every other path with the path visited; state, teleports and hydration hold', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    const first = await page.goto(app.url())
    expect(first?.status()).toBe(200)
    expect(first).not.toBeFromServiceWorker()
    await sw.ready()
    await sw.hydrated()
    await expect(page.getByTestId('path')).toHaveText('/')
    await expect(page.getByTestId('teleported')).toHaveText('teleported on the server')
    await page.getByTestId('increment').click()
    await expect(page.getByTestId('counter')).toHaveText('8 8')
    await page.getByTestId('open').click()
    await expect(page.locator('body > [data-testid="modal"]')).toHaveText('a modal, teleported to body')
    await page.getByTestId('nav').click()
    await expect(page.getByTestId('path')).toHaveText('/elsewhere')

    await sw.offline()
    const response = await page.goto(app.url('any/path/at/all'))
    expect(response).toBeFromServiceWorker()
    expect(response?.status()).toBe(200)
    await sw.hydrated()
    await expect(page.getByTestId('path')).toHaveText('/any/path/at/all')
    await expect(page.getByTestId('counter')).toHaveText('7 7')
    expect(problems).toEqual([])
  })

  test('a path the host has no file for gets the shell, and the page renders the path visited', async ({ page, app }) => {
    const problems = collectProblems(page)
    const response = await page.goto(app.url('not/prerendered'))
    expect(response?.status()).toBe(404)
    await expect(page.getByTestId('path')).toHaveText('/not/prerendered')
    expect(await page.content()).not.toContain('__swerve_fallback__')
    expect(problems.filter(problem => !problem.includes('404'))).toEqual([])
  })
})
