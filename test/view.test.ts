/**
 * The default app and `<NuxtPage>` render the route through a lighter `<RouterView>` on
 * the server (runtime/app/components/view.ts): its markup must be `<RouterView>`'s, which
 * the page hydrates, for nested and named views, route props, slots and no match.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSSRApp, defineComponent, h, type Component } from 'vue'
import { renderToString } from '@vue/server-renderer'
import { createMemoryHistory, createRouter, onBeforeRouteLeave, RouterView, useRoute, type RouteRecordRaw } from 'vue-router'
import { ServerView } from '../runtime/app/components/view.ts'

/** A page that shows what it was given and what `useRoute()` says. */
const page = (label: string) => defineComponent({
  props: { id: String, extra: String },
  setup(props, { attrs }) {
    const route = useRoute()
    onBeforeRouteLeave(() => true)
    return () => h('section', { class: label }, `${label} ${props.id ?? '-'} ${props.extra ?? '-'} ${route.path} ${route.matched.length} ${JSON.stringify(route.meta)} ${JSON.stringify(attrs)}`)
  },
})

/** A parent page around its children: with vue-router's own view, as an app writes it, or swerve's. */
const parent = (View: Component) => defineComponent({ render: () => h('div', { class: 'parent' }, [h(View), h(View, { name: 'side' })]) })

function routesWith(View: Component): RouteRecordRaw[] {
  return [
    { path: '/', component: page('home'), meta: { top: true } },
    { path: '/notes/:id', component: page('note'), props: true },
    { path: '/fn/:id', component: page('fn'), props: route => ({ id: `${route.params.id}!`, extra: String(route.query.q) }) },
    { path: '/object', component: page('object'), props: { extra: 'fixed' } },
    { path: '/nested', component: parent(View), children: [
      { path: '', component: page('nested-index') },
      { path: 'child/:id', components: { default: page('child'), side: page('side') }, props: { default: true, side: false }, meta: { child: 1 } },
    ] },
    { path: '/group', children: [{ path: 'inside', component: page('grouped') }] },
  ]
}

type Render = (View: Component) => ReturnType<typeof h>
async function render(View: Component, url: string, root: Render): Promise<string> {
  const router = createRouter({ history: createMemoryHistory(), routes: routesWith(View) })
  const app = createSSRApp({ render: () => root(View) })
  app.use(router)
  await router.push(url)
  return renderToString(app)
}

const roots: [string, Render][] = [
  ['plain', View => h(View)],
  ['attributes', View => h(View, { 'class': 'page', 'data-x': '1' })],
  ['a slot', View => h(View, null, { default: ({ Component, route }: { Component: unknown, route: { fullPath: string } }) => [h('p', route.fullPath), Component ? h(Component as Component, { key: route.fullPath }) : h('p', 'none')] })],
  ['a named view', View => h(View, { name: 'side' })],
]

test('the server\'s view renders what <RouterView> does', async () => {
  const urls = ['/', '/notes/7', '/fn/3?q=x', '/object', '/nested', '/nested/child/5', '/group/inside', '/nowhere']
  for (const [name, root] of roots) {
    for (const url of urls) {
      const server = await render(ServerView, url, root)
      assert.equal(server, await render(RouterView, url, root), `${name} ${url}`)
    }
  }
  assert.match(await render(ServerView, '/nested/child/5', roots[0][1]), /child 5 - \/nested\/child\/5 2 \{&quot;child&quot;:1\}/)
  assert.match(await render(ServerView, '/nested/child/5', roots[0][1]), /side - - /)
})
