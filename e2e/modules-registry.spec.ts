/**
 * Nuxt modules from the registry (docs/modules.md) in the page and the worker:
 * test/fixtures/modules-registry with @pinia/nuxt, @vueuse/nuxt and @nuxtjs/color-mode.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.describe('@pinia/nuxt, @vueuse/nuxt and @nuxtjs/color-mode', () => {
  test.use({ swerveApp: { root: './test/fixtures/modules-registry' } })

  test('the store hydrates from the payload, VueUse and color mode work, with no flash on the first visit and on the worker\'s renders, offline', async ({ page, app, sw }) => {
    const problems = collectProblems(page)
    // The <html> class when <body> first exists: color-mode's head script set it before anything painted.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return
        ;(window as unknown as { classAtBody: string }).classAtBody = document.documentElement.className
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true })
    })
    const classAtBody = () => page.evaluate(() => (window as unknown as { classAtBody: string }).classAtBody)
    await page.goto(app.url())
    expect(await classAtBody()).toBe('dark')
    await sw.ready()
    await sw.hydrated()
    await expect(page.getByTestId('store')).toHaveText('41 Ada')
    await page.getByTestId('increment').click()
    await expect(page.getByTestId('store')).toHaveText('42 Ada')
    await page.getByTestId('inc').click()
    await expect(page.getByTestId('vueuse')).toHaveText('11')
    await expect(page.getByTestId('color-mode')).toHaveText('dark')
    await page.getByTestId('light').click()
    await expect(page.locator('html')).toHaveClass('light')

    await sw.offline()
    const response = await page.reload()
    expect(response).toBeFromServiceWorker()
    // The choice is kept, and the worker's page has the script too: light before the body paints.
    expect(await classAtBody()).toBe('light')
    await sw.hydrated()
    await expect(page.getByTestId('color-mode')).toHaveText('light')
    await expect(page.getByTestId('store')).toHaveText('41 Ada')
    expect(problems).toEqual([])
  })
})
