/**
 * The conformance cases (test/conformance/cases.ts) against the Node host
 * (`server.fetch`) and the Cloudflare preset on workerd (Miniflare); the
 * worker host runs them in Chromium (e2e/conformance.spec.ts).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { Miniflare } from 'miniflare'
import { build } from '../build/build.ts'
import { casesFor, type Case, type HostName, type Result } from './conformance/cases.ts'
import { buildServer, fixture, tempDir } from './helpers.ts'

type Fetch = (request: Request) => Promise<Response>

async function toResult(response: Response): Promise<Result> {
  return { status: response.status, statusText: response.statusText, headers: Object.fromEntries(response.headers), text: await response.text() }
}

async function run(item: Case, fetch: Fetch): Promise<void> {
  // A cookie jar per case, as the browser keeps one.
  const jar = new Map<string, string>()
  for (const step of item.steps) {
    const headers: Record<string, string> = { accept: step.navigate ? 'text/html' : 'application/json', ...step.headers }
    if (!headers.cookie && jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(new Request(`http://localhost${step.path}`, { method: step.method ?? 'GET', headers, body: step.body }))
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const at = pair.indexOf('=')
      jar.set(pair.slice(0, at), pair.slice(at + 1))
    }
    step.check(await toResult(response))
  }
}

/** Each host: how to start the fixture on it, and how to stop it. */
const hosts: Record<Exclude<HostName, 'worker'>, (name: string) => Promise<{ fetch: Fetch, stop: () => Promise<void> }>> = {
  async node(name) {
    const { server } = await buildServer(fixture(name))
    return { fetch: request => server.fetch(request), stop: () => server.close() }
  },
  async cloudflare(name) {
    const outDir = tempDir('swerve-cloudflare-')
    await build(fixture(name), { outDir, preset: 'cloudflare', quiet: true, prerender: false })
    const mf = new Miniflare({ modules: true, modulesRoot: outDir, scriptPath: join(outDir, 'server/index.mjs'), kvNamespaces: ['STORAGE'], compatibilityDate: '2025-09-01' })
    // Miniflare's Request and Response are undici's: hand it a plain copy of ours.
    const fetch: Fetch = async request => await mf.dispatchFetch(request.url, {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: request.body ? await request.text() : undefined,
    }) as unknown as Response
    return { fetch, stop: () => mf.dispose() }
  },
}

for (const [hostName, start] of Object.entries(hosts)) {
  for (const name of ['engine', 'engine-broken'] as const) {
    describe(`conformance: ${name} on the ${hostName} host`, () => {
      let host: Awaited<ReturnType<typeof start>>
      before(async () => { host = await start(name) })
      after(() => host?.stop())
      for (const item of casesFor(name, hostName as HostName)) test(item.name, () => run(item, host.fetch))
    })
  }
}

test('the error hook sees a failing server plugin', async () => {
  // The fixture's error hook writes this global: clear what an earlier server wrote.
  delete (globalThis as Record<string, unknown>).__bootErrorSeen
  const { server } = await buildServer(fixture('engine-broken'))
  await server.ready
  assert.equal((globalThis as Record<string, unknown>).__bootErrorSeen, 'Server plugin server/plugins/01.boom.ts failed: database unreachable')
})
