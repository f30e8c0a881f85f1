/** $fetch's core (docs/guide.md): queries, JSON bodies, parsing, errors with status and data. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createFetch, FetchError } from '../runtime/shared/fetch-core.ts'

function recorder(respond: (request: Request) => Response) {
  const seen: Request[] = []
  const $fetch = createFetch(async (url, init) => {
    const request = new Request(new URL(url, 'http://localhost'), init)
    seen.push(request.clone())
    return respond(request)
  })
  return { $fetch, seen }
}

test('objects are sent as JSON with their Content-Type; JSON answers are parsed', async () => {
  const { $fetch, seen } = recorder(() => Response.json({ ok: true }))
  assert.deepEqual(await $fetch('/api/x', { method: 'post', body: { a: 1 } }), { ok: true })
  assert.equal(seen[0].method, 'POST')
  assert.equal(seen[0].headers.get('content-type'), 'application/json')
  assert.equal(await seen[0].text(), '{"a":1}')
})

test('query values are appended, undefined ones skipped, arrays repeated', async () => {
  const { $fetch, seen } = recorder(() => new Response('plain', { headers: { 'content-type': 'text/plain' } }))
  assert.equal(await $fetch('/api/x?z=0', { query: { q: 'a b', n: 2, skip: undefined, tag: ['x', 'y'] } }), 'plain')
  assert.equal(new URL(seen[0].url).search, '?z=0&q=a+b&n=2&tag=x&tag=y')
})

test('strings, FormData and URLSearchParams pass through untouched', async () => {
  const { $fetch, seen } = recorder(() => new Response(null, { status: 204 }))
  assert.equal(await $fetch('/a', { method: 'POST', body: 'raw' }), undefined)
  await $fetch('/a', { method: 'POST', body: new URLSearchParams({ k: 'v' }) })
  assert.equal(seen[0].headers.get('content-type'), 'text/plain;charset=UTF-8')
  assert.equal(seen[1].headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8')
})

test('4xx/5xx throw a FetchError with status, statusText and the parsed body as data', async () => {
  const { $fetch } = recorder(() => Response.json({ status: 422, message: 'nope' }, { status: 422, statusText: 'Unprocessable' }))
  await assert.rejects($fetch('/api/x'), (error: FetchError) => {
    assert.ok(error instanceof FetchError)
    assert.equal(error.name, 'FetchError')
    assert.equal(error.status, 422)
    assert.equal(error.statusCode, 422)
    assert.equal(error.statusText, 'Unprocessable')
    assert.deepEqual(error.data, { status: 422, message: 'nope' })
    assert.match(error.message, /\[GET\] "\/api\/x": 422 Unprocessable/)
    return true
  })
})

test('POST, PUT, PATCH and DELETE carry a fresh Idempotency-Key unless the caller set one; GET does not', async () => {
  const { $fetch, seen } = recorder(() => new Response(null, { status: 204 }))
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) await $fetch('/api/x', { method })
  await $fetch('/api/x', { method: 'POST', headers: { 'idempotency-key': 'mine' } })
  await $fetch('/api/x')
  const keys = seen.map(request => request.headers.get('idempotency-key'))
  assert.ok(keys.slice(0, 5).every(key => /^[0-9a-f-]{36}$/.test(key!)), 'a UUID on each unsafe method')
  assert.equal(new Set(keys.slice(0, 5)).size, 5, 'a new key for each call')
  assert.deepEqual(keys.slice(5), ['mine', null])
})
