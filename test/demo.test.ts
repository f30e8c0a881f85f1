/** Issue 2: the demo's pipeline in Node, through `app.fetch(new Request(...))`. */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/app.ts'
import { buildServer, demoRoot, request } from './helpers.ts'

describe('demo in Node', () => {
  let server: SwerveServer
  before(async () => {
    ({ server } = await buildServer(demoRoot))
  })

  test('a page answers its SSR HTML', async () => {
    const response = await request(server, '/about')
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type')!, /text\/html/)
    assert.match(response.headers.get('server-timing')!, /^ssr;dur=\d/)
    const html = await response.text()
    assert.match(html, /<h1[^>]*>About swerve<\/h1>/)
    assert.match(html, /<title>About · swerve demo<\/title>/)
    assert.match(html, /<script type="module" src="\/_swerve\/entry-\w+\.js">/)
    assert.match(html, /<link rel="stylesheet" href="\/_swerve\/chunks\/about-\w+\.css">/)
    assert.match(html, /id="__SWERVE_DATA__"/)
  })

  test('a [id] page renders its param', async () => {
    const html = await (await request(server, '/users/1234')).text()
    assert.match(html, /<h1>User 1234<\/h1>/)
  })

  test('an API route answers JSON', async () => {
    const response = await request(server, '/api/hello?name=Node', { headers: { accept: 'application/json' } })
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type')!, /application\/json/)
    const body = await response.json()
    assert.equal(body.message, 'Hello, Node!')
  })

  test('an unknown page answers 404 with the error page', async () => {
    const response = await request(server, '/no/such/page')
    assert.equal(response.status, 404)
    const html = await response.text()
    assert.match(html, /<h1[^>]*>404<\/h1>/)
    assert.doesNotMatch(html, /\n\s+at /, 'no stack trace')
  })

  test('an unknown /api path answers 404 JSON', async () => {
    for (const accept of ['application/json', 'text/html']) {
      const response = await request(server, '/api/nothing/here', { headers: { accept } })
      assert.equal(response.status, 404)
      assert.match(response.headers.get('content-type')!, /application\/json/)
      const body = await response.json()
      assert.deepEqual({ status: body.status, statusText: body.statusText }, { status: 404, statusText: 'Not Found' })
      assert.equal(typeof body.message, 'string')
      assert.equal(body.stack, undefined)
    }
  })
})
