/**
 * Sync's figures (docs/sync.md): the sync fixture's standalone server on a real Redis.
 * How long 1,000 changes written offline take to reach the origin once the browser is
 * back, and the sync route's push and pull throughput over HTTP.
 */
import { chromium } from '@playwright/test'
import { chromiumLaunchOptions } from '../test/chromium.ts'
import { copyOf, startStandalone } from '../test/helpers.ts'
import { startRedis } from '../test/redis.ts'
import { createClock } from '../runtime/shared/sync-protocol.ts'

export interface SyncFigures {
  /** ms from "sync now" to 1,000 pending changes taken by the origin. */
  deliver1000Ms: number
  /** Changes a second the origin lands, in pushes of 200. */
  pushPerSecond: number
  /** Changes a second a first pull returns, page by page. */
  pullPerSecond: number
  pulled: number
}

const PUSHED = 5000
const BATCH = 200

export async function benchSync(log: (line: string) => void): Promise<SyncFigures> {
  log('Sync: building the sync fixture, a Redis and its Node server…')
  const app = copyOf('sync')
  const redis = await startRedis()
  try {
    const result = await app.build({ preset: 'node', prerender: false })
    const host = await startStandalone(result.serverDir, { SWERVE_STORAGE_NOTES_URL: redis.url })
    try {
      log('Sync: 1,000 changes written offline, then synced…')
      const browser = await chromium.launch(chromiumLaunchOptions)
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${host.origin}/`)
      await page.waitForFunction(() => !!navigator.serviceWorker?.controller)
      await context.setOffline(true)
      await page.evaluate(async () => {
        for (let i = 0; i < 1000; i++) {
          await fetch(`/api/notes/b-${i}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `note ${i} ${'x'.repeat(100)}` }) })
        }
      })
      await context.setOffline(false)
      const deliver1000Ms = await page.evaluate(() => new Promise<number>((resolve, reject) => {
        const start = performance.now()
        const channel = new MessageChannel()
        channel.port1.onmessage = (event) => {
          const { notes } = event.data.states
          if (notes.pending !== 0) reject(new Error(`${notes.pending} changes still pending: ${notes.error}`))
          resolve(performance.now() - start)
        }
        navigator.serviceWorker.controller!.postMessage({ type: 'SWERVE_SYNC' }, [channel.port2])
      }))
      const landed = (await redis.client.keys('b-*')).length
      if (landed !== 1000) throw new Error(`${landed} of 1,000 changes reached Redis`)
      await browser.close()

      log(`Sync: push ${PUSHED.toLocaleString('en')} changes in requests of ${BATCH}, then one pull of everything…`)
      const clock = createClock('bench')
      const post = async (body: unknown) => {
        const response = await fetch(`${host.origin}/_swerve/sync/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        if (!response.ok) throw new Error(`sync route answered ${response.status}: ${await response.text()}`)
        return await response.json() as { cursor: string, changes: unknown[], more?: true }
      }
      const pushStart = performance.now()
      // As a device pushes: each request carries the cursor the last answer gave.
      let cursor = (await post({ v: 1, cursor: null, changes: [] })).cursor
      for (let i = 0; i < PUSHED; i += BATCH) {
        ({ cursor } = await post({ v: 1, cursor, changes: Array.from({ length: BATCH }, (_, j) => ({ key: `p-${i + j}`, value: { text: `pushed ${i + j}` }, hlc: clock.tick() })) }))
      }
      const pushMs = performance.now() - pushStart
      const pullStart = performance.now()
      // A first pull, page by page, as a new device makes it.
      let pulled = 0
      for (let page = await post({ v: 1, cursor: null, changes: [] }); ; page = await post({ v: 1, cursor: page.cursor, changes: [] })) {
        pulled += page.changes.length
        if (!page.more) break
      }
      const pullMs = performance.now() - pullStart
      return { deliver1000Ms, pushPerSecond: PUSHED / (pushMs / 1000), pullPerSecond: pulled / (pullMs / 1000), pulled }
    } finally {
      await host.stop()
    }
  } finally {
    await redis.stop()
    app.remove()
  }
}
