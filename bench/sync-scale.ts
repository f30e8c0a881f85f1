/**
 * Sync at scale (docs/sync.md#the-change-log): the sync route on a real Redis and a real
 * PostgreSQL with 1,000, 100,000 and 1,000,000 records in the base, each seeded straight into
 * the backend in the log's own layout. For each: a pull with nothing new, a pull after one
 * change, and a push of 1,000 changes, each the median of several, through the server's
 * `fetch` (no network). Targets: each at 1M within 1.5× of its cost at 1,000.
 */
import postgresqlConnector from '../runtime/internals/db0.ts'
import type { Driver } from 'unstorage'
import redisDriver from 'unstorage/drivers/redis'
import { createServer } from '../runtime/server/app.ts'
import { sqlStorage } from '../runtime/server/sql-storage.ts'
import { createClock, type SyncResponse } from '../runtime/shared/sync-protocol.ts'
import { startPostgres } from '../test/postgres.ts'
import { startRedis } from '../test/redis.ts'
import { summarize } from './stats.ts'

export type SyncBackend = 'Redis' | 'PostgreSQL'

export interface SyncScaleRow {
  backend: SyncBackend
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

/** A backend holding `records` notes, seeded in the log's layout; `driver` reaches it. */
interface Seeded { driver: () => Driver, stop: () => Promise<void> }

async function seedRedis(records: number): Promise<Seeded> {
  const redis = await startRedis()
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
  return { driver: () => redisDriver({ url: redis.url }), stop: () => redis.stop() }
}

async function seedPostgres(records: number): Promise<Seeded> {
  const postgres = await startPostgres()
  const url = await postgres.database()
  const driver = () => sqlStorage(postgresqlConnector, { url })
  // A first sync makes the tables (runtime/server/sync-log-sql.ts); the rows go in as PostgreSQL makes them.
  const server = createServer({ plugins: [], middleware: [], routes: [], config, storage: { driver: driver(), synced: ['notes'] } })
  await server.fetch(syncRequest(null))
  await server.close()
  const text = `'{"text":"note ' || i || ' ' || repeat('.', 94 - length(i::text)) || '"}'`
  const stamp = `lpad((${Date.now()} + i / 1000)::text, 13, '0') || '-' || lpad((i % 1000)::text, 4, '0') || '-seed'`
  await postgres.query(url, `INSERT INTO unstorage (key, value) SELECT 'notes:n' || i, ${text} FROM generate_series(0, ${records - 1}) AS i`)
  await postgres.query(url, `INSERT INTO unstorage_sync (base, key, hlc, seq, at, value, deleted) SELECT 'notes', 'n' || i, ${stamp}, i + 1, ${Date.now()}, ${text}, 0 FROM generate_series(0, ${records - 1}) AS i`)
  await postgres.query(url, `UPDATE unstorage_sync_heads SET seq = ${records} WHERE base = 'notes'`)
  await postgres.query(url, 'VACUUM ANALYZE')
  return { driver, stop: () => postgres.stop() }
}

const SEED: Record<SyncBackend, (records: number) => Promise<Seeded>> = { Redis: seedRedis, PostgreSQL: seedPostgres }

const syncRequest = (cursor: string | null, changes: unknown[] = []) =>
  new Request('http://localhost/_swerve/sync/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: 1, cursor, changes }) })

export async function benchSyncScale(log: (line: string) => void): Promise<SyncScaleRow[]> {
  const rows: SyncScaleRow[] = []
  for (const backend of (process.env.BENCH_SYNC_BACKENDS?.split(',') ?? Object.keys(SEED)) as SyncBackend[]) {
    for (const records of SIZES) {
      log(`Sync at scale: seeding ${records.toLocaleString('en')} records into ${backend}…`)
      const seeded = await SEED[backend](records)
      try {
        rows.push({ backend, records, ...await measureRoute(seeded.driver(), records) })
        const row = rows.at(-1)!
        log(`  ${backend}, ${records.toLocaleString('en')}: pull, nothing new ${row.pullIdleMs.toFixed(2)} ms · pull after one change ${row.pullOneMs.toFixed(2)} ms · push of 1,000 ${row.push1000Ms.toFixed(1)} ms`)
      } finally {
        await seeded.stop()
      }
    }
  }
  return rows
}

/** The three costs, through a server on `driver` over a base of `records` notes. */
async function measureRoute(driver: Driver, records: number): Promise<Omit<SyncScaleRow, 'backend' | 'records'>> {
  const server = createServer({ plugins: [], middleware: [], routes: [], config, storage: { driver, synced: ['notes'] } })
  try {
    const post = async (cursor: string | null, changes: unknown[] = []) => {
      const response = await server.fetch(syncRequest(cursor, changes))
      if (!response.ok) throw new Error(`sync answered ${response.status}: ${await response.text()}`)
      return await response.json() as SyncResponse
    }
    const device = createClock('bench')
    const head = String(records)
    // Pulls take about a millisecond: warmed up, then the median of many, so one slow moment of the machine does not decide.
    await measure(() => post(head), 20)
    const pullIdleMs = await measure(() => post(head), 50)
    // Another device changes one key; this one pulls (only the pull is timed).
    let cursor = head
    const pulls: number[] = []
    for (let i = 0; i < 3 * REPEATS; i++) {
      await post(null, [{ key: `n${Math.floor(Math.random() * records)}`, value: { text: 'changed' }, hlc: device.tick() }])
      const start = performance.now()
      cursor = (await post(cursor)).cursor
      pulls.push(performance.now() - start)
    }
    const pullOneMs = summarize(pulls).p50
    let round = 0
    const push1000Ms = await measure(() => post(cursor, Array.from({ length: 1000 }, (_, i) => ({ key: `p${round}-${i}`, value: { text: `pushed ${i}` }, hlc: device.tick() }))).then(() => round++), 5)
    return { pullIdleMs, pullOneMs, push1000Ms }
  } finally {
    await server.close()
  }
}
