/**
 * Issue 53: a sync pull that brings another device's change to what a kept page read makes
 * the next navigation render again (test/fixtures/sync, on a Redis of its own).
 */
import type { Page } from '@playwright/test'
import type { BuildResult } from '../build/build.ts'
import { expect, test } from '../playwright/index.ts'
import { copyOf, startStandalone, type Standalone } from '../test/helpers.ts'
import { startRedis, type RedisServer } from '../test/redis.ts'
import { openDevice as open } from './checks.ts'

let redis: RedisServer
let result: BuildResult
let server: Standalone | undefined

test.beforeAll(async () => {
  test.setTimeout(120_000)
  redis = await startRedis()
  result = await copyOf('sync').build({ preset: 'node', prerender: false })
})

test.afterAll(async () => {
  await server?.stop()
  await redis?.stop()
})

/** The notes in the HTML the worker answered for `/`, and whether it was a kept render. */
async function visit(page: Page, origin: string): Promise<{ html: string, cache: string | undefined }> {
  const response = (await page.goto(`${origin}/`))!
  const html = await response.text()
  await page.locator('html[data-swerve-hydrated]').waitFor({ state: 'attached' })
  return { html, cache: response.headers()['x-swerve-cache'] }
}

test('a sync pull of another device\'s write: the kept page is not answered again', async ({ browser }) => {
  server = await startStandalone(result.serverDir, { SWERVE_STORAGE_NOTES_URL: redis.url, PORT: '0' })
  const [one, two] = [await browser.newContext(), await browser.newContext()]
  const a = await open(one, server.origin)
  const b = await open(two, server.origin)

  let seen = await visit(a, server.origin)
  for (let i = 0; i < 10 && seen.cache !== 'hit'; i++) seen = await visit(a, server.origin)
  expect(seen.cache).toBe('hit')
  expect(seen.html).not.toContain('from the other device')

  await b.getByTestId('id').fill('far')
  await b.getByTestId('text').fill('from the other device')
  await b.getByTestId('save').click()
  await expect(b.getByTestId('sync')).toHaveText('idle · 0 pending', { timeout: 15_000 })

  await a.getByTestId('sync-now').click()
  await expect(a.getByTestId('note-far')).toHaveText('from the other device', { timeout: 15_000 })
  const after = await visit(a, server.origin)
  expect(after.html).toContain('from the other device')
  expect(after.cache).toBeUndefined()
  await Promise.all([one.close(), two.close()])
})
