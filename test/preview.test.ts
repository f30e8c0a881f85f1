/** `swerve preview` / the standalone server: what a static host would send, with the right caching. */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createHandler, listen } from '../presets/node/serve.ts'
import type { BuildResult } from '../build/build.ts'
import { buildServer, fixture } from './helpers.ts'

let origin = ''
let result: BuildResult
let close = () => {}

before(async () => {
  ({ result } = await buildServer(fixture('minimal'), { prerender: true }))
  const server = await listen(createHandler({ publicDir: join(result.config.outDir, 'public'), base: '/' }))
  origin = server.origin
  close = () => void server.close()
})
after(() => close())

test('sw.js is no-cache; hashed assets are immutable', async () => {
  const sw = await fetch(`${origin}/sw.js`)
  assert.equal(sw.headers.get('cache-control'), 'no-cache')
  assert.match(sw.headers.get('content-type')!, /javascript/)
  const html = await (await fetch(`${origin}/`)).text()
  const entry = html.match(/src="(\/_swerve\/entry-\w+\.js)"/)![1]
  const asset = await fetch(origin + entry)
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable')
})

test('a path that was not prerendered gets 404.html, as on GitHub Pages', async () => {
  const response = await fetch(`${origin}/nothing/here`)
  assert.equal(response.status, 404)
  assert.match(await response.text(), /"fallback"/)
})

test('paths cannot escape the public folder', async () => {
  const response = await fetch(`${origin}/%2e%2e/server/app.mjs`)
  assert.notEqual(response.status, 200)
})
