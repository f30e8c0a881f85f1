/** Nuxt behaviours on the server (test/fixtures/nuxt-behaviour): head components around markup, errors in Nuxt's order. */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import { buildServer, fixture, request } from './helpers.ts'

describe('nuxt-behaviour fixture in Node', () => {
  let server: SwerveServer
  before(async () => {
    ({ server } = await buildServer(fixture('nuxt-behaviour')))
  })

  test('<Html>, <Body> and <Head> render their slot; <Html lang>, <Body class>, <Title> and <Meta> reach the document', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<html[^>]* lang="en"/)
    assert.match(html, /<body[^>]* class="(shell home|home shell)"/)
    assert.match(html, /<title>Number 1 · Behaviour<\/title>/)
    assert.match(html, /<meta name="description" content="Number 1, described">/)
    assert.match(html, /data-testid="inside-html">inside Html</)
    assert.match(html, /data-testid="nav-about"/)
  })

  test('an error in setup(): vue:error, then app:error, then the error page with 500', async () => {
    const response = await request(server, '/?setup-error')
    assert.equal(response.status, 500)
    const html = await response.text()
    assert.deepEqual(JSON.parse(html.match(/id="server-errors">([^<]*)</)![1]), ['vue:error thrown in setup', 'app:error thrown in setup'])
    assert.match(html, /data-testid="error-message"/)
    assert.match(html, /<body[^>]* class="failed"/)
  })
})
