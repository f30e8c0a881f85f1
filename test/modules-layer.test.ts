/**
 * A module from a layer installed as a package (test/fixtures/modules-layer), whose PostCSS and
 * Vite plugins live in the layer's own node_modules, as @nuxt/ui's do under the examples' layer.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import type { BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { buildServer, fixture, request } from './helpers.ts'

describe('a layer\'s module with PostCSS and Vite plugins from the layer\'s node_modules', () => {
  const order: string[] = ((globalThis as { __tintOrder?: string[] }).__tintOrder ??= [])
  let result: BuildResult
  let server: SwerveServer
  before(async () => {
    ({ server, result } = await buildServer(fixture('modules-layer')))
  })

  test('the PostCSS plugin is loaded from the layer before vite:extend runs (a failed `vite` import there must not be the first to load what they share)', () => {
    assert.deepEqual(order, ['postcss-tint', 'vite:extend'])
  })

  test('the layer\'s stylesheet is run through the layer\'s PostCSS plugin', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /id="tinted"/)
    const css = readFileSync(join(result.publicDir, html.match(/href="\/(_swerve\/entry-\w+\.css)"/)![1]!), 'utf8')
    assert.match(css, /\.tinted\s*\{\s*color:\s*(rebeccapurple|#639)/)
  })
})
