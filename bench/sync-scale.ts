/**
 * Sync at scale (docs/sync.md#the-change-log): the sync route on a real Redis with 1,000,
 * 100,000 and 1,000,000 records in the base, each seeded straight into Redis in the log's
 * own layout. For each: a pull with nothing new, a pull after one change, and a push of
 * 1,000 changes, each the median of several, through the server's `fetch` (no network).
 * Targets: each at 1M within 1.5× of its cost at 1,000.
 */
import redisDriver from 'unstorage/drivers/redis'
import { createServer } from '../runtime/server/app.ts'
import { createClock, type SyncResponse } from '../runtime/shared/sync-protocol.ts'
import { startRedis } from '../test/redis.ts'
import { summarize } from './stats.ts'

export interface SyncScaleRow {
  records: number
  pullIdleMs: number
  pullOneMs: number
  push1000Ms: number
}

const SIZES = (process.env.BENCH_SYNC_SIZES ?? '1000,100000,1000000').split(',').map(Number)
const REPEATS = 15
const config = { base: '/', dev: false, bodyLimit: 4 * 1024 * 1024, security: { checkOrigin: true, cspNonce: false }, runtimeConfig: { public: {} } }

async function measure(run: () => Promise<unknown>, repeats = REPEATS): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  return summarize(times).p50
}

export async function benchSyncScale(log: (line: string) => void): Promise<SyncScaleRow[]> {
  const rows: SyncScaleRow[] = []
  for (const records of SIZES) {
    const redis = await startRedis()
    try {
      log(`Sync at scale: seeding ${records.toLocaleString('en')} records into Redis…`)
      const seeder = createClock('seed')
      for (let from = 0; from < records; from += 10_000) {
        const batch = redis.client.pipeline()
        for (let i = from; i < Math.min(records, from + 10_000); i++) {
          const value = { text: `note ${i} `.padEnd(100, '.') }
          batch.set(`notes:n${i}`, JSON.stringify(value))
          batch.set(`notes:#sync:n${i}`, JSON.stringify({ hlc: seeder.tick(), seq: i + 1, at: Date.now(), value }))
          batch.zadd('notes:#synclog', i + 1, `n${i}`)
        }
        await batch.exec()
      }
      await redis.client.set('notes:#syncseq', records)
      const server = createServer({ plugins: [], middleware: [], routes: [], config, storage: { driver: redisDriver({ url: redis.url }), synced: ['notes'] } })
      try {
        const post = async (cursor: string | null, changes: unknown[] = []) => {
          const response = await server.fetch(new Request('http://localhost/_swerve/sync/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: 1, cursor, changes }) }))
          if (!response.ok) throw new Error(`sync answered ${response.status}: ${await response.text()}`)
          return await response.json() as SyncResponse
        }
        const device = createClock('bench')
        const head = String(records)
        await post(head)
        const pullIdleMs = await measure(() => post(head))
        // Another device changes one key; this one pulls (only the pull is timed).
        let cursor = head
        const pulls: number[] = []
        for (let i = 0; i < REPEATS; i++) {
          await post(null, [{ key: `n${Math.floor(Math.random() * records)}`, value: { text: 'changed' }, hlc: device.tick() }])
          const start = performance.now()
          cursor = (await post(cursor)).cursor
          pulls.push(performance.now() - start)
        }
        const pullOneMs = summarize(pulls).p50
        let round = 0
        const push1000Ms = await measure(() => post(cursor, Array.from({ length: 1000 }, (_, i) => ({ key: `p${round}-${i}`, value: { text: `pushed ${i}` }, hlc: device.tick() }))).then(() => round++), 5)
        rows.push({ records, pullIdleMs, pullOneMs, push1000Ms })
        log(`  ${records.toLocaleString('en')}: pull, nothing new ${pullIdleMs.toFixed(2)} ms · pull after one change ${pullOneMs.toFixed(2)} ms · push of 1,000 ${push1000Ms.toFixed(1)} ms`)
      } finally {
        await server.close()
      }
    } finally {
      await redis.stop()
    }
  }
  return rows
}
