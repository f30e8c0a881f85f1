/**
 * test/fixtures/custom-fetch on Node: a plugin's `$api = $fetch.create({ baseURL, onRequest,
 * onResponseError })`, used through useFetch's `$fetch` option and a composable. The
 * server's render calls the API in-process with the visitor's cookie; a 401 redirects to /login.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { before, describe, test } from 'node:test'
import { build } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { fixture, tempDir } from './helpers.ts'

const testid = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1]
const signedIn = { cookie: 'token=secret-token' }

describe('a $fetch.create client from a plugin', () => {
  let server: SwerveServer
  before(async () => {
    const result = await build(fixture('custom-fetch'), { outDir: tempDir('swerve-custom-fetch-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    server = createApp({ storage: 'memory' })
  })
  const get = (path: string, headers?: Record<string, string>) => server.fetch(new Request(`http://localhost${path}`, { headers: { accept: 'text/html', ...headers } }))

  test('signed in: the page renders the API\'s answer, fetched with baseURL and the header onRequest added from the cookie', async () => {
    const notes = await get('/notes', signedIn)
    assert.equal(notes.status, 200)
    const html = await notes.text()
    assert.match(html, /ada&#39;s first note<\/li><li>ada&#39;s second note/)
    assert.equal(testid(html, 'client'), 'api-plugin')
    const profile = await get('/profile', signedIn)
    assert.equal(testid(await profile.text(), 'name'), 'Ada Lovelace', 'useFetch(url, { $fetch: $api, query })')
  })

  test('signed out: the API answers 401 and onResponseError\'s navigateTo makes the render a redirect to /login', async () => {
    for (const path of ['/notes', '/profile']) {
      const response = await get(path)
      assert.equal(response.status, 302, path)
      assert.equal(response.headers.get('location'), '/login', path)
    }
    const api = await server.fetch(new Request('http://localhost/api/notes'))
    assert.equal(api.status, 401)
    assert.equal((await api.json()).message, 'Sign in first.')
  })

  test('a FetchError thrown from a page\'s setup renders the error page with the answer\'s status and words; no answer at all is a 500', async () => {
    const denied = await get('/direct')
    assert.equal(denied.status, 401)
    const html = await denied.text()
    assert.equal(testid(html, 'error-status'), '401')
    assert.equal(testid(html, 'error-text'), 'Unauthorized')
    assert.equal(testid(html, 'error-message'), 'Sign in first.')
    assert.equal(testid(await (await get('/direct', signedIn)).text(), 'notes'), '2 ')
    const unreachable = await get('/direct?far=1', signedIn)
    assert.equal(unreachable.status, 500)
    assert.equal(testid(await unreachable.text(), 'error-status'), '500')
  })

  test('useFetch hands ofetch\'s options to $fetch (baseURL, onRequest, onResponse); useRequestFetch().create in app code', async () => {
    const html = await (await get('/inline', signedIn)).text()
    assert.equal(testid(html, 'count'), '2')
    assert.equal(testid(html, 'me'), 'ada')
    assert.equal(testid(html, 'seen'), 'onResponse 200')
  })
})
