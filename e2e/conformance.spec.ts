/** The conformance cases (test/conformance/cases.ts) against the worker host, with the static host stopped. */
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { casesFor, type Result } from '../test/conformance/cases.ts'
import { serveBuild, type Host } from './helpers/host.ts'

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url))

/** A blank page that only registers the worker: fixtures without pages work too. */
const REGISTER_PAGE = `<!DOCTYPE html><html><body><script>navigator.serviceWorker.register('/sw.js', { scope: '/' })</script></body></html>`

for (const name of ['engine', 'engine-broken'] as const) {
  test.describe(`conformance: ${name} in the worker`, () => {
    test.describe.configure({ mode: 'serial' })
    let host: Host

    test.beforeAll(async () => {
      host = await serveBuild(fixture(name), { outDir: fileURLToPath(new URL(`../test-results/.build-${name}`, import.meta.url)) })
    })
    test.afterAll(async () => host?.stop())

    test(`${name}: every case, answered by the worker`, async ({ page, context }) => {
      await page.route(`${host.origin}/__register`, route => route.fulfill({ contentType: 'text/html', body: REGISTER_PAGE }))
      await page.goto(`${host.origin}/__register`)
      // Controlled, not merely active: until clients.claim() lands, fetches go to the (soon stopped) host.
      await page.waitForFunction(() => !!navigator.serviceWorker.controller)
      await host.stop()

      for (const item of casesFor(name, 'worker')) {
        await test.step(item.name, async () => {
          await context.clearCookies()
          for (const step of item.steps) {
            const { cookie, ...headers } = step.headers ?? {}
            if (cookie) {
              const [cookieName, value] = cookie.split('=')
              await context.addCookies([{ name: cookieName, value, url: host.origin }])
            }
            let result: Result
            if (step.navigate) {
              await page.setExtraHTTPHeaders(headers)
              const response = await page.goto(host.origin + step.path)
              await page.setExtraHTTPHeaders({})
              expect(response?.fromServiceWorker(), `${step.path} from the worker`).toBe(true)
              result = { status: response!.status(), statusText: response!.statusText(), headers: response!.headers(), text: await response!.text() }
            } else {
              result = await page.evaluate(async ({ path, method, headers, body }) => {
                const response = await fetch(path, { method, headers: { accept: 'application/json', ...headers }, body })
                return { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), text: await response.text() }
              }, { path: step.path, method: step.method ?? 'GET', headers, body: step.body })
            }
            step.check(result)
          }
        })
      }
    })
  })
}
