/**
 * ofetch's options on swerve's `$fetch` (docs/guide.md#fetch), on a server built from plain
 * handlers as any host builds it: calls to the app's own routes stay in-process.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defineHandler, getCookie, HTTPError, type EventHandler, type H3Event } from 'h3'
import { createServer } from '../runtime/server/app.ts'
import { $fetch as serverFetch, useRequestFetch } from '../runtime/server/fetch.ts'
import { FetchError, type FetchContext } from '../runtime/shared/fetch-core.ts'

const config = { base: '/', dev: false, bodyLimit: 1024 * 1024, security: { checkOrigin: true, cspNonce: false }, runtimeConfig: { public: {} } }
const route = (path: string, handler: EventHandler, method?: string) => ({ route: path, method, handler: async () => handler })
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** A server whose routes count their calls; `/api/outer` runs `outer` with the event. */
function app(outer: (event: H3Event) => unknown = () => null) {
  const calls: Record<string, number> = {}
  const keys: string[] = []
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1)
  const server = createServer({
    plugins: [],
    middleware: [],
    config,
    routes: [
      route('/api/echo', defineHandler(event => (count('echo'), { path: event.url.pathname, query: Object.fromEntries(event.url.searchParams), auth: event.req.headers.get('authorization'), cookie: getCookie(event, 'session') ?? null, key: event.req.headers.get('idempotency-key') }))),
      route('/api/secure', defineHandler((event) => {
        count('secure')
        if (event.req.headers.get('authorization') !== 'Bearer ok') throw new HTTPError({ status: 401, statusText: 'Unauthorized', message: 'Sign in first.', data: { reason: 'no token' } })
        return { secret: 42 }
      })),
      route('/api/flaky', defineHandler(() => {
        if (count('flaky') < 3) throw new HTTPError({ status: 503, message: 'try again' })
        return { attempt: calls.flaky }
      })),
      route('/api/flaky', defineHandler((event) => {
        count('flaky-post')
        keys.push(event.req.headers.get('idempotency-key')!)
        throw new HTTPError({ status: 503, message: 'try again' })
      }), 'POST'),
      route('/api/slow', defineHandler(async () => (count('slow'), await sleep(300), 'late'))),
      route('/api/outer', defineHandler(event => outer(event))),
    ],
  })
  return { server, calls, keys }
}

test('$fetch.create(defaults): baseURL and headers as defaults, in-process; the call\'s own options win', async () => {
  const { server, calls } = app()
  const api = server.$fetch.create({ baseURL: '/api', headers: { authorization: 'Bearer default' } })
  assert.deepEqual(await api('/echo', { query: { q: 1 } }), { path: '/api/echo', query: { q: '1' }, auth: 'Bearer default', cookie: null, key: null })
  assert.equal((await api('/echo', { headers: { authorization: 'Bearer mine' } }) as { auth: string }).auth, 'Bearer mine')
  // A create of a create keeps both sets of defaults.
  const deeper = api.create({ query: { from: 'deeper' } })
  assert.deepEqual((await deeper('/echo') as { query: object, auth: string }), { path: '/api/echo', query: { from: 'deeper' }, auth: 'Bearer default', cookie: null, key: null })
  assert.equal(calls.echo, 3)
})

test('onRequest gets options.headers as a Headers it may change; onResponse sees the parsed body', async () => {
  const { server } = app()
  const seen: unknown[] = []
  const api = server.$fetch.create({
    baseURL: '/api',
    onRequest({ options }) {
      assert.ok(options.headers instanceof Headers)
      options.headers.set('authorization', 'Bearer ok')
    },
    onResponse({ response }) { seen.push([response.status, response._data]) },
  })
  assert.deepEqual(await api('/secure'), { secret: 42 })
  assert.deepEqual(seen, [[200, { secret: 42 }]])
  // A call's hooks (one or an array) take the place of the defaults' (ofetch merges options shallowly).
  const order: string[] = []
  await api('/secure', { onRequest: [() => void order.push('call 1'), () => void order.push('call 2')] }).catch(() => {})
  assert.deepEqual(order, ['call 1', 'call 2'])
})

test('onResponseError runs on a 4xx/5xx before the FetchError, which has ofetch\'s fields', async () => {
  const { server } = app()
  const seen: number[] = []
  const api = server.$fetch.create({ baseURL: '/api', onResponseError({ response }) { seen.push(response.status) } })
  await assert.rejects(api('/secure', { query: { a: 1 } }), (error: FetchError) => {
    assert.ok(error instanceof FetchError)
    assert.equal(error.name, 'FetchError')
    assert.equal(error.status, 401)
    assert.equal(error.statusCode, 401)
    assert.equal(error.statusText, 'Unauthorized')
    assert.equal(error.statusMessage, 'Unauthorized')
    assert.deepEqual(error.data, { statusCode: 401, statusMessage: 'Unauthorized', status: 401, statusText: 'Unauthorized', message: 'Sign in first.', data: { reason: 'no token' } })
    assert.equal(error.request, '/api/secure?a=1')
    assert.equal(error.response?.status, 401)
    assert.equal(error.response?._data, error.data)
    assert.match(error.message, /^\[GET\] "\/api\/secure\?a=1": 401 Unauthorized/)
    return true
  })
  assert.deepEqual(seen, [401])
})

