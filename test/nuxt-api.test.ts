/** Nuxt's API as apps call it (docs/conventions.md#support): the nuxt-api fixture, rendered in Node. */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { BuildResult } from '../build/build.ts'
import { componentName } from '../build/scan.ts'
import { buildServer, fixture, request } from './helpers.ts'

const body = (html: string) => html.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')
const testid = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1]

describe('nuxt-api fixture', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    ({ server, result } = await buildServer(fixture('nuxt-api')))
  })

  describe('Nuxt\'s error shape', () => {
    test('error.vue gets statusCode, statusMessage, message, fatal and data, with status/statusText as aliases', async () => {
      const response = await request(server, '/errors/thrown')
      assert.equal(response.status, 418)
      const html = body(await response.text())
      assert.equal(testid(html, 'statusCode'), '418')
      assert.equal(testid(html, 'statusMessage'), 'Short and stout')
      assert.equal(testid(html, 'message'), 'No coffee here.')
      assert.equal(testid(html, 'fatal'), 'true')
      assert.equal(testid(html, 'data'), '{&quot;pot&quot;:&quot;tea&quot;}')
      assert.equal(testid(html, 'status'), '418/Short and stout')
      assert.equal(testid(html, 'nuxt'), 'true 418')
    })

    test('a server error answers JSON with Nuxt\'s fields and h3\'s', async () => {
      const response = await request(server, '/api/refuse', { headers: { accept: 'application/json' } })
      assert.equal(response.status, 422)
      assert.deepEqual(await response.json(), {
        statusCode: 422, statusMessage: 'Unprocessable Entity', status: 422, statusText: 'Unprocessable Entity',
        message: 'The name is taken.', data: { field: 'name' },
      })
    })

    test('useFetch().error, a $fetch error, createError and isNuxtError', async () => {
      const html = body(await (await request(server, '/errors/fetched')).text())
      assert.equal(testid(html, 'fetch-error'), 'error 422 Unprocessable Entity The name is taken. {&quot;field&quot;:&quot;name&quot;} 422')
      assert.equal(testid(html, 'caught'), '422 {&quot;field&quot;:&quot;name&quot;}')
      assert.equal(testid(html, 'checks'), 'true false true 409 409 Taken')
    })
  })

  describe('Nuxt\'s names', () => {
    test('refreshNuxtData, useNuxtData, clearNuxtData, clearNuxtState, updateAppConfig, useRuntimeHook', async () => {
      const html = await (await request(server, '/names/data')).text()
      assert.equal(testid(html, 'refresh'), '2 2')
      assert.equal(testid(html, 'clear'), 'default kept undefined')
      assert.equal(testid(html, 'app-config'), 'red m nuxt-api')
      assert.match(html, /"by useRuntimeHook"/)
    })

    test('setResponseStatus, useResponseHeader, useRequestHeader, useHeadSafe, useServerHead, useServerSeoMeta, useRouteAnnouncer, useLoadingIndicator', async () => {
      const response = await request(server, '/names/response', { headers: { accept: 'text/html', 'x-asked': 'useRequestHeader' } })
      assert.equal(response.status, 203)
      assert.equal(response.statusText, 'Partly Nuxt')
      assert.equal(response.headers.get('x-made-by'), 'useResponseHeader')
      const html = await response.text()
      assert.equal(testid(html, 'asked'), 'useRequestHeader')
      assert.match(html, /<title>Safe title<\/title>/)
      assert.match(html, /<meta name="safe" content="yes">/)
      assert.doesNotMatch(html, /window\.unsafe/)
      assert.match(html, /<meta name="server-head" content="only on the server">/)
      assert.match(html, /<meta name="description" content="said by useServerSeoMeta">/)
      assert.equal(testid(html, 'announcer'), 'hello, reader polite')
      assert.equal(testid(html, 'loading'), '40 0 false')
    })

    test('defineNuxtComponent: asyncData merged into the data, head, props and data() kept', async () => {
      const html = await (await request(server, '/names/options')).text()
      assert.equal(testid(html, 'options'), 'defineNuxtComponent: from asyncData, own data')
      assert.match(html, /<title>Options API head<\/title>/)
      assert.match(html, /"options:asyncdata:OptionsCard"/)
    })
  })

  describe('.client and .server components', () => {
    test('Clock.client.vue is <Clock>; the server renders nothing in its place', async () => {
      assert.equal(componentName('Clock.client.vue'), 'Clock')
      assert.equal(componentName('deep/Card.server.vue'), 'DeepCard')
      const html = body(await (await request(server, '/client/modes')).text())
      assert.match(html, /data-testid="modes"/)
      assert.doesNotMatch(html, /data-testid="clock"/)
    })

    test('Summary.server.vue renders as a plain component, and the build warns that it is no island', async () => {
      const html = body(await (await request(server, '/client/modes')).text())
      assert.match(html, /<p data-testid="summary">summary<\/p>/)
      assert.ok(result.warnings.some(warning => /components\/Summary\.server\.vue: <Summary> is a server component, which needs Nuxt's component islands/.test(warning)), result.warnings.join('\n'))
    })
  })

  describe('useAsyncData and useFetch options', () => {
    test('pick, transform, default, immediate: false with execute, clear, status, server: false', async () => {
      const html = body(await (await request(server, '/data/options')).text())
      assert.equal(testid(html, 'pick'), '{&quot;id&quot;:7,&quot;name&quot;:&quot;kettle&quot;}')
      assert.equal(testid(html, 'transform'), 'QUIET')
      assert.equal(testid(html, 'immediate'), 'nothing yet idle 0 | ran 1 success 1 | nothing yet idle null')
      assert.equal(testid(html, 'status'), 'error 409')
      assert.equal(testid(html, 'server-false'), 'not on the server idle')
    })

    test('getCachedData is used instead of fetching', async () => {
      const html = body(await (await request(server, '/data/options')).text())
      assert.equal(testid(html, 'cached'), 'cached cached 0')
    })

    test('refs inside query are read (at any depth)', async () => {
      const html = body(await (await request(server, '/data/options')).text())
      assert.equal(testid(html, 'query'), '2 a')
    })

    test('dedupe: defer waits for the pending call, cancel drops its result for the newer one\'s', async () => {
      const html = body(await (await request(server, '/data/options')).text())
      assert.equal(testid(html, 'dedupe'), 'defer: 1 after 1 calls; cancel: 2 after 2 calls')
    })
  })

  describe('conventions with a test of their own', () => {
    test('@/, ~/, ~~/ and @@/ imports', async () => {
      const html = body(await (await request(server, '/more/aliases')).text())
      assert.equal(testid(html, 'aliases'), 'app/helpers/where.ts app/helpers/where.ts shared/root.ts shared/root.ts')
    })

    test('<NuxtLayout name fallback>: a layout that does not exist falls back', async () => {
      const html = body(await (await request(server, '/more/layout')).text())
      assert.match(html, /<div data-testid="layout" data-layout="plain"><!--\[--><p data-testid="in-fallback">inside the fallback layout<\/p><!--\]--><\/div>/)
    })

    test('NuxtLink custom (its slot alone, with href and isActive) and target (a plain <a> with rel)', async () => {
      const html = body(await (await request(server, '/more/links')).text())
      assert.match(html, /<button data-testid="custom" data-href="\/client\/later" data-active="false">custom<\/button>/)
      assert.match(html, /<a[^>]*href="\/client\/later"[^>]*target="_blank"[^>]*>new tab<\/a>/)
      assert.match(html.match(/<a[^>]*>new tab/)![0], /rel="noopener noreferrer"/)
    })

    test('useCookie options: Set-Cookie with maxAge, expires, path, domain, secure, httpOnly, sameSite; encode/decode, readonly, null deletes', async () => {
      const response = await request(server, '/more/cookies', { headers: { accept: 'text/html', cookie: 'raw=zyx; given=kept' } })
      const cookies = response.headers.getSetCookie()
      const named = (name: string) => cookies.find(line => line.startsWith(`${name}=`)) ?? ''
      assert.match(named('prefs'), /^prefs=%7B%22theme%22%3A%22dark%22%7D; Max-Age=3600; Path=\/more; HttpOnly; Secure; SameSite=Strict$/)
      assert.match(named('raw'), /^raw=cba; Path=\//)
      assert.match(named('expiring'), /^expiring=soon; Domain=localhost; Path=\/; Expires=Tue, 01 Jan 2030 00:00:00 GMT/)
      assert.match(named('gone'), /^gone=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT/)
      assert.equal(named('given'), '')
      const html = body(await response.text())
      assert.equal(testid(html, 'cookies'), 'dark kept readonly')
    })
  })

  describe('more of Nuxt\'s API', () => {
    test('showError in a page\'s setup renders the error page with its status', async () => {
      const response = await request(server, '/errors/shown')
      assert.equal(response.status, 451)
      const html = body(await response.text())
      assert.equal(testid(html, 'statusMessage'), 'Unavailable For Legal Reasons')
      assert.doesNotMatch(html, /not-shown/)
    })

    test('useRequestFetch forwards the request\'s cookie to the app\'s own API on the server', async () => {
      const html = body(await (await request(server, '/more/request-fetch', { headers: { accept: 'text/html', cookie: 'session=abc' } })).text())
      assert.equal(testid(html, 'echoed'), 'session=abc')
    })
  })

  test('useRoute reads params and query, useRouter resolves', async () => {
    const html = body(await (await request(server, '/more/route/1?q=find')).text())
    assert.equal(testid(html, 'route'), '1 find /more/route/2')
  })

  describe('Nitro\'s cached handlers and functions', () => {
    const json = async (path: string, init?: RequestInit) => {
      const response = await request(server, path, init)
      return { response, body: await response.json() as Record<string, unknown> }
    }

    test('a cached handler runs once per path and query while fresh, and its answer keeps its headers, an ETag and Last-Modified', async () => {
      const first = await json('/api/cached?q=a')
      assert.deepEqual({ ...first.body, made: undefined }, { calls: 1, q: 'a', made: undefined })
      assert.equal(first.response.headers.get('x-made-by-call'), '1')
      assert.equal(first.response.headers.get('cache-control'), 's-maxage=60, stale-while-revalidate')
      const etag = first.response.headers.get('etag')
      assert.match(etag ?? '', /^W\/"[0-9a-f]{16}"$/)
      assert.ok(first.response.headers.get('last-modified'))
      const again = await json('/api/cached?q=a')
      assert.deepEqual(again.body, first.body)
      assert.equal(again.response.headers.get('x-made-by-call'), '1')
      assert.equal((await json('/api/cached?q=b')).body.calls, 2)
      const conditional = await request(server, '/api/cached?q=a', { headers: { 'if-none-match': etag! } })
      assert.equal(conditional.status, 304)
    })

    test('past maxAge a stale answer comes at once while the handler runs again (swr), and the next request gets the new one', async () => {
      assert.deepEqual((await json('/api/cached-stale')).body, { calls: 1 })
      await new Promise(resolve => setTimeout(resolve, 250))
      assert.deepEqual((await json('/api/cached-stale')).body, { calls: 1 })
      // The run the stale answer started writes the new entry; the next read finds it.
      for (let i = 0; i < 50 && (await json('/api/cached-stale')).body.calls === 1; i++) await new Promise(resolve => setTimeout(resolve, 20))
      assert.deepEqual((await json('/api/cached-stale')).body, { calls: 2 })
    })

    test('an error, thrown or returned, is not kept: the handler runs again, and the app answers it in its own error shape', async () => {
      for (const [call, path] of [[1, '/api/cached-refuse'], [2, '/api/cached-refuse'], [3, '/api/cached-refuse?returned=1'], [4, '/api/cached-refuse?returned=1']] as const) {
        const { response, body } = await json(path, { headers: { accept: 'application/json' } })
        assert.equal(response.status, 503)
        assert.equal(body.message, `Call ${call} refused.`)
        assert.equal(body.statusMessage, 'Not yet')
      }
    })

    test('a cached function keeps a result per key, in the server\'s storage under cache:', async () => {
      assert.deepEqual((await json('/api/cached-square?n=3')).body, { square: 9, calls: 1 })
      assert.deepEqual((await json('/api/cached-square?n=3')).body, { square: 9, calls: 1 })
      assert.deepEqual((await json('/api/cached-square?n=4')).body, { square: 16, calls: 2 })
      const kept = await server.storage.use('cache').getKeys('nitro:functions:square')
      assert.deepEqual(kept.sort(), ['nitro:functions:square:3.json', 'nitro:functions:square:4.json'])
    })
  })
})
