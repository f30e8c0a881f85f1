/**
 * swerve reads some libraries' internals (runtime/internals/): each file was written for one
 * version. Bumping the library fails here until its file is checked against the new one and
 * runtime/internals/versions.ts says so.
 */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { build } from '../build/build.ts'
import { checkInternals, inRange, resolveInternals } from '../build/internals.ts'
import { WRITTEN_FOR } from '../runtime/internals/versions.ts'
import { fixture, request, tempDir } from './helpers.ts'

/** Where Node finds `name` from swerve's folder (a package.json `exports` may not list its own package.json). */
const manifestOf = (name: string) => join(import.meta.dirname, '..', 'node_modules', name, 'package.json')

test('the installed db0, h3, srvx, unstorage, vue and vue-router are the versions their internals were written for', () => {
  for (const [name, version] of Object.entries(WRITTEN_FOR)) {
    const installed = JSON.parse(readFileSync(manifestOf(name), 'utf8')).version
    assert.equal(installed, version, `${name} ${installed} is installed, runtime/internals/ was written for ${version}: check runtime/internals/${name}.ts against it`)
  }
})

test('package.json pins each of them to that version', () => {
  const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  for (const [name, version] of Object.entries(WRITTEN_FOR)) assert.equal(dependencies[name], version, name)
})

test('servers\' Vue apps without a mixin share what Vue makes of a component\'s props; an app with one keeps its own', async () => {
  const { createSSRApp, defineComponent, h } = await import('vue')
  const { renderToString } = await import('@vue/server-renderer')
  const { shareNormalizedOptions } = await import('../runtime/internals/vue.ts')
  const Note = defineComponent({
    props: { title: String },
    setup: (props, { attrs }) => () => h('p', `${props.title} ${(attrs as { extra?: string }).extra ?? 'a prop'}`),
  })
  const render = async (mixin: boolean) => {
    const app = createSSRApp({ render: () => h(Note, { title: 'note', extra: 'an attribute' }) })
    // A mixin that makes `extra` a prop of every component.
    if (mixin) app.mixin({ props: { extra: String } })
    shareNormalizedOptions(app)
    return { html: await renderToString(app), cache: (app._context as unknown as { propsCache: object }).propsCache }
  }
  const first = await render(false)
  const withMixin = await render(true)
  const again = await render(false)
  assert.equal(first.html, '<p extra="an attribute">note an attribute</p>')
  assert.equal(withMixin.html, '<p>note a prop</p>')
  assert.equal(again.html, first.html)
  assert.equal(again.cache, first.cache)
  assert.notEqual(withMixin.cache, first.cache)
})

test('swerve build checks the versions the app bundles: an app pinning vue 3.5.13 builds on the public path, and renders with its own Vue', async () => {
  const root = fixture('vue-pinned')
  const vue = resolveInternals(root).find(found => found.name === 'vue')!
  assert.deepEqual([vue.version, vue.fromApp], ['3.5.13', true])
  const notes = checkInternals(root)
  assert.equal(notes.length, 1)
  assert.match(notes[0]!, /^vue 3\.5\.13 \(the app's\) is outside >=3\.5\.45 <3\.5\.46.*each app normalizes/)
  const result = await build(root, { outDir: tempDir('swerve-vue-pinned-'), quiet: true })
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const html = await (await request(createApp({ storage: 'memory' }), '/')).text()
  assert.match(html, /data-testid="version">3\.5\.13</)
  assert.match(html, /data-testid="title">no title</)
})

test('a version outside the range with no public path fails the build, naming the package and the range', () => {
  const root = tempDir('swerve-router-pinned-')
  mkdirSync(join(root, 'node_modules/vue-router'), { recursive: true })
  writeFileSync(join(root, 'node_modules/vue-router/package.json'), JSON.stringify({ name: 'vue-router', version: '4.6.3' }))
  assert.throws(() => checkInternals(root), /swerve supports vue-router >=5\.0\.0 <5\.6\.0; this app's build resolves the app's vue-router 4\.6\.3/)
  assert.equal(inRange('5.5.1', ['5.0.0', '5.6.0']), true)
  assert.equal(inRange('5.6.0', ['5.0.0', '5.6.0']), false)
})
