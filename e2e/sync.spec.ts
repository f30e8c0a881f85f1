/**
 * Sync (docs/sync.md) in real Chromium against real Node processes on a real Redis:
 * devices writing offline converge, nothing acknowledged is lost across a worker kill
 * and a browser restart, two servers behave as one, a 401 keeps the outbox.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import type { BuildResult } from '../build/build.ts'
import { expect, test } from '../playwright/index.ts'
import { chromiumLaunchOptions } from '../test/chromium.ts'
import { copyOf, fixture, startStandalone, type Standalone } from '../test/helpers.ts'
import { startRedis, type RedisServer } from '../test/redis.ts'
import { collectProblems, openDevice as open } from './checks.ts'

test.describe.configure({ mode: 'serial' })

let redis: RedisServer
let result: BuildResult
const servers: Standalone[] = []

test.beforeAll(async () => {
  test.setTimeout(120_000)
  redis = await startRedis()
  result = await copyOf('sync').build({ preset: 'node', prerender: false })
})

test.afterAll(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
  await redis?.stop()
})

test.beforeEach(async () => {
  await redis.client.flushall()
})

/** The fixture's standalone Node server on this run's Redis (on a free port, or `port`). */
async function server(port = 0): Promise<Standalone> {
  const started = await startStandalone(result.serverDir, { SWERVE_STORAGE_NOTES_URL: redis.url, PORT: String(port) })
  servers.push(started)
  return started
}

/** Writes a note through the page's form (the worker answers, online or not). */
async function write(page: Page, id: string, text: string): Promise<void> {
  await page.getByTestId('id').fill(id)
  await page.getByTestId('text').fill(text)
  await page.getByTestId('save').click()
  await expect(page.getByTestId(`note-${id}`)).toHaveText(text)
}

const notesInRedis = async () => {
  const ids = (await redis.client.keys('*')).filter(key => !key.startsWith('#'))
  return Object.fromEntries(await Promise.all(ids.sort().map(async id => [id, await redis.client.get(id)])))
}

test('two devices write offline, one key on both; online, both show the same notes, the later edit wins, Redis holds them', async ({ browser }) => {
  const { origin } = await server()
  const [one, two] = [await browser.newContext(), await browser.newContext()]
  const a = await open(one, origin)
  const b = await open(two, origin)
  const problems = [...collectProblems(a), ...collectProblems(b)]

  await write(a, 'shared', 'first')
  await expect(a.getByTestId('sync')).toHaveText('idle · 0 pending')
  await b.getByTestId('sync-now').click()
  await expect(b.getByTestId('note-shared')).toHaveText('first')

  await one.setOffline(true)
  await two.setOffline(true)
  await write(a, 'from-a', 'written on a')
  await write(a, 'shared', 'edited on a')
  await write(b, 'from-b', 'written on b')
  await write(b, 'shared', 'edited on b, later')
  await expect(a.getByTestId('sync')).toHaveText('offline · 2 pending')
  await expect(b.getByTestId('sync')).toHaveText('offline · 2 pending')

  await one.setOffline(false)
  await two.setOffline(false)
  // Coming online syncs; the interval (5 s here) brings a what b pushed after it.
  for (const page of [a, b]) {
    await expect(page.getByTestId('note-from-a')).toHaveText('written on a', { timeout: 15_000 })
    await expect(page.getByTestId('note-from-b')).toHaveText('written on b', { timeout: 15_000 })
    await expect(page.getByTestId('note-shared')).toHaveText('edited on b, later', { timeout: 15_000 })
    await expect(page.getByTestId('sync')).toHaveText('idle · 0 pending')
  }
  expect(await notesInRedis()).toEqual({ 'from-a': 'written on a', 'from-b': 'written on b', 'shared': 'edited on b, later' })
  expect(problems.filter(problem => !/ERR_INTERNET_DISCONNECTED/.test(problem))).toEqual([])
  await Promise.all([one.close(), two.close()])
})

