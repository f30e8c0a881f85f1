/**
 * One conformance suite for every host (docs/lifecycle.md, server side): the same
 * requests and assertions run against the Node host (test/conformance.test.ts)
 * and the worker host in Chromium (e2e/conformance.spec.ts).
 */
import assert from 'node:assert/strict'

export interface Result {
  status: number
  statusText: string
  headers: Record<string, string>
  text: string
}

export interface Step {
  path: string
  method?: string
  headers?: Record<string, string>
  body?: string
  /** A document navigation (the worker answers those); default is a fetch. */
  navigate?: boolean
  check: (result: Result) => void
}

export type HostName = 'node' | 'worker' | 'cloudflare'

export interface Case {
  name: string
  fixture: 'engine' | 'engine-broken'
  /** The hosts the case holds on (default: all). */
  hosts?: HostName[]
  steps: Step[]
}

/** The cases for `fixture` that hold on `host`. */
export function casesFor(fixture: Case['fixture'], host: HostName): Case[] {
  return cases.filter(c => c.fixture === fixture && (!c.hosts || c.hosts.includes(host)))
}

const json = (result: Result) => {
  assert.match(result.headers['content-type'] ?? '', /application\/json/, `JSON expected, got ${result.headers['content-type']}: ${result.text.slice(0, 200)}`)
  return JSON.parse(result.text)
}
const noStack = (result: Result) => assert.doesNotMatch(result.text, /\bat .+:\d+:\d+|"stack"/, 'no stack trace leaves the server')
const logOf = (result: Result) => json(result).log as string[]
const readLog: Step = { path: '/api/log?clear', check: () => {} }

