/**
 * The Vue ecosystem in a swerve app (docs/ecosystem.md): test/fixtures/ecosystem installs
 * Pinia 3 (whose devtools bring hookable@5 to the top of its node_modules), VueUse, vue-i18n,
 * Vuetify, Sass and Tailwind CSS v4 from the registry (scripts/ensure-fixtures.sh).
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { before, describe, test } from 'node:test'
import { build, type BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { fixture, request, tempDir } from './helpers.ts'

const testid = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1]

describe('the ecosystem fixture', () => {
  let server: SwerveServer
  let result: BuildResult
  let css: string
  before(async () => {
    result = await build(fixture('ecosystem'), { outDir: tempDir('swerve-ecosystem-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    server = createApp({ storage: 'memory' })
    const html = await (await request(server, '/')).text()
    css = readFileSync(join(result.publicDir, html.match(/href="\/(_swerve\/entry-\w+\.css)"/)![1]!), 'utf8')
  })

  test('Pinia is installed in the app and its state goes into the payload; defineStore, storeToRefs and stores/ are auto-imported', async () => {
    const html = await (await request(server, '/')).text()
    assert.equal(testid(html, 'store'), '41 82')
    assert.match(html, /"pinia":\d+/)
    assert.match(html, /\{"counter":\d+\},\{"count":\d+,"name":\d+\},41,"Ada"/)
    // Each request has its own store: another page starts from the store's own state.
    assert.equal(testid(await (await request(server, '/about')).text(), 'store'), '0')
  })

  test('vue-i18n in an app plugin and VueUse render on the server', async () => {
    const html = await (await request(server, '/')).text()
    assert.equal(testid(html, 'title'), 'Hello Ada')
    assert.equal(testid(html, 'vueuse'), '10')
  })

  test('Vuetify, registered by its plugin (import * as components), renders on the server with its theme', async () => {
    const html = await (await request(server, '/about')).text()
    assert.match(html, /<div class="v-card [^"]*" style="" data-testid="card">/)
    assert.match(html, /<button type="button" class="v-btn [^"]*bg-primary[^"]*" style="" data-testid="vuetify-button">/)
    assert.match(html, /<style id="vuetify-theme-stylesheet">/)
    assert.match(css, /\.v-btn\{/)
  })

  test('Sass in SFCs and in css: files is compiled, Tailwind runs through the app\'s PostCSS config with the classes of every page', () => {
    assert.match(css, /\.title\[data-v-\w+\]\{color:#00f\}/)
    assert.match(css, /\.surface\{background-color:#fafad2;border-color:#e6e61a\}/)
    assert.doesNotMatch(css, /\$brand|\$surface|@import "tailwindcss"|@use/)
    assert.match(css, /\.text-red-600\{color:var\(--color-red-600\)\}/)
    assert.match(css, /\.decoration-wavy\{text-decoration-style:wavy\}/)
  })

  test('<style module> and a named module: the server renders the class names the page\'s CSS has', async () => {
    const html = await (await request(server, '/')).text()
    const boxed = html.match(/data-testid="module" class="(boxed_[\w-]+)"/)![1]!
    const green = html.match(/data-testid="named" class="(green_[\w-]+)"/)![1]!
    assert.ok(css.includes(`.${boxed}{border:3px solid rgb(255,0,0)}`), `${boxed} is in the CSS`)
    assert.ok(css.includes(`.${green}{color:green}`), `${green} is in the CSS`)
  })
})

test('a preprocessor the app has not installed is a build error that says what to install', async () => {
  const root = tempDir('swerve-less-')
  const file = join(root, 'app/pages/index.vue')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, '<template><p class="a">a</p></template>\n\n<style lang="stylus">\n.a\n  color red\n</style>\n')
  await assert.rejects(build(root, { outDir: join(root, '.output'), quiet: true, prerender: false }), /app\/pages\/index\.vue:\d+:\d+: <style lang="stylus"> needs stylus, which is not installed: npm install -D stylus/)
})

test('Pinia is set up for an app that has it and uses it, not for one that only finds it installed above its folder', async () => {
  const { loadConfig } = await import('../build/config.ts')
  assert.equal((await loadConfig(fixture('ecosystem'))).integrations.pinia, true)
  // The repository's node_modules has pinia (a devDependency); the layers fixture never uses it.
  assert.equal((await loadConfig(fixture('layers'))).integrations.pinia, false)
})
