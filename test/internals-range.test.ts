/**
 * The ends of the ranges in runtime/internals/versions.ts of the packages an app's bundle may bring
 * itself (vue-router, pinia): test/fixtures/internals-lowest and -highest pin them, and each
 * internal swerve reads in them runs against each end.
 */
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { build } from '../build/build.ts'
import { checkInternals, inRange, resolveInternals } from '../build/internals.ts'
import { restoreStoreStates, type PiniaStores } from '../runtime/internals/pinia.ts'
import { INTERNALS } from '../runtime/internals/versions.ts'
import { fixture, request, tempDir } from './helpers.ts'

const ENDS = {
  lowest: { 'vue-router': '5.0.0', 'pinia': '2.2.0' },
  highest: { 'vue-router': '5.5.1', 'pinia': '4.1.0' },
}

for (const [end, versions] of Object.entries(ENDS)) {
  const root = fixture(`internals-${end}`)

  test(`internals, ${end} end: the build resolves the app's vue-router and pinia, in their ranges`, () => {
    const found = Object.fromEntries(resolveInternals(root).filter(({ fromApp }) => fromApp).map(({ name, version }) => [name, version]))
    assert.deepEqual(found, { 'vue': '3.5.45', ...versions })
    for (const [name, version] of Object.entries(versions)) {
      const { supported } = INTERNALS[name]!
      // The lowest end of a range is what the lowest fixture pins: the range is what is tested.
      assert.ok(inRange(version, supported), name)
      if (end === 'lowest') assert.equal(version, supported[0], name)
    }
    assert.deepEqual(checkInternals(root), [])
  })

  test(`internals, ${end} end: vue-router's matcher records (runtime/internals/vue-router.ts) route params, catch-alls and nested pages, with the app's pinia`, async () => {
    const result = await build(root, { outDir: tempDir(`swerve-internals-${end}-`), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const app = createApp({ storage: 'memory' })
    const user = await (await request(app, '/users/7')).text()
    assert.match(user, new RegExp(`data-testid="router">${versions['vue-router'].replaceAll('.', '\\.')}<`))
    assert.match(user, /data-testid="user">7</)
    assert.match(user, /data-testid="count">8</)
    const docs = await (await request(app, '/docs/a/b')).text()
    assert.match(docs, /<h1>docs<\/h1>/)
    assert.match(docs, /data-testid="slug">a\|b</)
    assert.match(await (await request(app, '/')).text(), /href="\/users\/7"/)
  })

  test(`internals, ${end} end: pinia's stores by id (runtime/internals/pinia.ts) take saved states back`, async () => {
    const require = createRequire(join(root, 'package.json'))
    const pinia = await import(pathToFileURL(require.resolve('pinia')).href) as typeof import('pinia')
    assert.equal(require('pinia/package.json').version, versions.pinia)
    const instance = pinia.createPinia()
    pinia.setActivePinia(instance)
    const useCounter = pinia.defineStore('counter', { state: () => ({ count: 1 }) })
    const counter = useCounter()
    restoreStoreStates(instance as unknown as PiniaStores, { counter: { count: 5 }, later: { open: true } })
    assert.equal(counter.count, 5)
    assert.deepEqual(instance.state.value.later, { open: true })
    assert.equal(pinia.defineStore('later', { state: () => ({ open: false }) })().open, true)
  })
}
