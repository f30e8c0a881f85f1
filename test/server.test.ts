/** The runtime's server without a build: `createServer` with plain handlers, as any host calls it. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defineHandler, HTTPError, type EventHandler } from 'h3'
import { createServer } from '../runtime/server/app.ts'

const config = { base: '/', dev: false, bodyLimit: 1024 * 1024, runtimeConfig: { public: {} } }
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
