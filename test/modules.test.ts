/**
 * Nuxt modules (docs/modules.md): test/fixtures/modules-local installs two local modules with
 * the real @nuxt/kit, one from its modules/ folder and one named in nuxt.config's `modules:`.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { pathToFileURL } from 'node:url'
import { before, describe, test } from 'node:test'
import { build, type BuildResult } from '../build/build.ts'
import { loadConfig } from '../build/config.ts'
import { loadCssTools } from '../build/css.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { fixture, request, tempDir, workerCode } from './helpers.ts'

const byId = (html: string, id: string) => html.match(new RegExp(`id="${id}"[^>]*>(?:<!--\\[-->)?([^<]*)<`))?.[1]

describe('local Nuxt modules', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    result = await build(fixture('modules-local'), { outDir: tempDir('swerve-modules-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    server = createApp({ storage: 'memory' })
  })

  test('the modules install: the modules/ folder\'s and the one named in modules: (with its options)', () => {
    assert.deepEqual(result.config.modules?.names, ['greeter', 'nest', 'stamp', 'badge'])
  })

  test('pages:extend children are nested: a module\'s parent renders its children in <NuxtPage>, and a child pushed into a file-based page\'s children renders in it', async () => {
    const nest = await (await request(server, '/nest')).text()
    assert.match(nest, /<section id="nest">[\s\S]*<p id="nest-home">/)
    const child = await (await request(server, '/nest/child')).text()
    assert.match(child, /<section id="nest">[\s\S]*<p id="nest-child">A child from a module<\/p>/)
    const extra = await (await request(server, '/shelf/extra')).text()
    assert.match(extra, /<section id="shelf">[\s\S]*<p id="shelf-extra">A module&#39;s child of the app&#39;s page<\/p>/)
    assert.match(await (await request(server, '/shelf')).text(), /<section id="shelf">[\s\S]*<p id="shelf-home">/)
    for (const path of ['/nest', '/nest/child', '/shelf', '/shelf/extra']) assert.ok(result.prerendered.includes(path), path)
    assert.ok(!result.config.modules?.warnings.some(w => /children/.test(w)), result.config.modules?.warnings.join('\n'))
  })

  test('extendPages adds a page that renders and is prerendered; addPlugin\'s plugin reads an addTemplate template (#build/…) built with the configKey options', async () => {
    assert.ok(result.prerendered.includes('/from-module'))
    const html = await (await request(server, '/from-module')).text()
    assert.equal(byId(html, 'module-page'), 'A page from a module')
    assert.equal(byId(html, 'module-greeting'), 'Hello from nuxt.config')
    assert.ok(existsSync(join(fixture('modules-local'), '.swerve/greeter/options.mjs')))
  })

  test('addLayout\'s layout wraps the module\'s page (definePageMeta), addRouteMiddleware\'s global middleware runs', async () => {
    const html = await (await request(server, '/from-module')).text()
    assert.match(html, /<div id="framed" class="framed"><!--\[--><main><h1 id="module-page">/)
    assert.equal(byId(html, 'visits'), '1')
  })

  test('app.rootAttrs: the app\'s own and what a module adds are on the root element, whose id stays the one the page mounts on', async () => {
    const html = await (await request(server, '/from-module')).text()
    assert.match(html, /<div id="app" data-root="local" class="greeted">/)
  })

  test('a global component a module adds is registered on the app: named at run time, it renders', async () => {
    const html = await (await request(server, '/from-module')).text()
    assert.match(html, /<p id="global"><span class="global-hello">Hello from a global component<\/span><\/p>/)
  })

  test('addComponent, addImports and updateAppConfig reach the app\'s page; the plugin\'s provide is on useNuxtApp()', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<span class="module-badge" id="badge">/)
    assert.equal(byId(html, 'badge'), 'Badge from module options')
    assert.equal(byId(html, 'plugin'), 'Hello from nuxt.config')
  })

  test('addComponentsDir\'s folder (with its prefix), app.head, and nitro.publicAssets from nitro:config', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<span class="badge-star" id="star">★<\/span>/)
    assert.match(html, /<meta name="greeter" content="installed">/)
    assert.equal(readFileSync(join(result.publicDir, 'greeter/hello.txt'), 'utf8'), 'Hello from a module\'s public assets\n')
  })

  test('addServerHandler\'s route answers with runtimeConfig the module set, the private value kept off the worker', async () => {
    const response = await request(server, '/api/greeting')
    assert.deepEqual(await response.json(), { greeting: 'Hello from nuxt.config', loud: true, secret: 'present' })
    assert.match(workerCode(result.publicDir), /\/api\/greeting/)
    assert.doesNotMatch(workerCode(result.publicDir), /kept on the server/)
  })

  test('a module\'s Vite plugins run: a transform on page and server code, a virtual module by resolveId/load in each bundle, a stylesheet transform', async () => {
    const html = await (await request(server, '/')).text()
    assert.equal(byId(html, 'stamp'), 'stamped by a Vite plugin')
    assert.deepEqual(await (await request(server, '/api/stamp')).json(), { stamp: 'stamped by a Vite plugin', bundle: 'server' })
    assert.match(workerCode(result.publicDir), /stamped by a Vite plugin/)
    const assets = join(result.publicDir, '_swerve')
    const files = readdirSync(assets, { recursive: true }).map(String)
    const virtual = files.find(file => /virtual_stamp-\w+\.js$/.test(file))
    assert.ok(virtual, files.join(' '))
    assert.match(readFileSync(join(assets, virtual), 'utf8'), /"page"/)
    const css = files.filter(file => file.endsWith('.css')).map(file => readFileSync(join(assets, file), 'utf8')).join('')
    assert.match(css, /\.stamped\{color:green\}/)
  })

  test('a Vite plugin\'s hooks that cannot run are named in one warning per plugin; a plugin with none that can is named too', () => {
    const warnings = result.config.modules?.warnings ?? []
    assert.deepEqual(warnings.filter(w => w.includes('stamp:')), [
      'The Vite plugin stamp:css a module added runs its transform; its configResolved does not run: swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).',
      'The Vite plugin stamp:dev-server a module added does not run: its configureServer and handleHotUpdate are hooks of Vite\'s alone; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).',
    ])
    assert.deepEqual(result.config.modules?.vitePlugins.map(({ plugin, client, server }) => [plugin.name, client, server]), [['stamp:transform', true, true], ['stamp:virtual', true, true], ['stamp:css', true, true]])
  })

  test('an app without modules loads no module host', async () => {
    assert.equal((await loadConfig(fixture('minimal'))).modules, undefined)
  })
})

/** An app of one page whose nuxt.config is `config`. */
function appWith(config: string): string {
  const root = tempDir('swerve-modules-app-')
  mkdirSync(join(root, 'app/pages'), { recursive: true })
  writeFileSync(join(root, 'app/pages/index.vue'), '<template><p>home</p></template>\n')
  writeFileSync(join(root, 'nuxt.config.ts'), config)
  return root
}

