/** A new app from `npm create nuxt` (test/fixtures/nuxt-starter): its files as written build and render. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { BuildResult } from '../build/build.ts'
import { workerCode } from './helpers.ts'
import { buildServer, fixture, request } from './helpers.ts'

describe('the npm create nuxt starter', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    ({ server, result } = await buildServer(fixture('nuxt-starter')))
  })

  test('<NuxtWelcome> renders swerve\'s welcome, with no asset to load', async () => {
    const response = await request(server, '/')
    assert.equal(response.status, 200)
    const html = await response.text()
    const welcome = html.match(/<main class="nuxt-welcome"[\s\S]*?<\/main>/)?.[0]
    assert.ok(welcome, 'the welcome is rendered')
    assert.match(welcome, /<h1[^>]*>Your app is running<\/h1>/)
    assert.doesNotMatch(welcome, /<img|<link|url\(|https?:/)
  })

  test('<NuxtRouteAnnouncer> renders an empty aria-live region first', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<span class="nuxt-route-announcer" style="[^"]*position:absolute[^"]*"><span role="alert" aria-live="polite" aria-atomic="false"><\/span><\/span>/)
  })

  test('public/favicon.ico and robots.txt are copied as they are, and precached for the worker', async () => {
    const source = (file: string) => readFileSync(new URL(`./fixtures/nuxt-starter/public/${file}`, import.meta.url))
    assert.deepEqual(readFileSync(join(result.publicDir, 'favicon.ico')), source('favicon.ico'))
    assert.deepEqual(readFileSync(join(result.publicDir, 'robots.txt')), source('robots.txt'))
    const worker = workerCode(result.publicDir)
    assert.match(worker, /favicon\.ico/)
    assert.match(worker, /robots\.txt/)
  })
})
