/**
 * The Vue ecosystem in the page and the worker (docs/ecosystem.md): test/fixtures/ecosystem,
 * with Pinia, VueUse, vue-i18n, Vuetify, Sass, Tailwind CSS v4 and CSS modules, on a static host.
 */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/ecosystem' } })

test('first visit: styles from Sass, Tailwind and CSS modules; the store hydrates from the payload with no request and no mismatch', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  const apiCalls: string[] = []
  page.on('request', (request) => { if (request.url().includes('/api/')) apiCalls.push(request.url()) })
  await page.goto(app.url())
  await sw.ready()
  await sw.hydrated()
  await expect(page.getByTestId('store')).toHaveText('41 82')
  expect(apiCalls, 'the store came with the page').toEqual([])
  await expect(page.getByTestId('title')).toHaveCSS('color', 'rgb(0, 0, 255)')
  await expect(page.locator('main.surface')).toHaveCSS('background-color', 'rgb(250, 250, 210)')
  await expect(page.getByTestId('tailwind')).toHaveCSS('font-weight', '700')
  await expect(page.getByTestId('tailwind')).not.toHaveCSS('color', 'rgb(0, 0, 0)')
  await expect(page.getByTestId('module')).toHaveCSS('border-top-color', 'rgb(255, 0, 0)')
  await expect(page.getByTestId('named')).toHaveCSS('color', 'rgb(0, 128, 0)')

  await page.getByTestId('increment').click()
  await expect(page.getByTestId('store')).toHaveText('42 84')
  await page.getByTestId('vueuse').click()
  await expect(page.getByTestId('vueuse')).toHaveText('11')
  await page.getByTestId('locale').click()
  await expect(page.getByTestId('title')).toHaveText('Bonjour Ada')
  // Client navigation keeps the page's store; a class only about.vue uses is in the CSS.
  await page.getByTestId('nav').click()
  await expect(page.getByTestId('title')).toHaveText('About')
  await expect(page.getByTestId('store')).toHaveText('42')
  await expect(page.getByTestId('tailwind-about')).toHaveCSS('text-decoration-style', 'wavy')
  // Vuetify's components, registered by its plugin, with its styles and theme.
  await expect(page.getByTestId('card')).toContainText('a card from Vuetify')
  await expect(page.getByTestId('vuetify-button')).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)')
  await page.getByTestId('vuetify-button').click()
  await expect(page.getByTestId('store')).toHaveText('43')
  expect(problems).toEqual([])
})

test('offline: the worker renders the store, the translations, the styles and Vuetify', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await page.goto(app.url())
  await sw.ready()
  await sw.offline()
  const response = await page.goto(app.url())
  expect(response).toBeFromServiceWorker()
  await sw.hydrated()
  await expect(page.getByTestId('title')).toHaveText('Hello Ada')
  await expect(page.getByTestId('store')).toHaveText('41 82')
  await expect(page.getByTestId('module')).toHaveCSS('border-top-color', 'rgb(255, 0, 0)')
  await page.getByTestId('increment').click()
  await expect(page.getByTestId('store')).toHaveText('42 84')
  const about = await page.goto(app.url('about'))
  expect(about).toBeFromServiceWorker()
  await sw.hydrated()
  await expect(page.getByTestId('card')).toContainText('a card from Vuetify')
  await page.getByTestId('vuetify-button').click()
  await expect(page.getByTestId('store')).toHaveText('1')
  expect(problems).toEqual([])
})
