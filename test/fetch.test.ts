/** $fetch is ofetch (docs/guide.md#fetch): queries, JSON bodies, parsing, errors, and ofetch's options over swerve's fetch. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Readable } from 'node:stream'
import { FastResponse } from 'srvx'
import { createFetch, FetchError } from '../runtime/shared/fetch-core.ts'
import { createPipelineFetch } from '../runtime/shared/fetch.ts'

/** `$fetch` over a pipeline that answers every call with `respond()`, as a Node host's in-process call. */
const local = (respond: () => Response) => createPipelineFetch({ fetch: async () => respond(), base: '/' })

function recorder(respond: (request: Request) => Response) {
  const seen: Request[] = []
  const $fetch = createFetch(async (url, init) => {
    const request = new Request(typeof url === 'string' ? new URL(url, 'http://localhost') : url, init)
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

test('strings, FormData and URLSearchParams pass through untouched (a string is labelled JSON, as ofetch does)', async () => {
  const { $fetch, seen } = recorder(() => new Response(null, { status: 204 }))
  assert.equal(await $fetch('/a', { method: 'POST', body: 'raw' }), undefined)
  await $fetch('/a', { method: 'POST', body: new URLSearchParams({ k: 'v' }) })
  const form = new FormData()
  form.set('k', 'v')
  await $fetch('/a', { method: 'POST', body: form })
  assert.equal(await seen[0].text(), 'raw')
  assert.equal(seen[0].headers.get('content-type'), 'application/json')
  assert.equal(seen[1].headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8')
  assert.match(seen[2].headers.get('content-type')!, /^multipart\/form-data; boundary=/)
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

test('an in-process answer of a Node host (srvx FastResponse) reads as any other, whatever its body', async () => {
  const bodies: [string, () => Response, unknown][] = [
    ['JSON', () => new FastResponse('{"a":1}', { headers: { 'content-type': 'application/json' } }), { a: 1 }],
    ['text', () => new FastResponse('plain', { headers: { 'content-type': 'text/plain' } }), 'plain'],
    ['empty', () => new FastResponse(''), ''],
    ['no body', () => new FastResponse(null), undefined],
    ['bytes', () => new FastResponse(new TextEncoder().encode('{"b":2}'), { headers: { 'content-type': 'application/json' } }), { b: 2 }],
    ['a web stream', () => new FastResponse(new Blob(['{"c":3}']).stream(), { headers: { 'content-type': 'application/json' } }), { c: 3 }],
    ['a Node stream', () => new FastResponse(Readable.from(['{"d":', '4}']) as never, { headers: { 'content-type': 'application/json' } }), { d: 4 }],
    ['headers read first', () => { const r = new FastResponse('{"e":5}', { headers: { 'content-type': 'application/json' } }); r.headers.set('x-a', '1'); return r }, { e: 5 }],
    ['body read first', () => { const r = new FastResponse('{"f":6}', { headers: { 'content-type': 'application/json' } }); void r.body; return r }, { f: 6 }],
  ]
  for (const [name, respond, expected] of bodies) {
    assert.deepEqual(await local(respond)('/api/x'), expected, name)
    assert.deepEqual(await createFetch(async () => respond())('/api/x'), expected, `${name}, read by ofetch itself`)
  }
  const raw = await local(() => new FastResponse('{"g":7}', { headers: { 'content-type': 'application/json', 'x-a': '1' } })).raw('/api/x')
  assert.deepEqual([raw.status, raw.headers.get('x-a'), raw._data, await raw.text()], [200, '1', { g: 7 }, '{"g":7}'])
  assert.equal(await local(() => new FastResponse(''))('/api/x', { responseType: 'text' }), '')
  assert.equal(await local(() => new FastResponse(null))('/api/x', { responseType: 'text' }), undefined)
  assert.deepEqual(new Uint8Array(await local(() => new FastResponse('ab'))('/api/x', { responseType: 'arrayBuffer' })), new Uint8Array([97, 98]))

  // A failure keeps its answer whole for the FetchError.
  const failing = local(() => new FastResponse('{"message":"gone"}', { status: 410, statusText: 'Gone', headers: { 'content-type': 'application/json', 'x-why': 'moved' } }))
  await assert.rejects(failing('/api/x'), (error: FetchError) => {
    assert.equal(error.status, 410)
    assert.equal(error.statusText, 'Gone')
    assert.deepEqual(error.data, { message: 'gone' })
    assert.equal(error.response!.headers.get('x-why'), 'moved')
    return true
  })
})

test('the page\'s HTTPError has the fields of h3\'s for the same input, and h3 takes it for one', async () => {
  const { HTTPError } = await import('h3')
  const { PageHTTPError } = await import('../runtime/shared/http-error.ts')
  const inputs = [
    { status: 404, statusText: 'Not Found', message: 'There is no note x.', data: { id: 'x' } },
    { statusCode: 422, statusMessage: 'Unprocessable Entity' },
    { status: 503, headers: { 'retry-after': '5' } },
    { status: 500, message: 'boom', unhandled: true },
    { status: 42 },
    {},
  ]
  for (const input of inputs) {
    const page = new PageHTTPError(input)
    const h3 = new HTTPError(input)
    assert.ok(HTTPError.isError(page), JSON.stringify(input))
    assert.ok(page instanceof Error)
    for (const field of ['name', 'status', 'statusCode', 'statusText', 'statusMessage', 'data', 'unhandled'] as const) {
      assert.deepEqual(page[field], h3[field], `${field} of ${JSON.stringify(input)}`)
    }
    assert.deepEqual(page.headers && Object.fromEntries(page.headers), h3.headers && Object.fromEntries(h3.headers))
    if (input.message || input.statusText || input.statusMessage) assert.equal(page.message, h3.message)
    assert.equal(JSON.stringify(page), JSON.stringify(h3))
  }
})
