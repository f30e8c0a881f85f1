/** The conformance cases (test/conformance/cases.ts) against the worker host, with the static host stopped. */
import { expect, test } from '../playwright/index.ts'
import { casesFor, type Result } from '../test/conformance/cases.ts'
import { installWorker } from './checks.ts'

for (const name of ['engine', 'engine-broken'] as const) {
  test.describe(`conformance: ${name} in the worker`, () => {
    test.use({ swerveApp: { root: `./test/fixtures/${name}` } })

    test(`${name}: every case, answered by the worker`, async ({ page, context, app, sw }) => {
      // Controlled, not merely active: until clients.claim() lands, fetches go to the (soon unreachable) host.
      await installWorker(page, app, sw)
      await sw.offline()

      for (const item of casesFor(name, 'worker')) {
        await test.step(item.name, async () => {
          await context.clearCookies()
          for (const step of item.steps) {
            const { cookie, ...headers } = step.headers ?? {}
            if (cookie) {
              const [cookieName, value] = cookie.split('=')
              await context.addCookies([{ name: cookieName, value, url: app.origin }])
            }
            let result: Result
            if (step.navigate) {
              await page.setExtraHTTPHeaders(headers)
              const response = await page.goto(app.origin + step.path)
              await page.setExtraHTTPHeaders({})
              expect(response, `${step.path} from the worker`).toBeFromServiceWorker()
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
