/**
 * swerve reads some libraries' internals (runtime/internals/): each file was written for one
 * version. Bumping the library fails here until its file is checked against the new one and
 * runtime/internals/versions.ts says so.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { WRITTEN_FOR } from '../runtime/internals/versions.ts'

/** Where Node finds `name` from swerve's folder (a package.json `exports` may not list its own package.json). */
const manifestOf = (name: string) => join(import.meta.dirname, '..', 'node_modules', name, 'package.json')

test('the installed h3, srvx, vue and vue-router are the versions their internals were written for', () => {
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
