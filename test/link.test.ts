/**
 * `<NuxtLink>` renders from a plain function on the server and from a component in the
 * page (runtime/app/components/link.ts): the server's markup must be what the page's
 * link hydrates, for every way a template can pass its props.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSSRApp, defineComponent, h, type Component } from 'vue'
import { renderToString } from '@vue/server-renderer'
import { createMemoryHistory, createRouter, type RouterOptions } from 'vue-router'
import { ClientLink, ServerLink } from '../runtime/app/components/link.ts'

const Page = defineComponent({ render: () => null })

/** A template's attributes, as the compiler passes them: kebab or camel names, `''` for a bare one. */
const cases: [string, Record<string, unknown>, ((scope: Record<string, unknown>) => unknown)?][] = [
  ['a page, with attributes', { 'to': '/', 'class': 'nav', 'data-testid': 'home' }],
  ['the current page', { to: '/about' }],
  ['a route by name', { to: { name: 'note', params: { id: '2' } } }],
  ['href', { href: '/notes/1' }],
  ['an external URL', { to: 'https://example.com/docs' }],
  ['external forced', { to: '/', external: '' }],
  ['external forced (true)', { to: '/', external: true }],
  ['a target', { to: '/', target: '_blank' }],
  ['target _self', { to: '/', target: '_self' }],
  ['no-rel', { 'to': 'https://example.com', 'no-rel': '' }],
  ['noRel', { to: 'https://example.com', noRel: true }],
  ['rel', { to: '/', rel: 'nofollow' }],
  ['classes and aria', { 'to': '/about', 'active-class': 'on', 'exactActiveClass': 'exact', 'aria-current-value': 'location' }],
  ['replace and prefetch', { 'to': '/', 'replace': '', 'prefetch': 'interaction', 'no-prefetch': '' }],
  ['custom', { to: '/about', custom: '' }, scope => h('span', `${scope.href} ${scope.isActive} ${scope.isExactActive}`)],
  ['custom external', { to: 'https://example.com', custom: true }, scope => h('span', `${scope.href} ${scope.rel} ${scope.isExternal}`)],
  ['external false', { to: '/', external: false }],
  ['style, class and data in any order', { 'data-a': '1', 'style': { color: 'red' }, 'to': '/about', 'class': ['x', { y: true }], 'data-b': '2' }],
  ['a handler', { to: '/', onClick: () => {} }],
  ['params and a query', { to: { path: '/notes/7', query: { q: 'a b' }, hash: '#top' } }],
  ['the default slot\'s scope', { to: '/about' }, scope => `${scope.href} ${scope.isActive} ${scope.isExactActive}`],
  ['two children', { to: '/' }, () => [h('b', 'one'), h('i', 'two')]],
]

async function render(link: Component, attrs: Record<string, unknown>, slot?: (scope: Record<string, unknown>) => unknown, options: Partial<RouterOptions> = {}, at = '/about'): Promise<string> {
  const router = createRouter({ ...options, history: createMemoryHistory(), routes: [
    { path: '/', component: Page },
    { path: '/about', component: Page },
    { path: '/notes/:id', name: 'note', component: Page },
    { path: '/docs', component: Page, children: [{ path: 'intro', component: Page }] },
  ] })
  const app = createSSRApp({ render: () => h(link, attrs, slot ? { default: slot } : { default: () => 'Text' }) })
  app.use(router)
  await router.push(at)
  return renderToString(app)
}

test('the server\'s link renders what the page\'s link does', async () => {
  for (const [name, attrs, slot] of cases) {
    const server = await render(ServerLink as Component, attrs, slot)
    assert.equal(server, await render(ClientLink, attrs, slot), name)
    assert.match(server, /href=|<span>/, `${name}: a link`)
  }
})

test('the server\'s link uses the router\'s own class names', async () => {
  const options = { linkActiveClass: 'is-on', linkExactActiveClass: 'is-here' }
  for (const attrs of [{ to: '/about' }, { 'to': '/about', 'active-class': 'mine' }]) {
    const server = await render(ServerLink as Component, attrs, undefined, options)
    assert.equal(server, await render(ClientLink, attrs, undefined, options))
    assert.match(server, /class="(is-on|mine) is-here"/)
  }
})

test('the server\'s link tells an active parent from the exact page', async () => {
  for (const to of ['/docs', '/docs/intro']) {
    const server = await render(ServerLink as Component, { to }, undefined, {}, '/docs/intro')
    assert.equal(server, await render(ClientLink, { to }, undefined, {}, '/docs/intro'), to)
  }
  assert.match(await render(ServerLink as Component, { to: '/docs' }, undefined, {}, '/docs/intro'), /^<a href="\/docs" class="router-link-active">/)
})

test('a link with neither `to` nor `href` has no destination, as Nuxt\'s has none', async () => {
  // @nuxt/ui's ULink renders a <button> when `<NuxtLink custom>`'s slot gives no href.
  const scope = (s: Record<string, unknown>) => h('span', `[${s.href}] ${s.isExternal} ${s.rel ?? ''}`)
  for (const link of [ServerLink as Component, ClientLink]) {
    assert.equal((await render(link, { custom: '' }, scope)).replace(/<!--[[\]]-->/g, ''), '<span>[] true </span>')
    assert.equal(await render(link, {}), '<a>Text</a>')
  }
})
