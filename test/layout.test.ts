/**
 * `<SwerveLayout>` (runtime/app/components/layout.ts) on the server: the route's layout,
 * which the router loads before the render, and a layout named by the app that nothing
 * loaded yet, which the render waits for.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from '@vue/server-renderer'
import { createMemoryHistory, createRouter } from 'vue-router'
import { preloadLayout, SwerveLayout } from '../runtime/app/components/layout.ts'
import { APP_KEY, type SwerveApp } from '../runtime/app/context.ts'

const layout = (name: string) => defineComponent({
  setup: (_, { slots }) => () => h('div', { 'data-layout': name }, slots.default?.()),
})

async function render(name: string | undefined, preload: unknown) {
  const loads: string[] = []
  const later = (key: string) => () => new Promise(resolve => setTimeout(() => {
    loads.push(key)
    resolve({ default: layout(key) })
  }, 5))
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => 'page' } }] })
  const app = { _layouts: { default: later('default'), wide: later('wide') } } as unknown as SwerveApp
  app.router = router
  const vueApp = createSSRApp({ render: () => h(SwerveLayout, name === undefined ? {} : { name }, { default: () => h('main', 'page') }) })
  vueApp.provide(APP_KEY, app)
  vueApp.use(router)
  await router.push('/')
  if (preload !== undefined) await preloadLayout(app, preload)
  return { html: await renderToString(vueApp), loads }
}

test('the route\'s layout, loaded before the render, renders around the page', async () => {
  const { html, loads } = await render(undefined, 'default')
  assert.equal(html, '<div data-layout="default"><main>page</main></div>')
  assert.deepEqual(loads, ['default'])
})

test('a layout the app names and nothing loaded is waited for on the server', async () => {
  const { html, loads } = await render('wide', 'default')
  assert.equal(html, '<div data-layout="wide"><main>page</main></div>')
  assert.deepEqual(loads, ['default', 'wide'])
})

test('layout: false renders the page alone, and loads nothing', async () => {
  const { html, loads } = await render(false as unknown as string, false)
  assert.equal(html, '<!--[--><main>page</main><!--]-->')
  assert.deepEqual(loads, [])
})
