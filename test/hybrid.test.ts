/** routeRules' rendering modes on a Node host (docs/routing.md): prerender, swr, ssr: false. */
import assert from 'node:assert/strict'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { build, type BuildResult } from '../build/build.ts'
import { appServing, createHandler } from '../presets/node/serve.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { parsePayload } from '../runtime/app/payload.ts'
import { createSwr, memoryPageCache } from '../runtime/server/swr.ts'
import { fixture, tempDir } from './helpers.ts'

let result: BuildResult
let createApp: (options: object) => SwerveServer

before(async () => {
  result = await build(fixture('engine'), { outDir: tempDir('swerve-hybrid-'), quiet: true })
  ;({ createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href))
})

const page = (server: { fetch: (request: Request) => Promise<Response> }, path: string) =>
  server.fetch(new Request(`http://localhost${path}`, { headers: { accept: 'text/html', host: 'localhost' } }))
/** The page's "where when" line (app/pages/rules/*.vue). */
const renderedOf = (html: string) => /data-testid="rendered">([^<]*)</.exec(html)?.[1]

test('prerender: true is built, listed in the worker\'s precache, and served as the file by a Node host; other pages render fresh', async () => {
  const file = readFileSync(join(result.publicDir, 'rules/prerendered/index.html'), 'utf8')
  assert.match(renderedOf(file)!, /^server \d+$/)
  assert.ok(readFileSync(join(result.publicDir, 'sw.js'), 'utf8').includes('rules/prerendered/index.html'), 'the worker precaches it')
  const handler = createHandler({ publicDir: result.publicDir, ...appServing(createApp({ storage: 'memory' })) })
  for (const path of ['/rules/prerendered', '/rules/prerendered/', '/rules/prerendered/index.html']) {
    const response = await page({ fetch: handler }, path)
    assert.equal(response.status, 200, path)
    assert.equal(renderedOf(await response.text()), renderedOf(file), `${path} is the prerendered file`)
  }
  const rendered = await (await page({ fetch: handler }, '/rules/swr')).text()
  const built = readFileSync(join(result.publicDir, 'rules/swr/index.html'), 'utf8')
  assert.notEqual(renderedOf(rendered), renderedOf(built), 'a page without prerender: true is rendered on each request')
})

test('swr: the last render answers at once; once older than the rule\'s seconds it answers stale and is rendered again in the background', async () => {
  const server = createApp({ storage: 'memory' })
  const first = await page(server, '/rules/swr')
  assert.equal(first.headers.get('x-swerve-cache'), 'miss')
  const stamp = renderedOf(await first.text())
  const second = await page(server, '/rules/swr')
  assert.equal(second.headers.get('x-swerve-cache'), 'hit')
  assert.equal(renderedOf(await second.text()), stamp, 'the kept render')
  assert.equal(second.headers.get('x-content-type-options'), 'nosniff', 'a kept render keeps its headers')
  const other = await page(server, '/rules/swr?q=1')
  assert.equal(other.headers.get('x-swerve-cache'), 'miss', 'kept per URL')
  await other.body?.cancel()
  await sleep(2100)
  const stale = await page(server, '/rules/swr')
  assert.equal(stale.headers.get('x-swerve-cache'), 'stale')
  assert.equal(renderedOf(await stale.text()), stamp, 'answered at once with the old render')
  // The background render is kept when it finishes: asked again until then (a fixed wait raced it under load).
  let fresh = await page(server, '/rules/swr')
  for (const deadline = Date.now() + 10_000; fresh.headers.get('x-swerve-cache') !== 'hit' && Date.now() < deadline;) {
    await fresh.body?.cancel()
    await sleep(50)
    fresh = await page(server, '/rules/swr')
  }
  assert.equal(fresh.headers.get('x-swerve-cache'), 'hit')
  assert.notEqual(renderedOf(await fresh.text()), stamp, 'the background render replaced it')
  assert.equal((await server.fetch(new Request('http://localhost/rules/swr', { headers: { accept: 'application/json' } }))).headers.get('x-swerve-cache'), null, 'only page requests')
})

test('swr, when the browser answered a kept render itself: rendered again only when stale or gone; fill keeps plain pages only', async () => {
  const store = memoryPageCache()
  const swr = createSwr(store)
  let renders = 0
  const render = async (request: Request) => new Response(`<p>${++renders} ${new URL(request.url).pathname}</p>`, { headers: { 'content-type': 'text/html' } })
  const background: Promise<unknown>[] = []
  const shown = async (path: string, maxAge: number) => {
    await swr.shown({ request: new Request(`http://localhost${path}`), maxAge, render, waitUntil: work => void background.push(work) })
    await Promise.all(background.splice(0))
  }
  assert.equal(await swr.fill(new Request('http://localhost/kept'), render), true)
  assert.equal(await (await store.get('http://localhost/kept'))!.text(), '<p>1 /kept</p>')
  await shown('/kept', 60)
  assert.equal(renders, 1, 'fresh: not rendered again')
  await shown('/kept', 0)
  assert.equal(renders, 2, 'stale: rendered again')
  assert.equal(await (await store.get('http://localhost/kept'))!.text(), '<p>2 /kept</p>')
  await shown('/gone', 60)
  assert.equal(await (await store.get('http://localhost/gone'))!.text(), '<p>3 /gone</p>', 'missing: rendered and kept')

  const notFound = async () => new Response('no', { status: 404, headers: { 'content-type': 'text/html' } })
  const withCookie = async () => new Response('<p>mine</p>', { headers: { 'content-type': 'text/html', 'set-cookie': 'a=1' } })
  assert.equal(await swr.fill(new Request('http://localhost/missing'), notFound), false)
  assert.equal(await swr.fill(new Request('http://localhost/mine'), withCookie), false)
  assert.equal(await store.get('http://localhost/missing'), undefined)
  assert.equal(await store.get('http://localhost/mine'), undefined)
})

test('ssr: false answers a shell: no page markup, a payload that says so, and render:html still runs', async () => {
  const response = await page(createApp({ storage: 'memory' }), '/rules/spa')
  assert.equal(response.status, 200)
  const html = await response.text()
  assert.ok(html.includes('<div id="app"></div>'), 'an empty #app')
  assert.equal(renderedOf(html), undefined)
  const payload = parsePayload(/<script type="application\/json" id="__SWERVE_DATA__">([^<]*)<\/script>/.exec(html)![1])
  assert.equal(payload.serverRendered, false, 'the client renders instead of hydrating')
  assert.ok(html.includes('<meta name="rendered-by" content="engine-fixture">'), 'the render:html hook ran')
  assert.match(html, /<script type="module" src="\/_swerve\/entry-\w+\.js"><\/script>/)
})

test('a prerender: true path that does not answer a page fails the build, naming it', async () => {
  const app = tempDir('swerve-prerender-missing-')
  cpSync(fixture('minimal'), app, { recursive: true, filter: path => !/\/(\.output|\.swerve)(\/|$)/.test(path) })
  writeFileSync(join(app, 'swerve.config.ts'), `export default { routeRules: { '/gone': { prerender: true } } }\n`)
  await assert.rejects(build(app, { quiet: true }), /routeRules: \/gone is `prerender: true` but failed when prerendered: 404/)
})
