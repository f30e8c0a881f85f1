/**
 * `.wasm` imports in server routes with nuxt.config's `nitro.experimental.wasm`
 * (docs/ecosystem.md#webassembly): test/fixtures/wasm, a module over 4 KiB, on Node and on
 * workerd (the worker's side is e2e/assets.spec.ts).
 */
import assert from 'node:assert/strict'
import { cpSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { Miniflare } from 'miniflare'
import { build } from '../build/build.ts'
import { buildServer, fixture, request, tempDir } from './helpers.ts'

describe('a server route importing a .wasm module', () => {
  test('on Node: the exports by name (through a dynamic import), and ?init\'s instance', async () => {
    const { server } = await buildServer(fixture('wasm'))
    assert.deepEqual(await (await request(server, '/api/sum?a=100&b=250')).json(), { sum: 350 })
    assert.deepEqual(await (await request(server, '/api/init')).json(), { sum: 42 })
    assert.match(await (await request(server, '/')).text(), /100 \+ 250 = 350/)
  })

  test('on workerd: the module is emitted beside the server and imported as one', async () => {
    const outDir = tempDir('swerve-wasm-cf-')
    await build(fixture('wasm'), { outDir, quiet: true, preset: 'cloudflare', prerender: false })
    assert.ok(readdirSync(join(outDir, 'server')).some(file => /^sum-\w{8}\.wasm$/.test(file)))
    // Wrangler's default rules take a .wasm import as a compiled module; Miniflare is told so.
    const modulesRules = [{ type: 'CompiledWasm' as const, include: ['**/*.wasm'] }]
    const mf = new Miniflare({ modules: true, modulesRoot: outDir, modulesRules, scriptPath: join(outDir, 'server/index.mjs'), kvNamespaces: ['STORAGE'], compatibilityDate: '2025-09-01' })
    try {
      assert.deepEqual(await (await mf.dispatchFetch('http://localhost/api/sum?a=1&b=2')).json(), { sum: 3 })
      assert.deepEqual(await (await mf.dispatchFetch('http://localhost/api/init')).json(), { sum: 42 })
    } finally {
      await mf.dispose()
    }
  })

  test('without nitro.experimental.wasm, the build fails naming the file and the flag', async () => {
    const root = tempDir('swerve-wasm-off-')
    cpSync(fixture('wasm'), root, { recursive: true, filter: path => !path.includes('.swerve') })
    writeFileSync(join(root, 'nuxt.config.ts'), 'export default defineNuxtConfig({})\n')
    await assert.rejects(build(root, { outDir: join(root, '.output'), quiet: true, prerender: false }), /server\/wasm\/sum\.wasm: importing a WebAssembly module needs nitro: \{ experimental: \{ wasm: true \} \}/)
  })
})