test('200 offline writes, a worker kill and a browser restart: all 200 reach Redis, each once', async () => {
  test.setTimeout(120_000)
  const host = await server()
  const { origin } = host
  const profile = mkdtempSync(join(tmpdir(), 'swerve-profile-'))
  const launch = () => chromium.launchPersistentContext(profile, chromiumLaunchOptions)
  try {
    let context = await launch()
    let page = await open(context, origin)
    await context.setOffline(true)
    const statuses = await page.evaluate(async () => {
      const answers = []
      for (let i = 0; i < 200; i++) {
        const response = await fetch(`/api/notes/n-${String(i).padStart(3, '0')}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `note ${i}` }) })
        answers.push(response.status)
      }
      return answers
    })
    expect(statuses.every(status => status === 200)).toBe(true)
    await expect(page.getByTestId('sync')).toHaveText('offline · 200 pending')
    expect(await notesInRedis()).toEqual({})

    // The browser stops the worker, then the whole browser goes.
    const session = await context.newCDPSession(page)
    await session.send('ServiceWorker.enable')
    await session.send('ServiceWorker.stopAllWorkers')
    await context.close()
    // The origin is down while the browser restarts: Chromium fires a pending Background
    // Sync at start, on its own view of the network, which emulated offline does not cover.
    await host.stop()

    context = await launch()
    await context.setOffline(true)
    page = await open(context, origin)
    await expect(page.getByTestId('sync')).toHaveText('offline · 200 pending')
    expect(await notesInRedis()).toEqual({})
    await server(Number(new URL(origin).port))
    await context.setOffline(false)
    await expect(page.getByTestId('sync')).toHaveText('idle · 0 pending', { timeout: 20_000 })
    const notes = await notesInRedis()
    expect(Object.keys(notes)).toHaveLength(200)
    expect(notes['n-199']).toBe('note 199')
    // Each change landed once: one change record per key, stamped by this device.
    const records = await redis.client.keys('#sync:*')
    expect(records).toHaveLength(200)
    await context.close()
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
})

test('two Node processes on one Redis: devices syncing through different ones converge', async ({ browser }) => {
  const [first, second] = await Promise.all([server(), server()])
  const [one, two] = [await browser.newContext(), await browser.newContext()]
  const a = await open(one, first.origin)
  const b = await open(two, second.origin)
  await write(a, 'via-first', 'through one process')
  await write(b, 'via-second', 'through the other')
  await expect(a.getByTestId('sync')).toHaveText('idle · 0 pending')
  await expect(b.getByTestId('sync')).toHaveText('idle · 0 pending')
  await a.getByTestId('sync-now').click()
  await b.getByTestId('sync-now').click()
  for (const page of [a, b]) {
    await expect(page.getByTestId('note-via-first')).toHaveText('through one process')
    await expect(page.getByTestId('note-via-second')).toHaveText('through the other')
  }
  await Promise.all([one.close(), two.close()])
})

test('a 401 on the sync route keeps the outbox and says why; the next authorised sync delivers', async ({ browser }) => {
  const { origin } = await server()
  const context = await browser.newContext()
  await context.addCookies([{ name: 'session', value: 'expired', url: origin }])
  const page = await open(context, origin)
  await write(page, 'kept', 'waits for a session')
  await expect(page.getByTestId('sync')).toHaveText('error · 1 pending')
  await expect(page.getByTestId('sync-error')).toHaveText('401 Unauthorized: Your session expired: sign in again to sync.')
  expect(await notesInRedis()).toEqual({})

  await context.addCookies([{ name: 'session', value: 'fresh', url: origin }])
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('sync')).toHaveText('idle · 0 pending')
  await expect(page.getByTestId('sync-error')).toHaveCount(0)
  expect(await notesInRedis()).toEqual({ kept: 'waits for a session' })
  await context.close()
})

test.describe('sw.syncNow() (swerve/playwright)', () => {
  test.use({ swerveApp: { root: fixture('sync'), preset: 'node' } })

  test('offline it reports the change pending; online it delivers it', async ({ page, app, sw }) => {
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    await sw.offline()
    await write(page, 'offline-note', 'written offline')
    expect((await sw.syncNow()).notes).toMatchObject({ status: 'offline', pending: 1, error: null })
    await sw.online()
    expect((await sw.syncNow()).notes).toMatchObject({ status: 'idle', pending: 0, error: null })
    const pulled = await page.request.post(app.url('_swerve/sync/notes'), { data: { v: 1, cursor: null, changes: [] } })
    expect((await pulled.json()).changes).toEqual([expect.objectContaining({ key: 'offline-note', value: 'written offline' })])
  })
})

test.describe('pages and resync (a Node server as the origin)', () => {
  test.use({ swerveApp: { root: fixture('sync'), preset: 'node' } })

  test('a base larger than a page arrives page by page; a device away longer than tombstones are kept replaces its copy and keeps its own pending write', async ({ page, app, sw }) => {
    await app.deploy({ files: { 'swerve.config.ts': text => text.replace('sync: { interval: 5 }', 'sync: { interval: 5, pageSize: 2, tombstoneDays: 1 / 86400 }') } })
    // Five notes written at the origin by another client.
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect((await page.request.put(app.url(`api/notes/${id}`), { data: { text: `note ${id}` } })).status()).toBe(200)
    await page.goto(app.url())
    await sw.ready()
    await sw.hydrated()
    expect((await sw.syncNow()).notes).toMatchObject({ status: 'idle', pending: 0, error: null })
    expect((await sw.storage('notes').keys()).sort()).toEqual(['a', 'b', 'c', 'd', 'e'])

    // 'a' is deleted at the origin; this device stays away longer than its tombstone is kept (1 s here),
    // and writes a note meanwhile.
    expect((await page.request.delete(app.url('api/notes/a'))).ok()).toBe(true)
    await sw.offline()
    await write(page, 'f', 'written while away')
    await page.waitForTimeout(1500)
    await sw.online()
    expect((await sw.syncNow()).notes).toMatchObject({ status: 'idle', pending: 0, error: null })
    expect((await sw.storage('notes').keys()).sort()).toEqual(['b', 'c', 'd', 'e', 'f'])
    // The device's own note reached the origin.
    expect(JSON.stringify(await (await page.request.get(app.url('api/notes'))).json())).toContain('written while away')
  })
})