test('ignoreResponseError: a 4xx answers its body instead of throwing', async () => {
  const { server } = app()
  assert.equal((await server.$fetch('/api/secure', { ignoreResponseError: true }) as { status: number }).status, 401)
})

test('retry and retryDelay: a GET is retried on a 503 (once by default), a POST only when asked', async () => {
  const { server, calls, keys } = app()
  await assert.rejects(server.$fetch('/api/flaky'), { status: 503 })
  assert.equal(calls.flaky, 2, 'ofetch retries a GET once by default')
  const again = app()
  const started = Date.now()
  assert.deepEqual(await again.server.$fetch('/api/flaky', { retry: 2, retryDelay: 50 }), { attempt: 3 })
  assert.ok(Date.now() - started >= 95, 'waited retryDelay before each retry')
  await assert.rejects(server.$fetch('/api/flaky', { method: 'POST' }), { status: 503 })
  assert.equal(calls['flaky-post'], 1, 'no retry of a POST by default')
  await assert.rejects(server.$fetch('/api/flaky', { method: 'POST', retry: 1 }), { status: 503 })
  assert.equal(calls['flaky-post'], 3)
  assert.equal(new Set(keys).size, 3, 'each attempt has its own Idempotency-Key')
})

test('timeout aborts an in-process call; onRequestError sees the TimeoutError', async () => {
  const { server } = app()
  const errors: string[] = []
  const started = Date.now()
  await assert.rejects(server.$fetch('/api/slow', { timeout: 30, retry: 0, onRequestError: ({ error }) => void errors.push(error.name) }), (error: FetchError) => {
    assert.ok(error instanceof FetchError)
    assert.equal(error.status, undefined, 'no response')
    assert.equal((error.cause as Error).name, 'TimeoutError')
    assert.match(error.message, /<no response>/)
    return true
  })
  assert.ok(Date.now() - started < 250, 'did not wait for the answer')
  assert.deepEqual(errors, ['TimeoutError'])
})

test('$fetch.raw gives the Response with _data; $fetch.native the plain fetch, in-process, never throwing', async () => {
  const { server, calls } = app()
  const raw = await server.$fetch.raw('/api/echo')
  assert.ok(raw instanceof Response)
  assert.equal(raw.status, 200)
  assert.match(raw.headers.get('content-type')!, /json/)
  assert.equal((raw._data as { path: string }).path, '/api/echo')
  const native = await server.$fetch.native('/api/secure')
  assert.equal(native.status, 401)
  assert.equal((await native.json()).message, 'Sign in first.')
  assert.deepEqual(calls, { echo: 1, secure: 1 })
})

test('unsafe methods carry an Idempotency-Key, a new one on each call; the caller\'s own is kept', async () => {
  const { server } = app()
  const first = await server.$fetch('/api/echo', { method: 'POST' }) as { key: string }
  const second = await server.$fetch('/api/echo', { method: 'POST' }) as { key: string }
  assert.match(first.key, /^[0-9a-f-]{36}$/)
  assert.notEqual(first.key, second.key)
  assert.equal((await server.$fetch('/api/echo', { method: 'PUT', headers: { 'idempotency-key': 'mine' } }) as { key: string }).key, 'mine')
  assert.equal((await server.$fetch('/api/echo') as { key: string | null }).key, null)
  const native = await server.$fetch.native('/api/echo', { method: 'DELETE' })
  assert.match((await native.json()).key, /^[0-9a-f-]{36}$/)
})

test('the request\'s cookies and headers go along: event.$fetch, useRequestFetch(event) and the free $fetch, and a create of each', async () => {
  const { server } = app(async (event) => {
    const free = serverFetch.create({ baseURL: '/api' })
    const results = await Promise.all([
      event.$fetch('/api/echo'),
      useRequestFetch(event).create({ baseURL: '/api' })('/echo'),
      serverFetch('/api/echo'),
      free('/echo'),
    ])
    // After an await the event's own $fetch (and a create of it) still forwards them.
    const later = await event.$fetch.create({ baseURL: '/api', onRequest: ({ options }: FetchContext) => void options.headers.set('authorization', 'Bearer ok') })('/echo')
    return [...results, later].map(result => [(result as { cookie: string }).cookie, (result as { auth: string }).auth])
  })
  const response = await server.fetch(new Request('http://localhost/api/outer', { headers: { cookie: 'session=abc', authorization: 'Bearer from-page' } }))
  assert.deepEqual(await response.json(), [
    ['abc', 'Bearer from-page'],
    ['abc', 'Bearer from-page'],
    ['abc', 'Bearer from-page'],
    ['abc', 'Bearer from-page'],
    ['abc', 'Bearer ok'],
  ])
})

test('a URL of another origin goes to the network; a failure there is a FetchError with no status, not a crash', async () => {
  const { server } = app()
  await assert.rejects(server.$fetch('http://127.0.0.1:9/nothing', { retry: 0 }), (error: FetchError) => {
    assert.ok(error instanceof FetchError)
    assert.equal(error.status, undefined)
    assert.match(error.message, /^\[GET\] "http:\/\/127\.0\.0\.1:9\/nothing": <no response>/)
    return true
  })
})