export const cases: Case[] = [
  {
    name: 'server plugins run in file order, and the first request waits for the async one',
    fixture: 'engine',
    steps: [{ path: '/api/log', check: r => assert.deepEqual(json(r).boot, ['01.first', '02.slow', '03.render']) }],
  },
  {
    name: 'hooks and middleware run in order around a handler',
    fixture: 'engine',
    steps: [
      readLog,
      { path: '/api/whoami', check: r => assert.deepEqual(json(r), { user: 'anonymous' }) },
      {
        path: '/api/log?clear',
        check: r => assert.deepEqual(logOf(r), [
          'request GET /api/whoami',
          'middleware 01 /api/whoami',
          'middleware 02 /api/whoami',
          'beforeResponse /api/whoami object',
          'afterResponse /api/whoami',
        ]),
      },
    ],
  },
  {
    name: 'middleware shares event.context with the handler',
    fixture: 'engine',
    steps: [{ path: '/api/whoami', headers: { 'x-user': 'alice' }, check: r => assert.deepEqual(json(r), { user: 'alice' }) }],
  },
  {
    name: 'a middleware that returns a value ends the request',
    fixture: 'engine',
    steps: [
      readLog,
      { path: '/api/blocked', check: r => assert.deepEqual(json(r), { blocked: true, by: 'middleware' }) },
      { path: '/api/log?clear', check: r => assert.ok(!logOf(r).includes('middleware 03 /api/blocked') && logOf(r).includes('beforeResponse /api/blocked object')) },
    ],
  },
  {
    name: 'method suffixes: GET, POST and DELETE each have a handler; others are 405 with Allow',
    fixture: 'engine',
    steps: [
      { path: '/api/methods/item', check: r => assert.deepEqual(json(r), { method: 'GET' }) },
      {
        path: '/api/methods/item', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}',
        check: (r) => {
          assert.equal(r.status, 201)
          assert.deepEqual(json(r), { method: 'POST', received: { name: 'x' } })
        },
      },
      { path: '/api/methods/item', method: 'DELETE', check: r => assert.deepEqual(json(r), { method: 'DELETE' }) },
      {
        path: '/api/methods/item', method: 'PUT', body: '{}',
        check: (r) => {
          assert.equal(r.status, 405)
          assert.equal(r.headers.allow, 'GET, HEAD, POST, DELETE')
          assert.equal(json(r).status, 405)
        },
      },
    ],
  },
  {
    name: 'HEAD on a page answers like GET, without a body',
    fixture: 'engine',
    // A HEAD fetch is no navigation: the worker leaves it to the network.
    hosts: ['node', 'cloudflare'],
    steps: [{
      path: '/', method: 'HEAD', headers: { accept: 'text/html' },
      check: (r) => {
        assert.equal(r.status, 200)
        assert.match(r.headers['content-type'] ?? '', /text\/html/)
        assert.equal(r.text, '')
      },
    }],
  },
  {
    name: 'params and catch-alls',
    fixture: 'engine',
    steps: [
      { path: '/api/users/42', check: r => assert.deepEqual(json(r), { id: '42', at: '1970-01-01T00:00:00.000Z' }) },
      { path: '/api/files/a/b/c.txt', check: r => assert.deepEqual(json(r), { path: 'a/b/c.txt' }) },
    ],
  },
  {
    name: 'a handler may return a string, a Response or a promise; server/routes sit at the root',
    fixture: 'engine',
    steps: [
      { path: '/api/text', check: (r) => { assert.equal(r.text, 'plain words'); assert.match(r.headers['content-type'], /text\/html/) } },
      { path: '/api/response', check: (r) => { assert.equal(r.status, 202); assert.equal(r.headers['x-raw'], '1'); assert.equal(r.text, '<b>raw</b>') } },
      { path: '/api/later', check: r => assert.deepEqual(json(r), [1, 2, 3]) },
      { path: '/feed.xml', check: (r) => { assert.match(r.headers['content-type'], /application\/xml/); assert.equal(r.text, '<feed><title>engine</title></feed>') } },
    ],
  },
  {
    name: 'malformed JSON is a 400 with a message',
    fixture: 'engine',
    steps: [{
      path: '/api/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken":',
      check: (r) => {
        assert.equal(r.status, 400)
        const body = json(r)
        assert.equal(body.status, 400)
        assert.match(body.message, /JSON/i)
      },
    }],
  },
  {
    name: 'a body over the limit is a 413',
    fixture: 'engine',
    steps: [
      { path: '/api/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(100) }), check: r => assert.equal(r.status, 200) },
      {
        path: '/api/echo', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(5000) }),
        check: (r) => { assert.equal(r.status, 413, r.text); assert.equal(json(r).status, 413) },
      },
    ],
  },
  {
    name: 'an unknown API path is a 404 JSON',
    fixture: 'engine',
    steps: [{ path: '/api/nowhere', check: (r) => { assert.equal(r.status, 404); assert.equal(json(r).statusText, 'Not Found') } }],
  },
  {
    name: 'a plain Error is a 500 JSON without its message or a stack, and the error hook sees it',
    fixture: 'engine',
    steps: [
      readLog,
      {
        path: '/api/crash',
        check: (r) => {
          assert.equal(r.status, 500)
          const body = json(r)
          assert.deepEqual(Object.keys(body).sort(), ['message', 'status', 'statusCode', 'statusMessage', 'statusText'])
          assert.equal(body.statusText, 'Internal Server Error')
          // Never the error's own words in production: they may hold anything (a password, a path).
          assert.equal(body.message, 'Internal Server Error')
          noStack(r)
        },
      },
      { path: '/api/log?clear', check: r => assert.ok(logOf(r).includes('error /api/crash 500 the handler broke'), logOf(r).join('\n')) },
    ],
  },
  {
    name: 'an HTTPError keeps its status, text and data',
    fixture: 'engine',
    steps: [{
      path: '/api/teapot',
      check: (r) => {
        assert.equal(r.status, 418)
        assert.deepEqual(json(r), { statusCode: 418, statusMessage: 'I am a teapot', status: 418, statusText: 'I am a teapot', message: 'Short and stout', data: { spout: true } })
      },
    }],
  },
  {
    name: '$fetch from an API route stays in the pipeline and forwards headers and cookies',
    fixture: 'engine',
    steps: [{
      path: '/api/proxy', headers: { 'x-custom': 'forwarded', 'x-user': 'bob', cookie: 'session=abc' },
      check: r => assert.deepEqual(json(r), { via: 'proxy', forwarded: { cookie: 'abc', custom: 'forwarded', user: 'bob' } }),
    }],
  },
  {
    name: 'event.$fetch forwards headers and cookies after an await',
    fixture: 'engine',
    steps: [{
      path: '/api/later-proxy', headers: { 'x-custom': 'later', cookie: 'session=def' },
      check: r => assert.deepEqual(json(r).viaEvent, { cookie: 'def', custom: 'later', user: 'anonymous' }),
    }],
  },
  {
    name: 'the free $fetch forwards them after an await where the host has an async context',
    fixture: 'engine',
    hosts: ['node'],
    steps: [{
      path: '/api/later-proxy', headers: { 'x-custom': 'later', cookie: 'session=def' },
      check: r => assert.deepEqual(json(r).viaGlobal, { cookie: 'def', custom: 'later', user: 'anonymous' }),
    }],
  },
  {
    name: 'a cookie set by a handler comes back on the next request',
    fixture: 'engine',
    steps: [
      { path: '/api/login', method: 'POST', check: r => assert.deepEqual(json(r), { ok: true }) },
      { path: '/api/headers', check: r => assert.equal(json(r).cookie, 'fresh') },
    ],
  },
  {
    name: '$fetch from a page data loader renders its result, and render hooks run',
    fixture: 'engine',
    steps: [
      readLog,
      {
        path: '/', navigate: true, headers: { 'x-user': 'carol', cookie: 'session=xyz' },
        check: (r) => {
          assert.equal(r.status, 200)
          assert.match(r.text, /user=carol cookie=xyz/)
          assert.match(r.text, /<meta name="rendered-by" content="engine-fixture">/)
          assert.match(r.text, /<!-- render:html was here --><\/body>/)
          assert.equal(r.headers['x-render-response'], 'yes')
        },
      },
      {
        path: '/api/log?clear',
        check: (r) => {
          const log = logOf(r)
          const at = (entry: string) => log.indexOf(entry)
          for (const entry of ['request GET /', 'request GET /api/headers', 'render:html /', 'render:response / 200', 'afterResponse /']) assert.ok(at(entry) >= 0, `${entry} in ${log.join(' | ')}`)
          assert.ok(at('request GET /') < at('request GET /api/headers'))
          assert.ok(at('render:html /') < at('render:response / 200'))
          assert.ok(at('render:response / 200') < at('afterResponse /'))
        },
      },
    ],
  },
  {
    name: 'a server plugin that throws makes every request a 500 with a clear message',
    fixture: 'engine-broken',
    steps: [
      {
        path: '/api/ok',
        check: (r) => {
          assert.equal(r.status, 500)
          assert.match(json(r).message, /Server plugin server\/plugins\/01\.boom\.ts failed: database unreachable/)
          noStack(r)
        },
      },
      { path: '/', navigate: true, check: r => assert.equal(r.status, 500) },
    ],
  },
]
