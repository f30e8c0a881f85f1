/** The worker as an attacker meets it: forms from other sites, its cookie bridge, Range on routes. */
import type { Page } from '@playwright/test'
import { expect, test } from '../playwright/index.ts'
import { installWorker } from './checks.ts'

const EVIL = 'http://evil.test'

test.use({ swerveApp: { root: './test/fixtures/engine' } })

/** A page "on another site" (Playwright answers for evil.test) with `html` in its body. */
async function visitEvil(page: Page, html: string): Promise<void> {
  await page.route(`${EVIL}/**`, route => route.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><html><body>${html}</body></html>` }))
  await page.goto(`${EVIL}/`)
}

/** Submits the page's form and returns the answer to that navigation. */
async function submit(page: Page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.evaluate(() => document.forms[0]!.submit())])
  return response!
}

test('a form on another site cannot POST to the API through the worker (403); one of this site\'s own can', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  for (const enctype of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
    await visitEvil(page, `<form method="post" action="${app.origin}/api/echo" enctype="${enctype}"><input name='{"title":"forged","x":"' value='"}'></form>`)
    const response = await submit(page)
    expect(response.fromServiceWorker(), enctype).toBe(true)
    expect(response.status(), enctype).toBe(403)
    expect(await response.text()).toContain('another site')
  }
  // The same form on a page of this site reaches the route, which reads JSON or forms only.
  await page.goto(`${app.origin}/__register`)
  for (const [enctype, status] of [['text/plain', 415], ['application/x-www-form-urlencoded', 200]] as const) {
    await page.evaluate(({ action, enctype }) => {
      document.body.innerHTML = `<form method="post" action="${action}" enctype="${enctype}"><input name="title" value="mine"></form>`
    }, { action: `${app.origin}/api/echo`, enctype })
    const response = await submit(page)
    expect(response.fromServiceWorker(), enctype).toBe(true)
    expect(response.status(), enctype).toBe(status)
    await page.goto(`${app.origin}/__register`)
  }
})

test('the cookie bridge honours SameSite: another site\'s link gets Lax cookies, never Strict ones', async ({ page, context, app, sw }) => {
  await installWorker(page, app, sw)
  await context.addCookies([
    { name: 'strict', value: '1', url: app.origin, sameSite: 'Strict' },
    { name: 'lax', value: '1', url: app.origin, sameSite: 'Lax' },
  ])
  const names = async () => JSON.parse(await page.locator('body').innerText()) as string[]

  await visitEvil(page, `<a href="${app.origin}/api/cookie-names">go</a>`)
  const [crossSite] = await Promise.all([page.waitForNavigation(), page.click('a')])
  expect(crossSite!.fromServiceWorker()).toBe(true)
  expect(await names()).toEqual(['lax'])

  await page.goto(`${app.origin}/__register`)
  await page.evaluate(() => { document.body.innerHTML = '<a href="/api/cookie-names">go</a>' })
  const [sameSite] = await Promise.all([page.waitForNavigation(), page.click('a')])
  expect(sameSite!.fromServiceWorker()).toBe(true)
  expect(await names()).toEqual(['lax', 'strict'])
  // A fetch from this site's own page carries them all.
  await page.goto(`${app.origin}/__register`)
  expect(await page.evaluate(async () => (await fetch('/api/cookie-names')).json())).toEqual(['lax', 'strict'])
})

test('a Range request to a pipeline route is answered by the worker, offline too', async ({ page, app, sw }) => {
  await installWorker(page, app, sw)
  await sw.offline()
  const served: Record<string, boolean> = {}
  page.on('response', response => { served[new URL(response.url()).pathname] = response.fromServiceWorker() })
  const answer = await page.evaluate(async () => {
    const response = await fetch('/api/text', { headers: { range: 'bytes=0-4' } })
    return { status: response.status, text: await response.text() }
  })
  expect(answer).toEqual({ status: 200, text: 'plain words' })
  expect(served['/api/text']).toBe(true)
})
