/** Issue 2: the demo's pipeline in Node, through `app.fetch(new Request(...))`. */
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { buildServer, demoRoot, request, startStandalone, tempDir, type Standalone, workerCode } from './helpers.ts'

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
    assert.match(html, /<title>About · swerve notes<\/title>/)
    assert.match(html, /<script type="module" src="\/_swerve\/entry-\w+\.js">/)
    // One stylesheet: the entry's CSS bundle holds every page's CSS (lazy chunks too).
    assert.deepEqual(html.match(/<link rel="stylesheet" href="[^"]+">/g), [html.match(/<link rel="stylesheet" href="\/_swerve\/entry-\w+\.css">/)![0]])
    assert.match(html, /<link rel="modulepreload" href="\/_swerve\/chunks\/about-\w+\.js">/)
    assert.match(html, /id="__SWERVE_DATA__"/)
  })

  test('a [id] page renders the note from storage', async () => {
    const html = await (await request(server, '/notes/welcome')).text()
    assert.match(html, /data-testid="note-title"[^>]*>Welcome to swerve notes<\/h1>/)
  })

  test('the notes API creates, lists, searches, edits and deletes', async () => {
    const json = { accept: 'application/json', 'content-type': 'application/json' }
    const created = await request(server, '/api/notes', { method: 'POST', headers: json, body: JSON.stringify({ title: 'Groceries', body: 'oat milk' }) })
    assert.equal(created.status, 201)
    const note = await created.json()
    assert.match(note.id, /^[0-9a-f-]{36}$/)
    const found = await (await request(server, '/api/notes?q=oat', { headers: json })).json()
    assert.deepEqual(found.map((n: { id: string }) => n.id), [note.id])
    const edited = await (await request(server, `/api/notes/${note.id}`, { method: 'PUT', headers: json, body: JSON.stringify({ title: 'Shopping', body: '' }) })).json()
    assert.equal(edited.title, 'Shopping')
    assert.equal((await request(server, `/api/notes/${note.id}`, { method: 'DELETE', headers: json })).status, 204)
    assert.equal((await request(server, `/api/notes/${note.id}`, { headers: json })).status, 404)
  })

  test('bad input: a note without a title is a 400, a bad key a 400', async () => {
    const json = { accept: 'application/json', 'content-type': 'application/json' }
    const untitled = await request(server, '/api/notes', { method: 'POST', headers: json, body: JSON.stringify({ body: 'x' }) })
    assert.equal(untitled.status, 400)
    assert.deepEqual(await untitled.json(), { statusCode: 400, statusMessage: 'Bad Request', status: 400, statusText: 'Bad Request', message: 'A note needs a title.', data: { field: 'title' } })
    const badKey = await request(server, `/api/notes/${'x'.repeat(600)}`, { headers: json })
    assert.equal(badKey.status, 400)
    assert.match((await badKey.json()).message, /Invalid storage key/)
  })

  test('an unknown page answers 404 with the error page', async () => {
    const response = await request(server, '/no/such/page')
    assert.equal(response.status, 404)
    const html = await response.text()
    assert.match(html, /<p class="status"[^>]*>404<\/p>/)
    assert.doesNotMatch(html, /\n\s+at /, 'no stack trace')
  })

  test('another method than GET on a page path is a 405 with Allow (in the worker such fetches go to the network)', async () => {
    const response = await request(server, '/about', { method: 'POST', body: 'x' })
    assert.equal(response.status, 405)
    assert.equal(response.headers.get('allow'), 'GET, HEAD')
    assert.equal((await request(server, '/api/nothing', { method: 'DELETE' })).status, 404)
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

describe('demo as .output/server/index.mjs, on files, with 256 file descriptors', () => {
  let result: BuildResult
  let dataDir: string
  let host: Standalone
  before(async () => {
    // Prerendered too: a Node host renders pages all the same (only prerender: true routes are served as files).
    ({ result } = await buildServer(demoRoot, { prerender: true }))
    dataDir = tempDir('swerve-demo-data-')
    mkdirSync(join(dataDir, 'notes'))
    const at = new Date(0).toISOString()
    for (let i = 0; i < 3000; i++) {
      writeFileSync(join(dataDir, 'notes', `n${i}`), JSON.stringify({ id: `n${i}`, title: `Note ${i}`, body: '', createdAt: at, updatedAt: at }))
    }
    host = await startStandalone(result.serverDir, { SWERVE_DATA_DIR: dataDir }, 'ulimit -n 256')
  })
  after(() => host?.stop())

  const json = { accept: 'application/json', 'content-type': 'application/json' }

  test('3,000 notes list whole, and 100 concurrent creates leave the list whole', async () => {
    const listed = await fetch(`${host.origin}/api/notes`, { headers: json })
    assert.equal(listed.status, 200)
    // …and the welcome note the demo's server plugin seeds.
    assert.equal((await listed.json()).length, 3001)
    const created = await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${host.origin}/api/notes`, { method: 'POST', headers: json, body: JSON.stringify({ title: `Load ${i}` }) })))
    const statuses = created.map(response => response.status)
    assert.deepEqual(statuses.filter(status => status !== 201 && status !== 503), [], 'a create succeeds or answers 503')
    const notes = await (await fetch(`${host.origin}/api/notes`, { headers: json })).json()
    assert.equal(notes.length, 3001 + statuses.filter(status => status === 201).length)
    assert.ok(notes.every((note: { title?: unknown }) => typeof note.title === 'string'), 'every listed note is a note')
  })

  test('a key under a note is a 404 that names no path; DELETE of a missing note is a 404', async () => {
    const nested = await fetch(`${host.origin}/api/notes/n1:x`, { headers: json })
    assert.equal(nested.status, 404)
    const text = await nested.text()
    assert.ok(!text.includes(dataDir) && !text.includes('/tmp'), 'no path in the answer')
    assert.equal((await fetch(`${host.origin}/api/notes/nothing-here`, { method: 'DELETE', headers: json })).status, 404)
  })

  test('pages are rendered on each request, not served from build time: a deleted note is gone, ?q= filters', async () => {
    const page = async (path: string) => (await fetch(host.origin + path, { headers: { accept: 'text/html' } })).text()
    assert.ok((await page('/notes/n7')).includes('Note 7'))
    assert.ok((await page('/')).includes('Welcome to swerve notes'))
    assert.equal((await fetch(`${host.origin}/api/notes/welcome`, { method: 'DELETE', headers: json })).status, 204)
    assert.ok(!(await page('/')).includes('Welcome to swerve notes'), 'the deleted note is not on the page')
    const searched = await page('/?q=Note%202999')
    assert.ok(searched.includes('Note 2999') && !searched.includes('Note 2998'), 'the search ran on the server')
  })

  test('routeRules: about is the prerendered file, /api/origin/time is the origin\'s alone, every answer has the security headers', async () => {
    const about = await fetch(`${host.origin}/about`, { headers: { accept: 'text/html' } })
    assert.equal(about.status, 200)
    assert.equal(await about.text(), readFileSync(join(result.publicDir, 'about/index.html'), 'utf8'), 'the file, not a render')
    assert.equal(about.headers.get('x-frame-options'), 'DENY')
    const time = await fetch(`${host.origin}/api/origin/time`, { headers: json })
    assert.equal((await time.json()).answeredBy, 'the origin server')
    assert.equal(time.headers.get('permissions-policy'), 'camera=(), microphone=(), geolocation=()')
    assert.ok(!workerCode(result.publicDir).includes('answeredBy'), 'its code is not in the worker')
  })
})
