/**
 * Each request's router shares one matcher per route table (building one parses every
 * route, so an app of 1,000 pages paid for it on every render), yet no request sees
 * another's records, guards or added routes.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defineComponent } from 'vue'
import { createRouterMatcher, type RouteRecordRaw } from 'vue-router'
import { requestMatcher } from '../runtime/internals/vue-router.ts'

const Page = defineComponent({ render: () => null })
const routes: RouteRecordRaw[] = Array.from({ length: 50 }, (_, i) => ({ path: `/p${i}`, name: `p${i}`, component: Page, meta: { n: i } }))
const at = (path: string) => ({ path })

test('resolves like a matcher of its own', () => {
  const matcher = requestMatcher(routes)
  const resolved = matcher.resolve(at('/p7'), { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any)
  assert.equal(resolved.name, 'p7')
  assert.equal(resolved.matched.length, 1)
  assert.deepEqual(resolved.meta, { n: 7 })
  assert.equal(matcher.getRoutes().length, 50)
})

test('gives each request records of its own, with their own guards and meta', () => {
  const current = { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any
  const one = requestMatcher(routes)
  const two = requestMatcher(routes)
  const a = one.resolve(at('/p3'), current).matched[0]
  const b = two.resolve(at('/p3'), current).matched[0]
  assert.notEqual(a, b)
  // The same record within one request: the router compares them by identity.
  assert.equal(one.resolve(at('/p3'), current).matched[0], a)
  a.leaveGuards.add(() => true)
  a.enterCallbacks.default = [() => {}]
  a.meta.touched = true
  assert.equal(b.leaveGuards.size, 0)
  // What vue-router loaded for a page stays shared: the next request needs not load it again.
  assert.equal((a as { mods?: object }).mods, (b as { mods?: object }).mods)
  assert.ok((a as { mods?: object }).mods)
  assert.equal(b.enterCallbacks.default, undefined)
  assert.equal(b.meta.touched, undefined)
  assert.equal(requestMatcher(routes).resolve(at('/p3'), current).matched[0].leaveGuards.size, 0)
})

test('keeps a route added in one request out of the others', () => {
  const current = { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any
  const one = requestMatcher(routes)
  one.addRoute({ path: '/extra', name: 'extra', component: Page })
  assert.equal(one.resolve(at('/extra'), current).name, 'extra')
  assert.equal(one.getRoutes().length, 51)
  const two = requestMatcher(routes)
  assert.equal(two.resolve(at('/extra'), current).matched.length, 0)
  assert.equal(two.getRoutes().length, 50)
  // Under a parent found by name, as router.addRoute('p2', …) does: the shared p2 gets no child.
  one.addRoute({ path: 'child', name: 'child', component: Page }, one.getRecordMatcher('p2'))
  assert.equal(one.resolve(at('/p2/child'), current).name, 'child')
  assert.equal(two.getRecordMatcher('p2')!.children.length, 0)
  assert.equal(requestMatcher(routes).resolve(at('/p2/child'), current).matched.length, 0)
  one.removeRoute('p1')
  assert.ok(two.getRecordMatcher('p1'))
})

test('a matcher filled as paths ask resolves every path and name as one made of all routes', () => {
  const table: RouteRecordRaw[] = [
    { path: '/:slug', name: 'slug', component: Page },
    { path: '/about', name: 'about', component: Page },
    { path: '/Team', name: 'team', component: Page },
    { path: '/users', component: Page, meta: { section: 'users', depth: 0 }, children: [{ path: '', name: 'users', component: Page }, { path: 'new', name: 'users-new', component: Page, meta: { depth: 1 } }, { path: ':id', name: 'user', component: Page }] },
    { path: '/docs/:rest(.*)*', name: 'docs', component: Page, meta: { section: 'docs' } },
    { path: '/files/:name?', name: 'files', component: Page },
    { path: '/old', alias: '/legacy/:x', name: 'old', component: Page },
    { path: '/nest', name: 'nest', component: Page, children: [{ path: '/flat', name: 'flat', component: Page }] },
    { path: '/', name: 'home', component: Page },
    { path: '/p-:n', name: 'pn', component: Page },
    { path: '/:lang?/intro', name: 'intro', component: Page },
    { path: '/:all(.*)*', name: 'missing', component: Page },
  ]
  const current = { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any
  const paths = ['/', '/about', '/About/', '/team', '/TEAM', '/zzz', '/users', '/users/', '/users/new', '/users/7', '/docs', '/docs/a/b', '/old', '/legacy/1', '/nest', '/flat', '/p-3', '/intro', '/en/intro', '/a/b/c', '/files', '/files/x', '/Files/x/']
  const summary = (r: ReturnType<typeof requestMatcher>['resolve'] extends (...a: any[]) => infer R ? R : never) => ({ name: r.name, params: r.params, path: r.path, matched: r.matched.map(m => m.path), meta: r.meta })
  for (const order of [paths, [...paths].reverse()]) {
    // A table of its own each time: the matcher is shared per table, and filled by the paths asked.
    const lazy = requestMatcher([...table])
    const whole = createRouterMatcher(table, {})
    for (const path of order) assert.deepEqual(summary(lazy.resolve(at(path), current)), summary(whole.resolve(at(path), current)), path)
  }
  const lazy = requestMatcher([...table])
  assert.deepEqual(summary(lazy.resolve({ name: 'user', params: { id: '9' } }, current)), summary(createRouterMatcher(table, {}).resolve({ name: 'user', params: { id: '9' } }, current)))
  assert.equal(requestMatcher([...table]).getRoutes().length, createRouterMatcher(table, {}).getRoutes().length)
  assert.ok(requestMatcher([...table]).getRecordMatcher('about'))
})

test('a path is tried against the routes of its first segment and the others, however many routes there are', () => {
  const table: RouteRecordRaw[] = [
    ...Array.from({ length: 1000 }, (_, i) => ({ path: `/p${i}`, name: `p${i}`, component: Page })),
    { path: '/:slug', name: 'slug', component: Page },
    { path: '/:all(.*)*', name: 'missing', component: Page },
  ]
  const matcher = requestMatcher(table)
  // Every route in (asked for the list), and each one's expression counting its tries.
  let tries = 0
  for (const record of matcher.getRoutes()) {
    const test = record.re.test.bind(record.re)
    record.re.test = (path: string) => (tries++, test(path))
  }
  const current = { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any
  assert.equal(matcher.resolve(at('/p999'), current).name, 'p999')
  assert.ok(tries <= 3, `tried ${tries} routes for /p999`)
  tries = 0
  assert.equal(matcher.resolve(at('/other'), current).name, 'slug')
  assert.ok(tries <= 2, `tried ${tries} routes for /other`)
})
