/** Issue 2: the demo, built and served as static files, rendered by its worker offline, hydrated. */
import { expect, test } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './demo' } })

test('first visit from the host, then the worker renders, hydrates and works offline', async ({ page, app, sw }) => {
  const problems = collectProblems(page)

  const first = await page.goto(app.url())
  expect(first).not.toBeFromServiceWorker()
  await expect(page.locator('h1')).toHaveText('Notes')
  await sw.ready()

  const reload = await page.reload()
  expect(reload).toBeFromServiceWorker()
  expect(reload?.headers()['server-timing']).toMatch(/ssr;dur=/)
  expect(await reload?.text()).toContain('Welcome to swerve notes')

  // Hydration: the counter reacts, and the console has nothing to say.
  const about = await page.goto(app.url('about'))
  expect(about).toBeFromServiceWorker()
  await sw.hydrated()
  await page.getByTestId('increment').click()
  await page.getByTestId('increment').click()
  await expect(page.getByTestId('count')).toHaveText('2')

  // Client routing after hydration: no document request.
  const documents: string[] = []
  page.on('request', request => request.resourceType() === 'document' && documents.push(request.url()))
  await page.getByRole('link', { name: 'Notes' }).first().click()
  await expect(page.locator('h1')).toHaveText('Notes')
  await page.getByRole('link', { name: 'Welcome to swerve notes' }).click()
  await expect(page.getByTestId('note-title')).toHaveText('Welcome to swerve notes')
  await expect(page).toHaveTitle('Welcome to swerve notes · swerve notes')
  expect(documents).toEqual([])

  // Offline, with the host gone: the worker answers pages and the API.
  await sw.offline()
  for (const [path, text] of [['', 'Notes'], ['about', 'About swerve'], ['notes/welcome', 'Welcome to swerve notes']]) {
    const response = await page.goto(app.url(path))
    expect(response, path).toBeFromServiceWorker()
    expect(response?.status()).toBe(200)
    await expect(page.locator('h1')).toHaveText(text)
  }
  const api = await page.goto(app.url('api/notes?q=welcome'))
  expect(api).toBeFromServiceWorker()
  expect(api?.headers()['content-type']).toContain('application/json')
  expect(await api?.json()).toMatchObject([{ id: 'welcome', title: 'Welcome to swerve notes' }])

  // The browser kills the worker; the next navigation starts it and still renders.
  await sw.kill()
  const afterRestart = await page.goto(app.url('notes/welcome'))
  expect(afterRestart).toBeFromServiceWorker()
  await expect(page.locator('h1')).toHaveText('Welcome to swerve notes')
  await page.goto(app.url('about'))
  await sw.hydrated()
  await page.getByTestId('increment').click()
  await expect(page.getByTestId('count')).toHaveText('1')

  expect(problems).toEqual([])
})

test('an unknown page is a 404 from the worker, and an unknown API path is JSON', async ({ page, app, sw }) => {
  await page.goto(app.url('about'))
  await sw.ready()
  const missing = await page.goto(app.url('no/such/page'))
  expect(missing).toBeFromServiceWorker()
  expect(missing?.status()).toBe(404)
  await expect(page.locator('.status')).toHaveText('404')
  const api = await page.goto(app.url('api/nope'))
  expect(api?.status()).toBe(404)
  expect(await api?.json()).toMatchObject({ status: 404, statusText: 'Not Found' })
})
