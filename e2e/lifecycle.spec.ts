/** Issue 4: the app lifecycle in the worker and the page, in the order of docs/lifecycle.md, with a fixture that records each step. */
import type { Page } from '@playwright/test'
import { expect, test, type SwerveWorker } from '../playwright/index.ts'
import { collectProblems } from './checks.ts'

test.use({ swerveApp: { root: './test/fixtures/lifecycle' } })

async function controlled(page: Page, sw: SwerveWorker, url: string) {
  await page.goto(url)
  await sw.ready()
}

/** Document requests made while `action` runs. */
async function documentRequests(page: Page, action: () => Promise<void>): Promise<string[]> {
  const seen: string[] = []
  const listener = (request: import('@playwright/test').Request) => {
    if (request.resourceType() === 'document') seen.push(new URL(request.url()).pathname)
  }
  page.on('request', listener)
  await action()
  page.off('request', listener)
  return seen
}

test('server and client run every step in order', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await controlled(page, sw, app.url())
  const response = await page.reload()
  expect(response?.fromServiceWorker()).toBe(true)
  const serverTrace = JSON.parse(await page.locator('#server-trace').textContent() ?? '[]')
  expect(serverTrace).toEqual([
    'plugin:01.record', 'plugin:02.secret.server', 'app:created', 'validate',
    'middleware:global', 'middleware:named', 'middleware:inline', 'setup', 'app:rendered', 'render:html',
  ])
  await page.waitForFunction(() => (window as unknown as { __trace?: string[] }).__trace?.includes('app:mounted'))
  const clientTrace = await page.evaluate(() => (window as unknown as { __trace: string[] }).__trace)
  expect(clientTrace).toEqual([
    'plugin:01.record', 'plugin:03.browser.client', 'app:created', 'validate',
    'middleware:global', 'middleware:named', 'middleware:inline', 'app:beforeMount', 'setup', 'onMounted', 'app:mounted',
  ])
  // provide() from a plugin, and useState carried from the server (41 + 1 there) to the client.
  await expect(page.getByTestId('greeting')).toHaveText('Hello, you!')
  await expect(page.getByTestId('visits')).toHaveText('42')
  expect(problems).toEqual([])
})

test('middleware redirects: a 30x from the worker, a client-side route in the page', async ({ page, app, sw }) => {
  await controlled(page, sw, `${app.url()}target`)
  for (const [path, status] of [['old', 301], ['redirect', 302]] as const) {
    const response = await page.goto(app.url() + path)
    const redirect = await response?.request().redirectedFrom()?.response()
    expect(redirect?.status(), path).toBe(status)
    expect(redirect?.headers().location).toBe('/target')
    expect(redirect?.fromServiceWorker()).toBe(true)
    await expect(page.locator('h1')).toHaveText('Target')
  }
  await page.goto(app.url())
  const documents = await documentRequests(page, async () => {
    await page.getByRole('link', { name: 'Redirect' }).click()
    await expect(page).toHaveURL(`${app.url()}target`)
    await expect(page.locator('h1')).toHaveText('Target')
  })
  expect(documents).toEqual([])

  // A target outside the app is refused: a 400 from the worker, an error page on client navigation.
  const refused = await page.goto(`${app.url()}redirect?next=${encodeURIComponent('/\\evil.test')}`)
  expect(refused?.fromServiceWorker()).toBe(true)
  expect(refused?.status()).toBe(400)
  await expect(page.getByTestId('error-status')).toHaveText('400')
  await page.goto(app.url())
  await page.getByRole('link', { name: 'Away' }).click()
  await expect(page.getByTestId('error-status')).toHaveText('400')
  expect(new URL(page.url()).origin).toBe(new URL(app.url()).origin)
})

