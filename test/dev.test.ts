/** `swerve dev`'s shared packages: bundled once under _swerve/deps/, kept for the next start (docs/guide.md, "Development"). */
import assert from 'node:assert/strict'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createDevServer } from '../build/dev/index.ts'
import { copyOf } from './helpers.ts'

const keptRoot = fileURLToPath(new URL('../node_modules/.cache/swerve/deps', import.meta.url))

test('the dev client imports Vue and the other shared packages from _swerve/deps/, bundled once and kept for the next start', async () => {
  const app = copyOf('devapp')
  // A shared package only this app imports: bundled after the client's first build.
  app.edit('app/pages/index.vue', '<script setup lang="ts">', "<script setup lang=\"ts\">\nimport { isString } from '@vue/shared'\nconst shared = isString('x')")
  const first = await createDevServer(app.root, { port: 0, quiet: true })
  let second: Awaited<ReturnType<typeof createDevServer>> | undefined
  try {
    const entry = await (await fetch(`${first.url}_swerve/entry.js`)).text()
    assert.match(entry, /from "\/_swerve\/deps\/vue\.js"/)
    assert.doesNotMatch(entry, /function createRenderer\(/, 'Vue is not in the entry')
    const vue = await fetch(`${first.url}_swerve/deps/vue.js`)
    assert.equal(vue.status, 200)
    assert.match(await vue.text(), /\bcreateApp\b/)
    assert.equal((await fetch(`${first.url}_swerve/deps/@vue/shared.js`)).status, 200)
    assert.match(await (await fetch(first.url)).text(), /Hello dev/)

    const keptNames = readdirSync(keptRoot).sort()
    const kept = keptNames.filter(name => /^[0-9a-f]{16}$/.test(name)).map(name => join(keptRoot, name, '.done'))
    const written = new Map(kept.map(done => [done, statSync(done).mtimeMs]))
    assert.ok(written.size > 0, 'the bundle is kept')

    // Started again: the kept bundle is copied, not bundled again.
    second = await createDevServer(app.root, { port: 0, quiet: true })
    assert.equal(await (await fetch(`${second.url}_swerve/deps/vue.js`)).text(), await (await fetch(`${first.url}_swerve/deps/vue.js`)).text())
    for (const [done, mtime] of written) assert.equal(statSync(done).mtimeMs, mtime)
    assert.deepEqual(readdirSync(keptRoot).sort(), keptNames, 'nothing new was kept')
  } finally {
    await second?.close()
    await first.close()
    app.remove()
  }
})

test('a shared package that is not installed is named at its import, as in a build', async () => {
  const app = copyOf('devapp')
  app.edit('app/pages/index.vue', '<script setup lang="ts">', "<script setup lang=\"ts\">\nimport { nothing } from 'vue-router/not-there'\nconsole.log(nothing)")
  const dev = await createDevServer(app.root, { port: 0, quiet: true })
  try {
    const page = await fetch(dev.url, { headers: { accept: 'text/html' } })
    assert.equal(page.status, 500)
    assert.match(await page.text(), /app\/pages\/index\.vue:\d+:\d+: .*vue-router\/not-there/)
  } finally {
    await dev.close()
    app.remove()
  }
})

test('nextRebuild() resolves once the edit\'s update is pushed to the open pages, with it: a template edit\'s re-render and its module are ready then', async () => {
  const app = copyOf('devapp')
  const dev = await createDevServer(app.root, { port: 0, quiet: true })
  try {
    // The page's SFCs are read once the server is up: an edit before that reloads.
    await new Promise(resolve => setImmediate(resolve))
    const rebuilt = dev.nextRebuild()
    app.edit('app/pages/index.vue', 'Hello dev', 'Hello HMR')
    const updates = await rebuilt
    assert.deepEqual(updates.map(update => update.type), ['rerender'])
    const module = await fetch(new URL(String(updates[0]!.url), dev.url))
    assert.equal(module.status, 200)
    assert.match(await module.text(), /Hello HMR/)
    // A page rendered before the edit, connecting now, is told to reload.
    const events = await fetch(new URL('/__swerve/events?since=0', dev.url))
    const reader = events.body!.getReader()
    assert.match(new TextDecoder().decode((await reader.read()).value), /"type":"reload"/)
    await reader.cancel()
  } finally {
    await dev.close()
    app.remove()
  }
})

test('a page still loading the last build finds its chunks after the next rebuild: dev keeps every chunk it served', async () => {
  const app = copyOf('devapp')
  const dev = await createDevServer(app.root, { port: 0, quiet: true })
  const chunksOf = async () => [...(await (await fetch(`${dev.url}_swerve/entry.js`)).text()).matchAll(/chunks\/[\w-]+\.js/g)].map(([chunk]) => chunk)
  try {
    // The entry a page loaded before the edit: it imports its chunks after the rebuild.
    const before = await chunksOf()
    assert.ok(before.length > 0)
    const rebuilt = dev.nextRebuild()
    app.edit('app/pages/index.vue', '<script setup lang="ts">', '<script setup lang="ts">\nconst edited = 1')
    await rebuilt
    assert.notDeepEqual(await chunksOf(), before, 'the edit changed a chunk')
    for (const chunk of before) assert.equal((await fetch(`${dev.url}_swerve/${chunk}`)).status, 200, chunk)
  } finally {
    await dev.close()
    app.remove()
  }
})
