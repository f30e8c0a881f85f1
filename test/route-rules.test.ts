/** routeRules: matching by pattern, and merging with the most specific last. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { toPathMatcher } from '../runtime/shared/route-pattern.ts'
import { compiledRulesCode, compileRules, createRouteRules, prerenderPathsOf, redirectOf, swrOf, swrPathsOf, type CompiledRules, type RouteRule } from '../runtime/shared/route-rules.ts'

test('patterns: exact paths, * one segment, ** any depth with none included', () => {
  const rulesFor = createRouteRules({
    '/about': { prerender: true },
    '/blog/**': { worker: false },
    '/api/pay/*': { headers: { 'x-pay': '1' } },
  })
  assert.deepEqual(rulesFor('/about'), { prerender: true })
  assert.deepEqual(rulesFor('/about/'), { prerender: true })
  assert.deepEqual(rulesFor('/about/team'), {})
  for (const path of ['/blog', '/blog/', '/blog/a', '/blog/a/b/c']) assert.deepEqual(rulesFor(path), { worker: false }, path)
  assert.deepEqual(rulesFor('/blogs'), {})
  assert.deepEqual(rulesFor('/api/pay/card'), { headers: { 'x-pay': '1' } })
  assert.deepEqual(rulesFor('/api/pay'), {})
  assert.deepEqual(rulesFor('/api/pay/card/more'), {})
})

test('merging: every matching rule applies, the most specific wins, headers add up', () => {
  const rulesFor = createRouteRules({
    '/**': { headers: { 'x-frame-options': 'DENY', 'x-all': '1' } },
    '/docs/**': { swr: 60, headers: { 'x-frame-options': 'SAMEORIGIN' } },
    '/docs/*': { swr: 10 },
    '/docs/live': { swr: false, ssr: false },
  })
  assert.deepEqual(rulesFor('/'), { headers: { 'x-frame-options': 'DENY', 'x-all': '1' } })
  assert.deepEqual(rulesFor('/docs/deep/page'), { swr: 60, headers: { 'x-frame-options': 'SAMEORIGIN', 'x-all': '1' } })
  assert.deepEqual(rulesFor('/docs/intro'), { swr: 10, headers: { 'x-frame-options': 'SAMEORIGIN', 'x-all': '1' } })
  assert.deepEqual(rulesFor('/docs/live'), { swr: false, ssr: false, headers: { 'x-frame-options': 'SAMEORIGIN', 'x-all': '1' } })
  // Declared in any order: specificity decides.
  const reversed = createRouteRules({ '/docs/live': { swr: false }, '/docs/**': { swr: 60 } })
  assert.deepEqual(reversed('/docs/live'), { swr: false })
})

test('under a base, patterns are paths inside the app', () => {
  const rulesFor = createRouteRules({ '/about': { prerender: true }, '/': { swr: true } }, '/sub/')
  assert.deepEqual(rulesFor('/sub/about'), { prerender: true })
  assert.deepEqual(rulesFor('/sub/'), { swr: true })
  assert.deepEqual(rulesFor('/sub'), { swr: true })
})

test('redirect and swr read as their defaults: 307, and true as always', () => {
  assert.deepEqual(redirectOf({ redirect: '/new' }), { to: '/new', status: 307 })
  assert.deepEqual(redirectOf({ redirect: { to: '/new', status: 301 } }), { to: '/new', status: 301 })
  assert.equal(redirectOf({}), undefined)
  assert.equal(swrOf({ swr: true }), 0)
  assert.equal(swrOf({ isr: 30 }), 30)
  assert.equal(swrOf({ swr: false }), undefined)
})

test('prerenderPathsOf: the exact paths a merged rule prerenders, never patterns', () => {
  assert.deepEqual(prerenderPathsOf({
    '/about': { prerender: true },
    '/docs/**': { prerender: true },
    '/docs/intro': { headers: { 'x-a': '1' } },
    '/users/:id': { prerender: true },
    '/live': { prerender: true },
    '/live/': { prerender: false },
  }), ['/about', '/docs/intro'])
})

test('swrPathsOf: the exact paths a merged rule keeps as swr, unless prerendered or left to the origin', () => {
  assert.deepEqual(swrPathsOf({
    '/kept': { swr: 60 },
    '/isr': { isr: true },
    '/docs/**': { swr: 60 },
    '/docs/intro': { headers: { 'x-a': '1' } },
    '/docs/live': { swr: false },
    '/users/:id': { swr: 10 },
    '/built': { swr: 60, prerender: true },
    '/origin': { swr: 60, worker: false },
    '/plain': {},
  }), ['/kept', '/isr', '/docs/intro'])
})

test('one pattern compiler: rules and route files read *, :name, ** and **:name alike', () => {
  const rulesFor = createRouteRules({
    '/docs/*': { swr: 1 },
    '/users/:id/posts': { swr: 2 },
    '/files/**:path': { worker: false },
    '/a/**/z': { headers: { 'x-z': '1' } },
  })
  const matches = toPathMatcher('/', ['/docs/*', '/users/:id/posts', '/files/**:path', '/a/**/z'])
  const cases: [string, RouteRule][] = [
    ['/docs', {}],
    ['/docs/intro', { swr: 1 }],
    ['/docs/intro/more', {}],
    ['/users/7/posts', { swr: 2 }],
    ['/users//posts', {}],
    ['/files', { worker: false }],
    ['/files/a/b.txt', { worker: false }],
    ['/filesx', {}],
    ['/a/z', { headers: { 'x-z': '1' } }],
    ['/a/b/c/z/', { headers: { 'x-z': '1' } }],
    ['/a/b/c', {}],
  ]
  for (const [path, rule] of cases) {
    assert.deepEqual(rulesFor(path), rule, path)
    assert.equal(matches(path), Object.keys(rule).length > 0, path)
  }
})

test('a rules object is compiled once, however many matchers read it', () => {
  const rules = { '/about': { prerender: true } }
  const first = createRouteRules(rules)
  first('/about')
  // A rule added after the first compile is not seen: the compiled list is shared, not rebuilt.
  ;(rules as Record<string, RouteRule>)['/late'] = { swr: 1 }
  const second = createRouteRules(rules, '/sub/')
  assert.deepEqual(second('/sub/about'), { prerender: true })
  assert.deepEqual(second('/sub/late'), {})
})

test('the build writes rules compiled, as code: a host reading them matches as the rules as written do, with nothing left to compile', () => {
  const rules: Record<string, RouteRule> = {
    '/**': { headers: { 'x-all': '1' } },
    '/docs/**': { swr: 60 },
    '/docs/:page': { ssr: false },
    '/a.b/c': { redirect: { to: '/x', status: 301 } },
  }
  const code = compiledRulesCode(compileRules(rules))
  assert.doesNotMatch(code, /new RegExp/)
  const compiled = new Function(`return ${code}`)() as CompiledRules
  assert.ok(compiled.every(({ pattern }) => pattern instanceof RegExp))
  const fromBuild = createRouteRules(compiled, '/sub/')
  const fromRules = createRouteRules(rules, '/sub/')
  for (const path of ['/sub/', '/sub/docs', '/sub/docs/intro', '/sub/docs/a/b', '/sub/a.b/c', '/sub/axb/c', '/elsewhere']) {
    assert.deepEqual(fromBuild(path), fromRules(path), path)
  }
  assert.deepEqual(createRouteRules([])('/any'), {})
})
