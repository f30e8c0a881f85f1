/** The worker's route(): every decision, from a request and a build's facts, in Node (sw/route.ts). */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createRouteRules, toRemoteMatcher } from '../runtime/shared/route-rules.ts'
import { urlPatternMatcher } from '../runtime/shared/route-pattern.ts'
import { route, toServerRouteMatcher, type RouteFacts, type RoutedRequest } from '../sw/route.ts'

const ORIGIN = 'https://app.test'

function factsFor(base: string): RouteFacts {
  const rulesFor = createRouteRules({
    '/about': { prerender: true },
    '/news': { swr: 60 },
    '/blog/**': { worker: false },
  }, base)
  const precached = new Set([`${ORIGIN}${base}logo.svg`, `${ORIGIN}${base}about/index.html`])
  return {
    origin: ORIGIN,
    base,
    isRemote: toRemoteMatcher(rulesFor, base, ['/pay']),
    isServerRoute: toServerRouteMatcher(base, ['/feed.xml', '/pay']),
    isPrecached: url => precached.has(url.href),
    rulesFor,
  }
}

/** A request as the browser gives the worker one: a navigation, or a page's fetch (accept `*\/*`). */
function request(url: string, init: { method?: string, mode?: RequestMode, accept?: string, range?: boolean, destination?: RequestDestination } = {}): RoutedRequest {
  const headers = new Headers({ accept: init.accept ?? (init.mode === 'navigate' ? 'text/html' : '*/*') })
  if (init.range) headers.set('range', 'bytes=0-10')
  return { url: url.startsWith('http') ? url : ORIGIN + url, method: init.method ?? 'GET', mode: init.mode ?? 'cors', headers, destination: init.destination ?? (init.mode === 'navigate' ? 'document' : '') }
}

const navigate = { mode: 'navigate' as const }
const facts = factsFor('/')

test('network: other origins, outside the base, the origin\'s own routes, the sync route, a Range on a static file', () => {
  assert.equal(route(request('https://cdn.test/font.woff2'), facts), 'network')
  assert.equal(route(request('/other/', navigate), factsFor('/sub/')), 'network')
  assert.equal(route(request('/blog/post', navigate), facts), 'network')
  assert.equal(route(request('/pay', { method: 'POST' }), facts), 'network')
  assert.equal(route(request('/_swerve/sync/notes', { method: 'POST' }), facts), 'network')
  assert.equal(route(request('/video.mp4', { range: true }), facts), 'network')
})

test('asset: precached files and swerve\'s hashed files, GET only', () => {
  assert.equal(route(request('/logo.svg'), facts), 'asset')
  assert.equal(route(request('/_swerve/entry-ABCD1234.js'), facts), 'asset')
  assert.equal(route(request('/sub/logo.svg'), factsFor('/sub/')), 'asset')
  assert.notEqual(route(request('/logo.svg', { method: 'HEAD' }), facts), 'asset')
})

test('prerender and swr: a page\'s GET, navigation or not, as the server\'s isPageRequest says', () => {
  assert.equal(route(request('/about', navigate), facts), 'prerender')
  assert.equal(route(request('/about/', navigate), facts), 'prerender')
  assert.equal(route(request('/about'), facts), 'prerender')
  assert.equal(route(request('/news', navigate), facts), 'swr')
  assert.equal(route(request('/news', { accept: 'text/html' }), facts), 'swr')
  // Data, not a page: the server's swr would not answer it either.
  assert.equal(route(request('/news', { accept: 'application/json' }), facts), 'pass')
  // HEAD and POST render in the pipeline.
  assert.equal(route(request('/news', { ...navigate, method: 'HEAD' }), facts), 'pipeline')
  assert.equal(route(request('/about', { ...navigate, method: 'POST' }), facts), 'pipeline')
})

test('pipeline: navigations and server routes; pass: anything else in scope', () => {
  assert.equal(route(request('/notes/1', navigate), facts), 'pipeline')
  assert.equal(route(request('/api/notes'), facts), 'pipeline')
  assert.equal(route(request('/api/notes', { method: 'POST' }), facts), 'pipeline')
  assert.equal(route(request('/feed.xml'), facts), 'pipeline')
  // A Range on a server route is the pipeline's.
  assert.equal(route(request('/feed.xml', { range: true }), facts), 'pipeline')
  assert.equal(route(request('/uploads/cat.png', { accept: 'image/png' }), facts), 'pass')
  assert.equal(route(request('/form', { method: 'POST' }), facts), 'pass')
})

test('runtime: a sw.runtimeCaching rule, for another origin or this one, never for a navigation or a server route', () => {
  const isRuntime = (url: URL) => url.hostname === 'cdn.test' || url.pathname.startsWith('/uploads/') || url.pathname.startsWith('/api/') || url.pathname === '/notes'
  const withRules = { ...facts, isRuntime }
  assert.equal(route(request('https://cdn.test/font.woff2', { destination: 'font' }), withRules), 'runtime')
  assert.equal(route(request('https://other.test/x.js'), withRules), 'network')
  assert.equal(route(request('/uploads/cat.png', { accept: 'image/png', destination: 'image' }), withRules), 'runtime')
  assert.equal(route(request('/api/notes'), withRules), 'pipeline')
  assert.equal(route(request('/notes', navigate), withRules), 'pipeline')
  // The precache and the origin's own paths come first.
  assert.equal(route(request('/logo.svg'), { ...withRules, isRuntime: () => true }), 'asset')
  assert.equal(route(request('/blog/x.png'), { ...withRules, isRuntime: () => true }), 'network')
})

test('runtime caching patterns: * any characters, :name one segment, full URLs, the query not compared', () => {
  const onThis = urlPatternMatcher('/uploads/*', ORIGIN)
  assert.equal(onThis(new URL(`${ORIGIN}/uploads/a/b.png?size=2`)), true)
  assert.equal(onThis(new URL('https://cdn.test/uploads/a.png')), false)
  assert.equal(onThis(new URL(`${ORIGIN}/uploadsx/a.png`)), false)
  const segment = urlPatternMatcher('/users/:id/avatar', ORIGIN)
  assert.equal(segment(new URL(`${ORIGIN}/users/7/avatar`)), true)
  assert.equal(segment(new URL(`${ORIGIN}/users/7/8/avatar`)), false)
  const full = urlPatternMatcher('http://localhost:4000/fonts/*', ORIGIN)
  assert.equal(full(new URL('http://localhost:4000/fonts/inter.woff2')), true)
  assert.equal(full(new URL('http://localhost:4001/fonts/inter.woff2')), false)
})
