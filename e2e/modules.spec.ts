/**
 * Nuxt modules (docs/modules.md) in the page and the worker: test/fixtures/modules-local's
 * local modules, installed with the real @nuxt/kit, online and offline.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('local Nuxt modules', () => {
  test.use({ swerveApp: { root: './test/fixtures/modules-local' } })

  test('a module\'s component, import, plugin, template and server handler, its page by client navigation and offline from the worker, with a quiet console', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    await expect(page.locator('#badge')).toHaveText('Badge from module options')
    await expect(page.locator('#plugin')).toHaveText('Hello from nuxt.config')
    await expect(page.locator('#api')).toHaveText('Hello from nuxt.config true present')
    // The stamp module's Vite plugins: its transform in the page and on the server, its virtual module in each bundle, its stylesheet transform.
    await expect(page.locator('#stamp')).toHaveText('stamped by a Vite plugin')
    await expect(page.locator('#stamp')).toHaveCSS('color', 'rgb(0, 128, 0)')
    await expect(page.locator('#stamp-api')).toHaveText('stamped by a Vite plugin server')
    await expect(page.locator('#stamp-bundle')).toHaveText('page')
    await page.locator('#to-module-page').click()
    await expect(page.locator('#module-page')).toHaveText('A page from a module')
    await expect(page.locator('#module-greeting')).toHaveText('Hello from nuxt.config')
    // The module's layout; its global middleware counted the server's render and this navigation.
    await expect(page.locator('#framed #module-page')).toBeVisible()
    await expect(page.locator('#visits')).toHaveText('2')

    await sw.offline()
    const response = await page.goto(app.url('from-module'))
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.locator('#module-greeting')).toHaveText('Hello from nuxt.config')
    // The module's server handler runs in the worker, without its private runtimeConfig.
    expect(await page.evaluate(() => fetch('/api/greeting').then(r => r.json()))).toEqual({ greeting: 'Hello from nuxt.config', loud: true, secret: 'missing' })
    expect(await page.evaluate(() => fetch('/api/stamp').then(r => r.json()))).toEqual({ stamp: 'stamped by a Vite plugin', bundle: 'server' })
    await page.getByText('Home').click()
    await expect(page.locator('#badge')).toHaveText('Badge from module options')
    await expect(page.locator('#stamp-bundle')).toHaveText('page')
    expect(problems).toEqual([])
  })

  test('pages:extend children render in their parent\'s <NuxtPage>: a module\'s parent and a child pushed into a file-based page, by client navigation and offline from the worker', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    await page.goto(app.url('nest'))
    await sw.ready()
    await sw.hydrated()
    await expect(page.locator('#nest #nest-home')).toHaveText('The parent\'s index child')
    await page.locator('#to-nest-child').click()
    await expect(page.locator('#nest #nest-child')).toHaveText('A child from a module')
    await expect(page.locator('#nest-home')).toHaveCount(0)

    await sw.offline()
    const response = await page.goto(app.url('shelf'))
    expect(response).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.locator('#shelf #shelf-home')).toHaveText('The app\'s index child')
    await page.locator('#to-shelf-extra').click()
    await expect(page.locator('#shelf #shelf-extra')).toHaveText('A module\'s child of the app\'s page')
    expect(await page.goto(app.url('shelf/extra'))).toBeFromServiceWorker()
    await sw.hydrated()
    await expect(page.locator('#shelf #shelf-extra')).toBeVisible()
    expect(problems).toEqual([])
  })
})
