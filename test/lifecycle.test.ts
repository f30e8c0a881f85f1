/** The lifecycle fixture's server answers in Node (the same pipeline the worker runs). */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { BuildResult } from '../build/build.ts'
import { buildServer, fixture, request, workerCode } from './helpers.ts'

describe('lifecycle fixture in Node', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    ({ server, result } = await buildServer(fixture('lifecycle')))
  })

  test('the server runs plugins, app:created, validate, middleware, render, app:rendered, render:html in order', async () => {
    const html = await (await request(server, '/')).text()
    const trace = JSON.parse(html.match(/id="server-trace">([^<]*)</)![1])
    assert.deepEqual(trace, ['plugin:01.record', 'plugin:02.secret.server', 'app:created', 'validate', 'middleware:global', 'middleware:named', 'middleware:inline', 'setup', 'app:rendered', 'render:html'])
    // The page renders inside the default layout.
    assert.match(html, /<div data-testid="lifecycle-layout"><!--\[-->/)
    assert.doesNotMatch(html, /onMounted/)
  })

  test('navigateTo in middleware answers a redirect with Location (302 unless redirectCode)', async () => {
    for (const [path, status] of [['/redirect', 302], ['/old', 301]] as const) {
      const response = await request(server, path)
      assert.equal(response.status, status)
      assert.equal(response.headers.get('location'), '/target')
    }
  })

  test('navigateTo keeps targets inside the app: /\\evil, \\\\evil, //evil and schemes are a 400, never a Location', async () => {
    const followed = await request(server, `/redirect?next=${encodeURIComponent('/target?from=login')}`)
    assert.equal(followed.status, 302)
    assert.equal(followed.headers.get('location'), '/target?from=login')
    for (const next of ['/\\evil.test', '\\\\evil.test', '//evil.test', '/\t/evil.test', ' //evil.test', 'https://evil.test', 'javascript:alert(1)', '\\/evil.test']) {
      const response = await request(server, `/redirect?next=${encodeURIComponent(next)}`)
      assert.equal(response.status, 400, JSON.stringify(next))
      assert.equal(response.headers.get('location'), null, JSON.stringify(next))
      assert.match(await response.text(), /data-testid="error-status">400</)
    }
  })

  test('validate, createError, abortNavigation and a failing plugin answer with their status', async () => {
    for (const [path, status] of [['/valid/12', 200], ['/valid/x', 404], ['/valid/teapot', 418], ['/fail', 422], ['/forbidden', 403], ['/?plugin-error', 503]] as const) {
      const response = await request(server, path)
      assert.equal(response.status, status, path)
      if (status !== 200) assert.match(await response.text(), new RegExp(`data-testid="error-status">${status}<`))
    }
  })

  test('the payload is devalue, and </script> in data cannot close the tag', async () => {
    const html = await (await request(server, '/data')).text()
    const payload = html.match(/id="__SWERVE_DATA__">(.*?)<\/script>/)![1]
    assert.match(payload, /\["Date","2020-01-02T03:04:05.000Z"\]/)
    assert.doesNotMatch(payload, /<\/script/i)
    assert.match(payload, /\\u003C\/script>/)
  })

  test('server-only code is absent from every client asset', () => {
    const dir = join(result.publicDir, '_swerve')
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
    assert.ok(files.length > 3)
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      assert.doesNotMatch(text, /SWERVE_SERVER_ONLY_MARKER_7f3a/, file)
      assert.doesNotMatch(text, /SWERVE_SERVER_BRANCH_MARKER_91c2/, file)
    }
    // …and present where it belongs.
    assert.match(workerCode(result.publicDir), /SWERVE_SERVER_ONLY_MARKER_7f3a/)
  })
})