/** A Nuxt module package in the app's node_modules: it records its options (`configKey`) and when it ran. */
function fakeModule(root: string, name: string, version: string, configKey: string): void {
  const dir = join(root, 'node_modules', name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, type: 'module', exports: './index.mjs' }))
  writeFileSync(join(dir, 'index.mjs'), `const module = (_, nuxt) => {
  const config = nuxt.options.runtimeConfig.public
  ;(config.order ||= []).push(${JSON.stringify(name)})
  config.${configKey} = { ...nuxt.options.${configKey} }
}
module.getMeta = async () => ({ name: ${JSON.stringify(name)}, configKey: ${JSON.stringify(configKey)} })
export default module
`)
}

describe('modules: entries', () => {
  test('an inline function module runs, with Nuxt\'s hooks', async () => {
    const root = appWith(`export default defineNuxtConfig({ modules: [(_, nuxt) => { nuxt.hook('pages:extend', pages => { pages.push({ path: '/inline', name: 'inline', file: '~/pages/index.vue' }) }) }] })\n`)
    const config = await loadConfig(root)
    assert.deepEqual(config.modules?.pages.added.map(page => page.path), ['/inline'])
  })

  test('an inline defineNuxtModule from nuxt/kit in nuxt.config, with options from its configKey', async () => {
    const root = appWith(`import { defineNuxtModule, extendPages } from 'nuxt/kit'
export default defineNuxtConfig({
  modules: [defineNuxtModule({ meta: { name: 'paths', configKey: 'paths' }, defaults: { path: '/default' }, setup(options) { extendPages(pages => { pages.push({ path: options.path, name: 'added', file: '~/pages/index.vue' }) }) } })],
  paths: { path: '/from-config' },
})
`)
    const config = await loadConfig(root)
    assert.deepEqual(config.modules?.names, ['paths'])
    assert.deepEqual(config.modules?.pages.added.map(page => page.path), ['/from-config'])
  })

  test('a layer\'s module resolves from the layer\'s own node_modules, as @nuxt/examples-ui brings @nuxt/ui', async () => {
    const root = appWith(`export default defineNuxtConfig({ extends: ['ui-layer'] })\n`)
    const layer = join(root, 'node_modules/ui-layer')
    mkdirSync(join(layer, 'node_modules/layer-module'), { recursive: true })
    writeFileSync(join(layer, 'package.json'), '{ "name": "ui-layer", "main": "./nuxt.config.ts" }\n')
    writeFileSync(join(layer, 'nuxt.config.ts'), `export default defineNuxtConfig({ modules: ['layer-module'] })\n`)
    writeFileSync(join(layer, 'node_modules/layer-module/package.json'), '{ "name": "layer-module", "type": "module", "main": "./index.js" }\n')
    writeFileSync(join(layer, 'node_modules/layer-module/index.js'), `export default Object.assign((_, nuxt) => { nuxt.options.postcss.plugins['layer-postcss'] = { mark: 'layer' } }, { getMeta: () => ({ name: 'layer-module' }) })\n`)
    // The PostCSS plugin it adds is the layer's too (@tailwindcss/postcss beside @nuxt/ui).
    mkdirSync(join(layer, 'node_modules/layer-postcss'), { recursive: true })
    writeFileSync(join(layer, 'node_modules/layer-postcss/package.json'), '{ "name": "layer-postcss", "main": "./index.cjs" }\n')
    writeFileSync(join(layer, 'node_modules/layer-postcss/index.cjs'), `module.exports = options => ({ postcssPlugin: 'layer-postcss-' + options.mark })\n`)
    const config = await loadConfig(root)
    assert.deepEqual(config.modules?.names, ['layer-module'])
    const tools = await loadCssTools(root, undefined, config.modules?.postcssPlugins, config.modules?.modulesDir)
    assert.deepEqual(tools.postcssPlugins.map(plugin => (plugin as { postcssPlugin: string }).postcssPlugin), ['layer-postcss-layer'])
  })

  test('#components gives the built-in components by Nuxt\'s names (a layer\'s NuxtExample.vue imports NuxtLink from it)', async () => {
    const root = appWith('export default defineNuxtConfig({})\n')
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
import { NuxtLink, ClientOnly } from '#components'
</script>
<template><NuxtLink id="link" to="/">home</NuxtLink><ClientOnly><p>client</p></ClientOnly></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-components-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const html = await (await request(createApp({ storage: 'memory' }), '/')).text()
    assert.match(html, /<a [^>]*href="\/"[^>]*>home<\/a>/)
  })

  test('the builder is not Vite: a module takes its PostCSS path; a vite:* handler that throws (vite is not installed) is a warning, and what it changes in PostCSS is not used', async () => {
    const root = appWith(`export default defineNuxtConfig({
  modules: [(_, nuxt) => {
    nuxt.hook('vite:extend', async () => { nuxt.options.postcss.plugins['from-vite-hook'] = {}; throw new Error("Cannot find package 'vite'") })
    nuxt.hook('vite:extend', ({ config }) => { config.plugins.push({ name: 'after-the-throw', transform: code => code }) })
    if (nuxt.options.builder !== '@nuxt/vite-builder') nuxt.options.postcss.plugins['postcss-nested'] = {}
  }],
})
`)
    const config = await loadConfig(root)
    assert.deepEqual(config.modules?.postcssPlugins, { 'postcss-nested': {} })
    assert.ok(config.modules?.warnings.includes('A module\'s vite:extend: Cannot find package \'vite\'; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).'), config.modules?.warnings.join('\n'))
    assert.deepEqual(config.modules?.vitePlugins.map(({ plugin }) => plugin.name), ['after-the-throw'])
  })

  test('postcss.plugins a module adds run on every stylesheet: the app\'s, a package\'s, a <style> block and a module\'s template', async () => {
    const root = appWith(`import { addTemplate } from 'nuxt/kit'
export default defineNuxtConfig({
  css: ['~/assets/app.css'],
  modules: [(_, nuxt) => {
    nuxt.options.postcss.plugins['./postcss-green.cjs'] = {}
    nuxt.options.css.push(addTemplate({ filename: 'module.css', getContents: () => '.module { color: red }', write: true }).dst)
  }],
})
`)
    writeFileSync(join(root, 'postcss-green.cjs'), `module.exports = () => ({ postcssPlugin: 'green', Declaration(decl) { if (decl.value === 'red') decl.value = 'green' } })\nmodule.exports.postcss = true\n`)
    mkdirSync(join(root, 'app/assets'), { recursive: true })
    writeFileSync(join(root, 'app/assets/app.css'), '.app { color: red }\n')
    mkdirSync(join(root, 'node_modules/styled-pkg'), { recursive: true })
    writeFileSync(join(root, 'node_modules/styled-pkg/package.json'), JSON.stringify({ name: 'styled-pkg', version: '1.0.0' }))
    writeFileSync(join(root, 'node_modules/styled-pkg/style.css'), '.pkg { color: red }\n')
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
import 'styled-pkg/style.css'
</script>
<template><p class="block">home</p></template>
<style>
.block { color: red }
</style>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const assets = join(result.publicDir, '_swerve')
    const css = readdirSync(assets, { recursive: true }).map(String).filter(file => file.endsWith('.css')).map(file => readFileSync(join(assets, file), 'utf8')).join('\n')
    for (const name of ['app', 'pkg', 'block', 'module']) assert.match(css, new RegExp(`\\.${name}\\{color:green\\}`), css)
    assert.doesNotMatch(css, /red/)
  })

  test('a module\'s request to a server that never answers does not hold the build: bounded, and its retries fail at once (@nuxt/fonts\' providers offline)', async () => {
    const silent = createServer(() => {}) // accepts, never answers
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/list`
    process.env.SWERVE_MODULE_FETCH_TIMEOUT = '1500'
    try {
      // As unifont does: the list is asked for when modules are done, then a template awaits it; three retries a second apart.
      const root = appWith(`const ask = async (tries = 4) => { try { return await (await fetch(${JSON.stringify(url)})).text() } catch (error) { if (tries === 1) return 'failed: ' + error.message; await new Promise(r => setTimeout(r, 200)); return ask(tries - 1) } }
export default defineNuxtConfig({ modules: [(_, nuxt) => { let list; nuxt.hook('modules:done', () => { list = ask() }); nuxt.options.build.templates.push({ filename: 'fonts.mjs', write: true, getContents: async () => \`export default \${JSON.stringify(await list)}\` }) }] })
`)
      const started = Date.now()
      await loadConfig(root)
      assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`)
      assert.match(readFileSync(join(root, '.swerve/fonts.mjs'), 'utf8'), /failed: fetch failed/)
    } finally {
      delete process.env.SWERVE_MODULE_FETCH_TIMEOUT
      silent.closeAllConnections()
      silent.close()
    }
  })

  test('#build/app.config is the merged app config (modules\' appConfig below app.config.ts), as useAppConfig() reads it', async () => {
    const root = appWith(`export default defineNuxtConfig({ modules: [(_, nuxt) => { nuxt.options.appConfig.theme = { color: 'green', size: 'md' } }] })\n`)
    writeFileSync(join(root, 'app/app.config.ts'), `export default defineAppConfig({ theme: { color: 'red' } })\n`)
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
import built from '#build/app.config'
const config = useAppConfig()
</script>
<template><p id="built">{{ built.theme.color }}-{{ built.theme.size }}-{{ config.theme.color }}</p></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const html = await (await request(createApp({ storage: 'memory' }), '/')).text()
    assert.equal(byId(html, 'built'), 'red-md-red')
  })

  test('#imports has Nuxt\'s isVue2 and isVue3 (@nuxtjs/color-mode 3 imports them)', async () => {
    const root = appWith(`export default defineNuxtConfig({ modules: [() => {}] })\n`)
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
import { isVue2, isVue3 } from '#imports'
</script>
<template><p id="flags">{{ isVue2 }}-{{ isVue3 }}</p></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    assert.equal(byId(await (await request(createApp({ storage: 'memory' }), '/')).text(), 'flags'), 'false-true')
  })

  test('an id that is both an alias and a nitro.virtual module is the alias in the app, the virtual module in server plugins (@nuxtjs/color-mode\'s options)', async () => {
    const root = appWith(`import { addTemplate } from 'nuxt/kit'
export default defineNuxtConfig({
  modules: [(_, nuxt) => {
    nuxt.options.alias['#both'] = addTemplate({ filename: 'both.mjs', getContents: () => 'export const where = "app"' }).dst
    nuxt.hook('nitro:config', (config) => { config.virtual = { ...config.virtual, '#both': 'export const other = "server"' } })
  }],
})
`)
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
import { where } from '#both'
</script>
<template><p id="where">{{ where }}</p></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    assert.equal(byId(await (await request(createApp({ storage: 'memory' }), '/')).text(), 'where'), 'app')
  })

  test('useRuntimeConfig().app has Nuxt\'s baseURL (@nuxt/image\'s useImage() joins paths to it)', async () => {
    const root = appWith(`export default defineNuxtConfig({ app: { baseURL: '/shop/' }, modules: [() => {}] })\n`)
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
const config = useRuntimeConfig()
</script>
<template><p id="base">{{ config.app.baseURL }}</p></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true, prerender: false })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    assert.equal(byId(await (await request(createApp({ storage: 'memory' }), '/shop/')).text(), 'base'), '/shop/')
  })

  test('a library\'s own @unhead/vue of another major (@nuxt/ui brings 2) is not the app\'s: swerve\'s renderer keeps its own', async () => {
    const root = appWith(`export default defineNuxtConfig({ modules: [() => {}] })\n`)
    const fake = join(root, 'node_modules/@unhead/vue')
    mkdirSync(fake, { recursive: true })
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: '@unhead/vue', version: '2.0.0', type: 'module', exports: { '.': './index.js', './server': './index.js', './client': './index.js' } }))
    writeFileSync(join(fake, 'index.js'), 'export const createHead = () => ({ install() {} })\nexport const useHead = () => {}\nexport const useSeoMeta = () => {}\nexport const useHeadSafe = () => {}\nexport const useServerHead = () => {}\nexport const useServerSeoMeta = () => {}\nexport const useServerHeadSafe = () => {}\nexport const headSymbol = "usehead"\n')
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const response = await request(createApp({ storage: 'memory' }), '/')
    assert.equal(response.status, 200)
    assert.match(await response.text(), /<p>home<\/p>/)
  })

  test('addImportsDir of a folder with an index file: every file\'s exports are auto-imported (@nuxt/ui\'s useToast)', async () => {
    const root = appWith(`import { addImportsDir } from 'nuxt/kit'
export default defineNuxtConfig({ modules: [(_, nuxt) => { addImportsDir(nuxt.options.rootDir + '/lib/composables') }] })
`)
    mkdirSync(join(root, 'lib/composables'), { recursive: true })
    writeFileSync(join(root, 'lib/composables/index.ts'), `export { other } from './other'\n`)
    writeFileSync(join(root, 'lib/composables/other.ts'), `export const other = () => 'other'\n`)
    writeFileSync(join(root, 'lib/composables/useThing.ts'), `export const useThing = () => 'thing'\n`)
    writeFileSync(join(root, 'app/pages/index.vue'), `<script setup>
const thing = useThing()
</script>
<template><p id="thing">{{ thing }}</p></template>
`)
    const result = await build(root, { outDir: tempDir('swerve-modules-out-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    assert.equal(byId(await (await request(createApp({ storage: 'memory' }), '/')).text(), 'thing'), 'thing')
  })

  test('moduleDependencies: a package the module depends on is installed (once), its defaults and overrides merged into its options as Nuxt merges them; an optional one is left out', async () => {
    const root = appWith(`export default defineNuxtConfig({ modules: ['~/modules/listed'], dep: { color: 'blue', mode: 'user' }, listed: { from: 'config' } })\n`)
    fakeModule(root, 'dep-module', '1.0.0', 'dep')
    mkdirSync(join(root, 'modules'), { recursive: true })
    writeFileSync(join(root, 'modules/needs.ts'), `import { defineNuxtModule } from 'nuxt/kit'
export default defineNuxtModule({
  meta: { name: 'needs' },
  moduleDependencies: {
    'dep-module': { version: '>=1', defaults: { color: 'red', size: 's' }, overrides: { mode: 'forced' } },
    listed: { defaults: { from: 'defaults', extra: true } },
    'not-installed-module': { optional: true },
  },
  setup(_, nuxt) { (nuxt.options.runtimeConfig.public.order ||= []).push('needs') },
})
`)
    mkdirSync(join(root, 'app/modules'), { recursive: true })
    writeFileSync(join(root, 'app/modules/listed.ts'), `import { defineNuxtModule } from 'nuxt/kit'
export default defineNuxtModule({
  meta: { name: 'listed', configKey: 'listed' },
  setup(options, nuxt) { (nuxt.options.runtimeConfig.public.order ||= []).push('listed'); nuxt.options.runtimeConfig.public.listed = options },
})
`)
    const config = await loadConfig(root)
    const { order, dep, listed } = config.modules!.runtimeConfig.public as Record<string, unknown>
    assert.deepEqual(order, ['needs', 'listed', 'dep-module'])
    assert.deepEqual(dep, { color: 'blue', mode: 'forced', size: 's' })
    assert.deepEqual(listed, { from: 'config', extra: true })
    assert.deepEqual(config.modules!.names, ['needs', 'listed', 'dep-module'])
  })

  test('moduleDependencies: a local module named by its path (~/modules/x, TypeScript importing nuxt/kit) is loaded as the app\'s local modules are, installed with its defaults; an optional one is not', async () => {
    const root = appWith(`import { defineNuxtModule } from 'nuxt/kit'
export default defineNuxtConfig({
  modules: [defineNuxtModule({ meta: { name: 'needs' }, moduleDependencies: { '~/modules/helper': { defaults: { size: 'l' } }, '~/modules/spare': { optional: true } } })],
  helper: { color: 'blue' },
})
`)
    mkdirSync(join(root, 'app/modules'), { recursive: true })
    for (const name of ['helper', 'spare']) {
      writeFileSync(join(root, `app/modules/${name}.ts`), `import { defineNuxtModule } from 'nuxt/kit'
export default defineNuxtModule<{ color?: string, size?: string }>({
  meta: { name: '${name}' },
  setup(options: { color?: string, size?: string }, nuxt) { nuxt.options.runtimeConfig.public.${name} = options },
})
`)
    }
    const config = await loadConfig(root)
    assert.deepEqual(config.modules!.names, ['needs', 'helper'])
    assert.deepEqual(config.modules!.runtimeConfig.public!.helper, { color: 'blue', size: 'l' })
  })

  test('moduleDependencies: a dependency whose version does not satisfy the range is an error naming both', async () => {
    const root = appWith(`import { defineNuxtModule } from 'nuxt/kit'
export default defineNuxtConfig({ modules: [defineNuxtModule({ meta: { name: 'needs' }, moduleDependencies: { 'dep-module': { version: '>=2' } } })] })
`)
    fakeModule(root, 'dep-module', '1.0.0', 'dep')
    await assert.rejects(loadConfig(root), /Module `dep-module` version \(`1\.0\.0`\) does not satisfy `>=2`/)
  })

  test('a module swerve cannot run is a build error naming it, why, and what to do instead', async () => {
    await assert.rejects(loadConfig(appWith(`export default defineNuxtConfig({ modules: ['@vite-pwa/nuxt'] })\n`)), /the module @vite-pwa\/nuxt does not run in swerve: it builds a second service worker.*Remove it/)
    await assert.rejects(loadConfig(appWith(`export default defineNuxtConfig({ modules: ['@nuxt/content'] })\n`)), /the module @nuxt\/content does not run in swerve/)
  })

  test('a module that is not installed is an error naming it', async () => {
    await assert.rejects(loadConfig(appWith(`export default defineNuxtConfig({ modules: ['@acme/not-installed'] })\n`)), /@acme\/not-installed/)
  })
})
