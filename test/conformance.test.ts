/** The conformance cases (test/conformance/cases.ts) against the Node host: `server.fetch`. */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import { casesFor, type Result } from './conformance/cases.ts'
import { buildServer, fixture } from './helpers.ts'

async function toResult(response: Response): Promise<Result> {
  return { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), text: await response.text() }
}

for (const name of ['engine', 'engine-broken'] as const) {
  describe(`conformance: ${name} on the Node host`, () => {
    let server: SwerveServer
    before(async () => {
      ({ server } = await buildServer(fixture(name)))
    })
    for (const item of casesFor(name, 'node')) {
      test(item.name, async () => {
        // A cookie jar per case, as the browser keeps one.
        const jar = new Map<string, string>()
        for (const step of item.steps) {
          const headers: Record<string, string> = { accept: step.navigate ? 'text/html' : 'application/json', ...step.headers }
          if (!headers.cookie && jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
          const response = await server.fetch(new Request(`http://localhost${step.path}`, { method: step.method ?? 'GET', headers, body: step.body }))
          for (const cookie of response.headers.getSetCookie()) {
            const [pair] = cookie.split(';')
            const at = pair.indexOf('=')
            jar.set(pair.slice(0, at), pair.slice(at + 1))
          }
          step.check(await toResult(response))
        }
      })
    }
  })
}

test('the error hook sees a failing server plugin', async () => {
  // The fixture's error hook writes this global: clear what an earlier server wrote.
  delete (globalThis as Record<string, unknown>).__bootErrorSeen
  const { server } = await buildServer(fixture('engine-broken'))
  await server.ready
  assert.equal((globalThis as Record<string, unknown>).__bootErrorSeen, 'Server plugin server/plugins/01.boom.ts failed: database unreachable')
})
