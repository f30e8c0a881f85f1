/**
 * Nuxt apps with their files as they are (docs/conventions.md): layers (a local folder and an
 * installed package), app.config merged across them, object-syntax plugins, `.tsx`
 * components, `NUXT_*` at build time, and an app with app.vue alone.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { before, describe, test } from 'node:test'
import { build, type BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { fixture, request, tempDir } from './helpers.ts'

const text = async (server: SwerveServer, path: string) => (await request(server, path)).text()
const testid = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1]

/** Every file under `dir`, as text. */
const allText = (dir: string): string => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter(entry => entry.isFile())
  .map(entry => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
  .join('\n')

describe('an app with a local layer and one installed as a package', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    result = await build(fixture('layers'), {
      outDir: tempDir('swerve-layers-'),
      quiet: true,
      env: { NUXT_PUBLIC_SITE_NAME: 'from NUXT_PUBLIC_SITE_NAME', NUXT_API_SECRET: 'secret-from-nuxt-env' },
    })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    server = createApp({ storage: 'memory' })
  })

  test('pages, layouts, components, composables and API routes come from both layers; the app\'s index wins over the layer\'s', async () => {
    const home = await text(server, '/')
    assert.equal(testid(home, 'title'), 'Layers home')
    assert.equal(testid(home, 'composables'), 'base composable ui composable shared via #imports')
    assert.match(home, /<section class="base-card" data-testid="base-card" data-v-\w+><!--\[-->card from base<!--\]--><\/section>/)
    assert.match(home, /<span class="ui-badge" data-testid="ui-badge">badge from the package<\/span>/)
    assert.equal(testid(home, 'api'), 'base ui')
    const base = await text(server, '/base')
    assert.match(base, /data-layout="base-plain"/)
    assert.equal(testid(base, 'title'), 'Base page: base / base composable')
    const ui = await text(server, '/ui')
    assert.match(ui, /data-layout="ui"/)
    assert.equal(testid(ui, 'title'), 'UI page: ui')
    for (const [path, from] of [['/api/app', 'app'], ['/api/base', 'base'], ['/api/ui', 'ui']]) {
      assert.deepEqual(await (await request(server, path!, { headers: { accept: 'application/json' } })).json(), { from })
    }
    assert.equal(readFileSync(join(result.publicDir, 'base.txt'), 'utf8'), 'a public file of the base layer\n')
  })

  test('app.config merges across layers (the app wins, a layer\'s function is replaced, arrays join); runtimeConfig deep-merges, NUXT_* over it', async () => {
    const home = await text(server, '/')
    assert.equal(testid(home, 'app-config'), 'app app,ui base ui fromApp,fromBase')
    assert.equal(testid(home, 'theme'), 'app base ui')
    assert.equal(testid(home, 'site'), 'from NUXT_PUBLIC_SITE_NAME')
    // A layer's server util reads it at its module's top level, before any server starts.
    assert.deepEqual(await (await request(server, '/api/site', { headers: { accept: 'application/json' } })).json(), { site: 'from NUXT_PUBLIC_SITE_NAME' })
    assert.ok(!allText(result.publicDir).includes('secret-from-nuxt-env'), 'a private value stays out of the public files')
    assert.ok(readFileSync(join(result.serverDir, 'app.mjs'), 'utf8').includes('secret-from-nuxt-env'), 'it is in the Node server')
  })

  test('object-syntax plugins: provide reaches useNuxtApp().$hello, dependsOn waits, hooks run; a .tsx component and JSX in an SFC render', async () => {
    const home = await text(server, '/')
    assert.equal(testid(home, 'provided'), 'hello layers / hello after')
    // A layer of plugins alone (no pages/ or components/ to say it is in Nuxt 3's layout).
    assert.equal(testid(home, 'session'), 'ada')
    assert.match(home, /"created":\d+/)
    assert.match(home, /<span data-testid="jsx" class="even">jsx 0<\/span>/)
    assert.match(home, /<b data-testid="inline-jsx">inline jsx<\/b>/, 'JSX in <script setup lang="tsx">')
  })
})

describe('an app with app.vue alone', () => {
  let result: BuildResult
  before(async () => {
    result = await build(fixture('app-only'), { outDir: tempDir('swerve-app-only-'), quiet: true, preset: 'static' })
  })

  test('a static build prerenders / (a static host answers it with 200), and the route is the URL', () => {
    const index = readFileSync(join(result.publicDir, 'index.html'), 'utf8')
    assert.equal(testid(index, 'path'), '/')
    assert.equal(testid(index, 'counter'), '7 7')
    assert.ok(result.prerendered.includes('/'))
  })

  test('the fallback documents are the shell: nothing internal reaches the page', () => {
    for (const file of ['200.html', '404.html']) {
      const html = readFileSync(join(result.publicDir, file), 'utf8')
      assert.match(html, /<div id="app"><\/div>/)
      assert.doesNotMatch(html, /__swerve_fallback__/)
    }
  })

  test('a <Teleport> to #teleports is rendered on the server, where the page hydrates it', () => {
    const index = readFileSync(join(result.publicDir, 'index.html'), 'utf8')
    assert.match(index, /<\/main><\/div><!--teleport start anchor--><!----><!--teleport anchor--><div id="teleports"><!--teleport start anchor--><p data-testid="teleported">teleported on the server<\/p><!--teleport anchor--><\/div>/)
  })
})
