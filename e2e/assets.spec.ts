/**
 * Assets as Vite handles them, in the page and the worker (docs/ecosystem.md#assets):
 * test/fixtures/assets (a package's fonts named with `?v=` and `#iefix`, Sass through
 * sass-embedded) and test/fixtures/wasm (a server route's WebAssembly, run by the worker).
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('a package\'s fonts and the app\'s Sass', () => {
  test.use({ swerveApp: { root: './test/fixtures/assets' } })

  test('offline: the worker answers the font files with their ?v= query from the precache, and the icon font loads', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.offline()
    const font = page.waitForResponse(response => /fontawesome-webfont-\w+\.woff2\?v=4\.7\.0$/.test(response.url()))
    expect(await page.goto(app.url())).toBeFromServiceWorker()
    await sw.hydrated()
    expect((await font).fromServiceWorker()).toBe(true)
    expect(await page.evaluate(async () => (await document.fonts.load('16px FontAwesome', '\uF015')).length)).toBeGreaterThan(0)
    // Sass from nuxt.config's additionalData: the colour of an aliased partial.
    await expect(page.locator('h1.title')).toHaveCSS('color', 'rgb(0, 220, 130)')
    await expect(page.locator('p.gap')).toHaveCSS('margin-top', '12px')
    expect(problems).toEqual([])
  })
})

test.describe('a server route\'s WebAssembly', () => {
  test.use({ swerveApp: { root: './test/fixtures/wasm' } })

  test('the worker runs the module (over 4 KiB) for a render and for the API, offline', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.offline()
    // Any path but `/` (which is prerendered): the worker renders app.vue, whose useFetch calls the route.
    expect(await page.goto(app.url('rendered'))).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.getByTestId('sum')).toHaveText('100 + 250 = 350')
    expect(await page.evaluate(async () => (await fetch('api/init')).json())).toEqual({ sum: 42 })
    expect(await page.evaluate(async () => (await fetch('api/sum?a=2&b=3')).json())).toEqual({ sum: 5 })
    expect(problems).toEqual([])
  })
})
