/** Issue 2: the demo, built and served as static files, rendered by its worker offline, hydrated. */
import { expect, test } from './helpers/fixtures.ts'
import { collectProblems, stopAllWorkers, waitForController } from './helpers/browser.ts'

test('first visit from the host, then the worker renders, hydrates and works offline', async ({ page, context, host }) => {
  const problems = collectProblems(page)

  const first = await page.goto(host.url)
  expect(first?.fromServiceWorker()).toBe(false)
  await expect(page.locator('h1')).toHaveText('Hello from the worker')
  await waitForController(page)

  const reload = await page.reload()
  expect(reload?.fromServiceWorker()).toBe(true)
  expect(reload?.headers()['server-timing']).toMatch(/ssr;dur=/)
  expect(await reload?.text()).toContain('Hello from the worker')

  // Hydration: the counter reacts, and the console has nothing to say.
  const counter = await page.goto(`${host.url}counter`)
  expect(counter?.fromServiceWorker()).toBe(true)
  await page.getByTestId('increment').click()
  await page.getByTestId('increment').click()
  await expect(page.getByTestId('count')).toHaveText('2')

  // Client routing after hydration: no document request.
  const before = host.requests.length
  await page.getByRole('link', { name: 'About' }).click()
  await expect(page.locator('h1')).toHaveText('About swerve')
  await expect(page).toHaveTitle('About · swerve demo')
  expect(host.requests.slice(before).filter(path => path === '/about')).toEqual([])

  // Offline, with the host gone: the worker answers pages and the API.
  await host.stop()
  await context.setOffline(true)
  for (const [path, text] of [['', 'Hello from the worker'], ['about', 'About swerve'], ['users/42', 'User 42']]) {
    const response = await page.goto(host.url + path)
    expect(response?.fromServiceWorker(), path).toBe(true)
    expect(response?.status()).toBe(200)
    await expect(page.locator('h1')).toHaveText(text)
  }
  const api = await page.goto(`${host.url}api/hello?name=offline`)
  expect(api?.fromServiceWorker()).toBe(true)
  expect(api?.headers()['content-type']).toContain('application/json')
  expect(await api?.json()).toMatchObject({ message: 'Hello, offline!' })

  // The browser kills the worker; the next navigation starts it and still renders.
  await stopAllWorkers(context, page)
  const afterRestart = await page.goto(`${host.url}users/7`)
  expect(afterRestart?.fromServiceWorker()).toBe(true)
  await expect(page.locator('h1')).toHaveText('User 7')
  await page.goto(`${host.url}counter`)
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
  await expect(page.locator('h1')).toHaveText('404')
  const api = await page.goto(`${host.url}api/nope`)
  expect(api?.status()).toBe(404)
  expect(await api?.json()).toMatchObject({ status: 404, statusText: 'Not Found' })
})
