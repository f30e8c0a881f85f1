/** The runtime's server without a build: `createServer` with plain handlers, as any host calls it. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defineHandler, HTTPError, type EventHandler } from 'h3'
import { createServer } from '../runtime/server/app.ts'
import type { ServerContext } from '../runtime/server/context.ts'
import { readBody } from '../runtime/server/body.ts'

const config = { base: '/', dev: false, bodyLimit: 1024 * 1024, security: { checkOrigin: true, cspNonce: false }, runtimeConfig: { public: {} } }
const route = (path: string, handler: EventHandler, method?: string) => ({ route: path, method, handler: async () => handler })

test('the close hook runs on close()', async () => {
  const calls: string[] = []
  const server = createServer({
    plugins: [{ name: 'p', plugin: s => void s.hooks.hook('close', () => { calls.push('close') }) }],
    middleware: [],
    routes: [],
    config,
  })
  await server.ready
  await server.close()
  assert.deepEqual(calls, ['close'])
})

test('the error hook gets the error and the event', async () => {
  const seen: unknown[] = []
  const server = createServer({
    plugins: [{ name: 'p', plugin: s => void s.hooks.hook('error', (error, { event }) => { seen.push([(error as HTTPError).status, event?.url.pathname]) }) }],
    middleware: [],
    routes: [route('/api/fail', defineHandler(() => { throw new HTTPError({ status: 409, message: 'conflict' }) }))],
    config,
  })
  const response = await server.fetch(new Request('http://localhost/api/fail'))
  assert.equal(response.status, 409)
  assert.deepEqual(seen, [[409, '/api/fail']])
})

test('the default body limit is 1 MiB', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [route('/api/size', defineHandler(async event => (await event.req.text()).length), 'POST')],
    config,
  })
  const ok = await server.fetch(new Request('http://localhost/api/size', { method: 'POST', body: 'x'.repeat(1024 * 1024) }))
  assert.equal(await ok.text(), String(1024 * 1024))
  const tooBig = await server.fetch(new Request('http://localhost/api/size', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }))
  assert.equal(tooBig.status, 413)
})

test('a body without Content-Length is limited too (as in the worker)', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [route('/api/size', defineHandler(async event => (await event.req.text()).length), 'POST')],
    config: { ...config, bodyLimit: 10 },
  })
  const stream = (text: string) => new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(text)); controller.close() } })
  const send = (text: string) => server.fetch(new Request('http://localhost/api/size', { method: 'POST', body: stream(text), duplex: 'half' } as RequestInit))
  assert.equal(await (await send('0123456789')).text(), '10')
  assert.equal((await send('0123456789a')).status, 413)
})

test('an unsafe method whose Origin is another site is a 403; same origin, no Origin, safe methods and checkOrigin: false pass', async () => {
  const parts = {
    plugins: [],
    middleware: [],
    routes: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map(method => route('/api/notes', defineHandler(() => ({ ok: method })), method)),
  }
  const server = createServer({ ...parts, config })
  const send = (method: string, headers: Record<string, string>) => server.fetch(new Request('http://app.test:8080/api/notes', { method, headers }))
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    for (const origin of ['https://evil.test', 'http://app.test', 'http://app.test:9090', 'null', 'http://evil.test:8080', 'not a url']) {
      const response = await send(method, { origin })
      assert.equal(response.status, 403, `${method} from ${origin}`)
      assert.match((await response.json()).message, /another site/)
    }
    const crossSite = await send(method, { 'sec-fetch-site': 'cross-site' })
    assert.equal(crossSite.status, 403, `${method} with Sec-Fetch-Site: cross-site and no Origin`)
    for (const headers of [{ origin: 'http://app.test:8080' }, { origin: 'https://app.test:8080' }, {}, { 'sec-fetch-site': 'same-origin' }] as Record<string, string>[]) {
      assert.equal((await send(method, headers)).status, 200, `${method} with ${JSON.stringify(headers)}`)
    }
  }
  assert.equal((await send('GET', { origin: 'https://evil.test' })).status, 200)
  const open = createServer({ ...parts, config: { ...config, security: { checkOrigin: false, cspNonce: false } } })
  assert.equal((await open.fetch(new Request('http://app.test/api/notes', { method: 'POST', headers: { origin: 'https://evil.test' } }))).status, 200)
})

test('readBody refuses a body that is neither JSON nor a urlencoded form (415); { type } reads what the route asks for', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [
      route('/api/json', defineHandler(event => readBody(event)), 'POST'),
      route('/api/text', defineHandler(event => readBody(event, { type: 'text' })), 'POST'),
    ],
    config,
  })
  const post = (path: string, type: string | undefined, body: string) => server.fetch(new Request(`http://localhost${path}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body: new TextEncoder().encode(body) }))
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json']) {
    const response = await post('/api/json', type, '{"title":"forged"}')
    assert.equal(response.status, 415, type)
    assert.match((await response.json()).message, /Content-Type: application\/json/)
  }
  for (const type of ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', undefined]) {
    assert.deepEqual(await (await post('/api/json', type, '{"title":"ok"}')).json(), { title: 'ok' }, String(type))
  }
  assert.deepEqual(await (await post('/api/json', 'application/x-www-form-urlencoded', 'title=ok')).json(), { title: 'ok' })
  assert.equal(await (await post('/api/text', 'text/plain', 'plain words')).text(), 'plain words')
})

test('every answer says nosniff and strict-origin-when-cross-origin, errors and 404s too', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [route('/api/ok', defineHandler(() => 'ok')), route('/api/own', defineHandler((event) => { event.res.headers.set('referrer-policy', 'no-referrer'); return 'own' }))],
    config,
  })
  for (const path of ['/api/ok', '/api/nothing']) {
    const response = await server.fetch(new Request(`http://localhost${path}`))
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path)
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path)
  }
  assert.equal((await server.fetch(new Request('http://localhost/api/own'))).headers.get('referrer-policy'), 'no-referrer', 'a route may choose its own')
})

test('routeRules: redirect answers before any handler (307 unless status), headers are added unless the route set its own', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [
      route('/api/old', defineHandler(() => { throw new Error('never runs') })),
      route('/api/docs/page', defineHandler(() => 'page')),
      route('/api/docs/own', defineHandler((event) => { event.res.headers.set('x-frame-options', 'DENY'); return 'own' })),
    ],
    config: {
      ...config,
      routeRules: {
        '/api/old': { redirect: '/api/new' },
        '/api/moved/**': { redirect: { to: '/api/elsewhere', status: 301 } },
        '/api/docs/**': { headers: { 'x-frame-options': 'SAMEORIGIN', 'referrer-policy': 'no-referrer' } },
      },
    },
  })
  const old = await server.fetch(new Request('http://localhost/api/old', { method: 'POST' }))
  assert.equal(old.status, 307)
  assert.equal(old.headers.get('location'), '/api/new')
  const moved = await server.fetch(new Request('http://localhost/api/moved/a/b'))
  assert.deepEqual([moved.status, moved.headers.get('location')], [301, '/api/elsewhere'])
  const page = await server.fetch(new Request('http://localhost/api/docs/page'))
  assert.equal(page.headers.get('x-frame-options'), 'SAMEORIGIN')
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer', 'a rule may change a default header')
  assert.equal((await server.fetch(new Request('http://localhost/api/docs/own'))).headers.get('x-frame-options'), 'DENY')
  assert.equal((await server.fetch(new Request('http://localhost/api/docs/missing'))).headers.get('x-frame-options'), 'SAMEORIGIN', 'errors too')
})

test('a route answers HEAD with its GET handler, and other methods 405 with Allow; a route of its own for HEAD wins', async () => {
  const server = createServer({
    plugins: [],
    middleware: [],
    routes: [
      route('/api/item', defineHandler(event => { event.res.headers.set('x-item', '1'); return { item: 1 } }), 'GET'),
      route('/api/item', defineHandler(() => ({ created: true })), 'POST'),
      route('/api/own-head', defineHandler(() => 'get'), 'GET'),
      route('/api/own-head', defineHandler(event => { event.res.headers.set('x-head', 'own'); return '' }), 'HEAD'),
      route('/api/any', defineHandler(event => ({ method: event.req.method }))),
    ],
    config: { ...config, security: { ...config.security, checkOrigin: false } },
  })
  const head = await server.fetch(new Request('http://localhost/api/item', { method: 'HEAD' }))
  assert.equal(head.status, 200)
  assert.equal(head.headers.get('x-item'), '1')
  assert.equal(await head.text(), '')
  assert.equal((await server.fetch(new Request('http://localhost/api/item', { method: 'POST' }))).status, 200)
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    const refused = await server.fetch(new Request('http://localhost/api/item', { method }))
    assert.equal(refused.status, 405, method)
    assert.equal(refused.headers.get('allow'), 'GET, HEAD, POST')
  }
  const ownHead = await server.fetch(new Request('http://localhost/api/own-head', { method: 'HEAD' }))
  assert.equal(ownHead.headers.get('x-head'), 'own')
  assert.equal((await server.fetch(new Request('http://localhost/api/own-head', { method: 'POST' }))).headers.get('allow'), 'GET, HEAD')
  assert.deepEqual(await (await server.fetch(new Request('http://localhost/api/any', { method: 'PUT' }))).json(), { method: 'PUT' })
})

test('two servers in one process, each with its own async context: after an await, a handler still finds its own server', async () => {
  const { AsyncLocalStorage } = await import('node:async_hooks')
  const { useRuntimeConfig } = await import('../runtime/server/runtime-config.ts')
  const make = (name: string) => createServer({
    plugins: [],
    middleware: [],
    routes: [route('/api/who', defineHandler(async () => {
      await new Promise(resolve => setTimeout(resolve, 5))
      return { name: useRuntimeConfig().name }
    }))],
    config: { ...config, runtimeConfig: { name, public: {} } },
    asyncContext: new AsyncLocalStorage(),
  })
  const a = make('a')
  const b = make('b')
  const [fromA, fromB] = await Promise.all([a, b].map(async server => (await server.fetch(new Request('http://localhost/api/who'))).json()))
  assert.deepEqual([fromA, fromB], [{ name: 'a' }, { name: 'b' }])
})

test('each server runs its requests in its own host\'s async context, not the first one a host passed', async () => {
  const { AsyncLocalStorage } = await import('node:async_hooks')
  const counted = () => {
    const storage = new AsyncLocalStorage<ServerContext>()
    const context = { runs: 0, getStore: () => storage.getStore(), run: <R>(store: ServerContext, fn: () => R) => (context.runs++, storage.run(store, fn)) }
    return context
  }
  const first = counted()
  const second = counted()
  const make = (asyncContext: ReturnType<typeof counted>) => createServer({ plugins: [], middleware: [], routes: [route('/api/ok', defineHandler(() => 'ok'))], config, asyncContext })
  make(first)
  const server = make(second)
  const before = first.runs
  assert.equal(await (await server.fetch(new Request('http://localhost/api/ok'))).text(), 'ok')
  assert.ok(second.runs > 0)
  assert.equal(first.runs, before)
})

test('beforeResponse and the Set-Cookie collection run on every answer: route-rule redirects, 403, 413 and errors too', async () => {
  const seen: string[] = []
  const server = createServer({
    plugins: [{
      name: 'p',
      plugin: (s) => {
        // A session cookie set on every request, before any check answers.
        s.hooks.hook('request', (event) => { event.res.headers.append('set-cookie', 'seen=1; Path=/') })
        s.hooks.hook('beforeResponse', (event) => { seen.push(`${event.req.method} ${event.url.pathname}`) })
      },
    }],
    middleware: [],
    routes: [
      route('/api/fail', defineHandler(() => { throw new HTTPError({ status: 409, message: 'conflict' }) })),
      route('/api/echo', defineHandler(() => 'echo'), 'POST'),
    ],
    config: { ...config, bodyLimit: 4, routeRules: { '/old': { redirect: '/new' } } },
  })
  const answers: [string, RequestInit, number][] = [
    ['/old', {}, 307],
    ['/api/fail', {}, 409],
    ['/api/echo', { method: 'POST', body: 'x', headers: { origin: 'https://elsewhere.example' } }, 403],
    ['/api/echo', { method: 'POST', body: 'far too long', headers: { origin: 'http://localhost' } }, 413],
  ]
  for (const [path, init, status] of answers) {
    const setCookies: string[] = []
    const response = await server.fetch(new Request(`http://localhost${path}`, init), { setCookies })
    assert.equal(response.status, status, path)
    assert.deepEqual(setCookies, ['seen=1; Path=/'], `${path}: the worker gets its Set-Cookie`)
  }
  assert.deepEqual(seen, ['GET /old', 'GET /api/fail', 'POST /api/echo', 'POST /api/echo'])
})

test('event.context.swerve: the request\'s rule, its Set-Cookie sink and the pass answer, typed', async () => {
  const seen: unknown[] = []
  const server = createServer({
    plugins: [],
    middleware: [{ name: 'm', handler: (event) => { seen.push(event.context.swerve?.rule) } }],
    routes: [route('/api/set', defineHandler((event) => { event.res.headers.append('set-cookie', 'a=1'); return 'ok' }))],
    config: { ...config, routeRules: { '/api/**': { headers: { 'x-api': '1' } } } },
  })
  const setCookies: string[] = []
  const response = await server.fetch(new Request('http://localhost/api/set'), { setCookies })
  assert.equal(await response.text(), 'ok')
  assert.deepEqual(seen, [{ headers: { 'x-api': '1' } }])
  assert.deepEqual(setCookies, ['a=1'])
  const pass = await server.fetch(new Request('http://localhost/unknown.txt'), { passthrough: true })
  assert.equal(pass.status, 404)
  assert.equal(pass.headers.get('x-swerve-pass'), '1')
})