test('validate: false is a 404, an object its status, on the server and on client navigation', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await controlled(page, sw, `${app.url()}valid/7`)
  for (const [path, status, text] of [['valid/nope', 404, 'Page Not Found'], ['valid/teapot', 418, 'I am a teapot']] as const) {
    const response = await page.goto(app.url() + path)
    expect(response?.status()).toBe(status)
    expect(response?.fromServiceWorker()).toBe(true)
    await expect(page.getByTestId('error-status')).toHaveText(String(status))
    await expect(page.getByTestId('error-text')).toHaveText(text)
  }
  // The browser logs the 404 and 418 documents above; that is expected. From here on, nothing.
  problems.length = 0
  await page.goto(`${app.url()}valid/7`)
  await expect(page.locator('h1')).toHaveText('Valid 7')
  const documents = await documentRequests(page, async () => {
    await page.getByRole('link', { name: 'Invalid' }).click()
    await expect(page.getByTestId('error-status')).toHaveText('404')
    await expect(page).toHaveURL(`${app.url()}valid/nope`)
    await page.getByRole('link', { name: 'Teapot' }).click()
    await expect(page.getByTestId('error-status')).toHaveText('418')
    await page.getByRole('link', { name: 'Valid' }).click()
    await expect(page.locator('h1')).toHaveText('Valid 7')
  })
  expect(documents).toEqual([])
  expect(problems).toEqual([])
})

test('data: hydration reads the payload (no API request), refresh() fetches through the worker', async ({ page, app, sw }) => {
  const problems = collectProblems(page)
  await controlled(page, sw, app.url())
  const api: string[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) api.push(new URL(request.url()).pathname)
  })
  const response = await page.goto(`${app.url()}data`)
  expect(response?.fromServiceWorker()).toBe(true)
  await page.waitForFunction(() => (window as unknown as { __trace?: string[] }).__trace?.includes('app:mounted'))
  const first = Number(await page.getByTestId('count').textContent())
  expect(first).toBeGreaterThan(0)
  // devalue: Date, Set, Map and undefined survive; </script> in data stays text.
  await expect(page.getByTestId('rich')).toHaveText('2020-01-02T03:04:05.000Z a,b 1 undefined kept')
  await expect(page.getByTestId('html')).toHaveText('</script><script>window.__pwned = true</script>')
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined()
  await expect(page.getByTestId('error')).toHaveText('none 409')
  expect(api).toEqual([])

  await page.getByTestId('refresh').click()
  await expect(page.getByTestId('count')).toHaveText(String(first + 1))
  expect(api).toEqual(['/api/count'])
  expect(problems).toEqual([])
})

test('errors: createError in a page, abortNavigation, a failing plugin; clearError leaves', async ({ page, app, sw }) => {
  await controlled(page, sw, app.url())
  const fail = await page.goto(`${app.url()}fail`)
  expect(fail?.status()).toBe(422)
  await expect(page.getByTestId('error-message')).toHaveText('This page always fails')
  await page.getByTestId('clear').click()
  await expect(page.locator('h1')).toHaveText('Target')

  const forbidden = await page.goto(`${app.url()}forbidden`)
  expect(forbidden?.status()).toBe(403)
  await expect(page.getByTestId('error-message')).toHaveText('Not for you')

  await page.goto(app.url())
  await page.getByRole('link', { name: 'Forbidden' }).click()
  await expect(page.getByTestId('error-status')).toHaveText('403')

  const plugin = await page.goto(`${app.url()}?plugin-error`)
  expect(plugin?.status()).toBe(503)
  await expect(page.getByTestId('error-text')).toHaveText('Plugin Down')
})

test('useHead sets the title on the server and updates it on client navigation', async ({ page, app, sw }) => {
  await controlled(page, sw, `${app.url()}head`)
  const response = await page.reload()
  expect(await response?.text()).toContain('<title>Head page</title>')
  await page.getByRole('link', { name: 'Target' }).click()
  await expect(page.locator('h1')).toHaveText('Target')
  await expect(page).not.toHaveTitle('Head page')
  await page.getByRole('link', { name: 'Head' }).click()
  await expect(page).toHaveTitle('Head page')
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', 'from useHead')
})
