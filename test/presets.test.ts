/** The preset table: what each preset writes, and what never reaches the visitor's device. */
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { build } from '../build/build.ts'
import { pathToFileURL } from 'node:url'
import { fixture, tempDir, workerCode } from './helpers.ts'

const outDir = (name: string) => tempDir(`swerve-${name}-`)

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
}

test('node writes app.mjs and index.mjs; the private runtimeConfig is in them and in no public file', async () => {
  const result = await build(fixture('engine'), { outDir: outDir('node'), quiet: true })
  assert.ok(existsSync(join(result.serverDir, 'index.mjs')))
  const app = readFileSync(join(result.serverDir, 'app.mjs'), 'utf8')
  assert.ok(app.includes('engine-secret-7f3a'), 'the private value is in the Node server')
  // Vue's runtime build, as in the worker: not the CommonJS build with the template compiler (one of its messages).
  assert.ok(!app.includes('Element is missing end tag'), 'no template compiler in the Node server')
  const leaks = filesUnder(result.publicDir).filter(file => readFileSync(file, 'utf8').includes('engine-secret-7f3a'))
  assert.deepEqual(leaks, [])
  assert.ok(workerCode(result.publicDir).includes('apiBase'), 'the public value is in the worker')
})

test('cloudflare writes a module worker and wrangler.json; static writes no server', async () => {
  const cloudflare = await build(fixture('engine'), { outDir: outDir('cf'), quiet: true, preset: 'cloudflare' })
  assert.ok(/export\s*\{[^}]*as default/.test(readFileSync(join(cloudflare.serverDir, 'index.mjs'), 'utf8')), 'a module worker')
  assert.equal(existsSync(join(cloudflare.serverDir, 'app.mjs')), false)
  assert.equal(JSON.parse(readFileSync(join(cloudflare.config.outDir, 'wrangler.json'), 'utf8')).main, 'server/index.mjs')
  const staticBuild = await build(fixture('minimal'), { outDir: outDir('static'), quiet: true, preset: 'static' })
  assert.equal(existsSync(staticBuild.serverDir), false)
  assert.deepEqual(staticBuild.prerendered, ['/'])
  assert.ok(existsSync(join(staticBuild.publicDir, 'index.html')))
})

test('an unknown preset is a clear error', async () => {
  await assert.rejects(build(fixture('minimal'), { outDir: outDir('bad'), quiet: true, preset: 'lambda' }), /Unknown preset "lambda"\. Presets: node, cloudflare, static\./)
})

test('the build fails, naming the key and the file but not the value, when a private runtimeConfig value lands under public/', async () => {
  const app = tempDir('swerve-leak-')
  cpSync(fixture('engine'), app, { recursive: true, filter: path => !/\/(\.output|\.swerve)(\/|$)/.test(path) })
  mkdirSync(join(app, 'public'), { recursive: true })
  writeFileSync(join(app, 'public', 'config.json'), JSON.stringify({ key: 'engine-secret-7f3a' }))
  await assert.rejects(build(app, { quiet: true, prerender: false }), (error: Error) => {
    assert.match(error.message, /runtimeConfig\.apiSecret/)
    assert.match(error.message, /public\/config\.json/)
    assert.ok(!error.message.includes('engine-secret-7f3a'), 'the message does not repeat the secret')
    return true
  })
  assert.equal(existsSync(join(app, '.output')), false, 'nothing was put in place')
})

test('a Node host reads SWERVE_<KEY> and SWERVE_PUBLIC_<KEY> over runtimeConfig at start; the page gets the public ones', async () => {
  const result = await build(fixture('engine'), { outDir: outDir('env'), quiet: true, prerender: false })
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const plain = createApp({ storage: 'memory', env: {} })
  assert.deepEqual(await (await plain.fetch(new Request('http://localhost/api/config'))).json(), { apiSecret: 'engine-secret-7f3a', public: { apiBase: '/api' } })
  const server = createApp({ storage: 'memory', env: { SWERVE_API_SECRET: 'from-env', SWERVE_PUBLIC_API_BASE: '/v2', SWERVE_UNKNOWN: 'ignored' } })
  assert.deepEqual(await (await server.fetch(new Request('http://localhost/api/config'))).json(), { apiSecret: 'from-env', public: { apiBase: '/v2' } })
  const page = await (await server.fetch(new Request('http://localhost/', { headers: { accept: 'text/html' } }))).text()
  assert.ok(page.includes('/v2') && !page.includes('from-env'), 'the payload carries the public override, not the private one')
  // Nuxt's names too (NUXT_API_SECRET → apiSecret); SWERVE_* wins where both are set.
  const nuxt = createApp({ storage: 'memory', env: { NUXT_API_SECRET: 'from-nuxt', NUXT_PUBLIC_API_BASE: '/nuxt' } })
  assert.deepEqual(await (await nuxt.fetch(new Request('http://localhost/api/config'))).json(), { apiSecret: 'from-nuxt', public: { apiBase: '/nuxt' } })
  const both = createApp({ storage: 'memory', env: { NUXT_API_SECRET: 'from-nuxt', SWERVE_API_SECRET: 'from-swerve' } })
  assert.equal((await (await both.fetch(new Request('http://localhost/api/config'))).json()).apiSecret, 'from-swerve')
})

test('origin-only code (*.origin.ts, routes under worker: false) is in the Node server and absent from sw.js', async () => {
  const result = await build(fixture('engine'), { outDir: outDir('origin'), quiet: true, prerender: false })
  const worker = workerCode(result.publicDir)
  const node = readFileSync(join(result.serverDir, 'app.mjs'), 'utf8')
  for (const marker of ['origin-only-marker-5b1c', 'pay-origin-marker-91d2']) {
    assert.ok(!worker.includes(marker), `${marker} is not in sw.js`)
    assert.ok(node.includes(marker), `${marker} is in the Node server`)
  }
  assert.ok(worker.includes('/api/origin-only/time') || worker.includes('origin-only'), 'the worker knows the pattern it leaves to the origin')
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const server = createApp({ storage: 'memory', env: {} })
  const paid = await server.fetch(new Request('http://localhost/api/pay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":5}' }))
  assert.deepEqual(await paid.json(), { paid: 5, marker: 'pay-origin-marker-91d2' })
  assert.equal((await (await server.fetch(new Request('http://localhost/api/origin-proxy'))).json()).origin.host, 'origin', 'in Node, $fetch stays in-process')
})
