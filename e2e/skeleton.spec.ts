/** Issue 2: the demo, built and served as static files, rendered by its worker offline, hydrated. */
import { expect, test } from './helpers/fixtures.ts'
import { collectProblems, stopAllWorkers, waitForController } from './helpers/browser.ts'

test('first visit from the host, then the worker renders, hydrates and works offline', async ({ page, context, host }) => {
  const problems = collectProblems(page)

  const first = await page.goto(host.url)
  expect(first?.fromServiceWorker()).toBe(false)
  await expect(page.locator('h1')).toHaveText('Notes')
  await waitForController(page)

  const reload = await page.reload()
  expect(reload?.fromServiceWorker()).toBe(true)
  expect(reload?.headers()['server-timing']).toMatch(/ssr;dur=/)
  expect(await reload?.text()).toContain('Welcome to swerve notes')

  // Hydration: the counter reacts, and the console has nothing to say.
  const about = await page.goto(`${host.url}about`)
  expect(about?.fromServiceWorker()).toBe(true)
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
  await host.stop()
  await context.setOffline(true)
  for (const [path, text] of [['', 'Notes'], ['about', 'About swerve'], ['notes/welcome', 'Welcome to swerve notes']]) {
    const response = await page.goto(host.url + path)
    expect(response?.fromServiceWorker(), path).toBe(true)
    expect(response?.status()).toBe(200)
    await expect(page.locator('h1')).toHaveText(text)
  }
  const api = await page.goto(`${host.url}api/notes?q=welcome`)
  expect(api?.fromServiceWorker()).toBe(true)
  expect(api?.headers()['content-type']).toContain('application/json')
  expect(await api?.json()).toMatchObject([{ id: 'welcome', title: 'Welcome to swerve notes' }])

  // The browser kills the worker; the next navigation starts it and still renders.
  await stopAllWorkers(context, page)
  const afterRestart = await page.goto(`${host.url}notes/welcome`)
  expect(afterRestart?.fromServiceWorker()).toBe(true)
  await expect(page.locator('h1')).toHaveText('Welcome to swerve notes')
  await page.goto(`${host.url}about`)
  await page.getByTestId('increment').click()
  await expect(page.getByTestId('count')).toHaveText('1')

  expect(problems).toEqual([])
})

test('an unknown page is a 404 from the worker, and an unknown API path is JSON', async ({ page, host }) => {
  await page.goto(host.url.replace(/\/$/, '') + '/about')
  await waitForController(page)
  const missing = await page.goto(`${host.url}no/such/page`)
  expect(missing?.fromServiceWorker()).toBe(true)
  expect(missing?.status()).toBe(404)
  await expect(page.locator('.status')).toHaveText('404')
  const api = await page.goto(`${host.url}api/nope`)
  expect(api?.status()).toBe(404)
  expect(await api?.json()).toMatchObject({ status: 404, statusText: 'Not Found' })
})
