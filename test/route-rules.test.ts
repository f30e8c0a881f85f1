/** routeRules: matching by pattern, and merging with the most specific last. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRouteRules, prerenderPathsOf, redirectOf, swrOf, swrPathsOf } from '../runtime/shared/route-rules.ts'

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
