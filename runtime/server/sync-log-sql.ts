/**
 * A synced base's change log in an SQL database through db0 (docs/sync.md#the-change-log):
 * PostgreSQL, SQLite (better-sqlite3, node:sqlite, libsql) and Cloudflare D1.
 *
 * Two tables beside the values' (`<table>`, unstorage's db0 layout):
 * - `<table>_sync`: each key's last change, `(base, key)` its key, indexed by `(base, seq)`;
 * - `<table>_sync_heads`: per base, the last `seq` given and the compaction horizon.
 *
 * Landing takes the base's heads row, so changes are numbered in the order they commit and a
 * reader never sees a number before the ones below it. On PostgreSQL that is one statement
 * (data-modifying CTEs); SQLite has one writer at a time, and runs the steps in a transaction
 * (D1 and libsql as a batch).
 */
import type { Database, Primitive } from 'db0'
import type { ChangeLog, Guard, LogRecord } from './change-log.ts'
import { toStoredText } from '../shared/sync-protocol.ts'
import { putValueSql } from '../internals/unstorage.ts'

type Row = Record<string, unknown>
interface Step { sql: string, params: Primitive[] }
interface StepResult { rows: Row[], changes: number }

/** The values' table of an unstorage db0 mount, and its key for a key of the base. */
export interface SqlValues {
  table: string
  keyOf: (key: string) => string
  /** Makes sure the values' table exists (unstorage creates it on first use). */
  ensure: () => Promise<unknown>
}

/**
 * Runs `sql` that makes a table if it is missing. Two processes making one at the same moment:
 * PostgreSQL lets one win and fails the other, which finds it there on a second try.
 */
export const createOnce = (db: Database, sql: string) => db.exec(sql).catch(() => db.exec(sql))

/** A table name the log can put in its SQL as it is (swerve.config's `tableName` is checked by it too). */
export const isSqlName = (name: string) => /^[A-Z_a-z]\w{0,47}$/.test(name)

/**
 * `:name` slots to the dialect's placeholders: `$n` once per name on PostgreSQL, `?` per use on
 * SQLite (which binds exactly the values a statement uses). `::` casts are left alone.
 */
function bind(postgres: boolean, sql: string, values: Record<string, Primitive>): Step {
  const params: Primitive[] = []
  const numbers = new Map<string, number>()
  const text = sql.replace(/(?<![:\w]):([a-z]\w*)/gi, (_, name: string) => {
    if (!(name in values)) throw new Error(`sync log: no value for :${name}`)
    if (!postgres) return params.push(values[name]), '?'
    let number = numbers.get(name)
    if (number === undefined) numbers.set(name, number = params.push(values[name]))
    return `$${number}`
  })
  return { sql: text, params }
}

const toRecord = (row: Row | undefined): LogRecord | undefined => {
  if (!row) return undefined
  const record: LogRecord = { hlc: String(row.hlc), seq: Number(row.seq), at: Number(row.at) }
  if (Number(row.deleted) === 1) record.deleted = true
  else record.value = JSON.parse(String(row.value))
  return record
}

/** Writes in one transaction on SQLite, by what the connector's client offers. */
async function runSqlite(db: Database, steps: Step[]): Promise<StepResult[]> {
  const client = await db.getInstance() as any
  if (db.connector === 'cloudflare-d1') {
    const results = await client.batch(steps.map(step => client.prepare(step.sql).bind(...step.params)))
    return results.map((result: any) => ({ rows: result.results ?? [], changes: result.meta?.changes ?? 0 }))
  }
  if (typeof client.batch === 'function') {
    const results = await client.batch(steps.map(step => ({ sql: step.sql, args: step.params })), 'write')
    return results.map((result: any) => ({ rows: result.rows ?? [], changes: result.rowsAffected ?? 0 }))
  }
  // better-sqlite3 and node:sqlite answer synchronously: nothing else runs between BEGIN and COMMIT.
  client.exec('BEGIN IMMEDIATE')
  try {
    const results = steps.map(step => ({ rows: [], changes: Number(client.prepare(step.sql).run(...step.params).changes) }))
    client.exec('COMMIT')
    return results
  } catch (error) {
    client.exec('ROLLBACK')
    throw error
  }
}

export function sqlLog(db: Database, base: string, values: SqlValues, guard: Guard): ChangeLog {
  const postgres = db.dialect === 'postgresql'
  if (!postgres && db.dialect !== 'sqlite' && db.dialect !== 'libsql') throw new Error(`Synced storage on db0 needs PostgreSQL or SQLite (D1, libsql), not ${db.dialect}.`)
  if (!isSqlName(values.table)) throw new Error(`The db0 table name ${JSON.stringify(values.table)} must be a plain SQL name for sync.`)
  const log = `${values.table}_sync`
  const heads = `${log}_heads`
  const all = (sql: string, slots: Record<string, Primitive>) => {
    const step = bind(postgres, sql, { base, ...slots })
    return guard('sync', () => db.prepare(step.sql).all(...step.params) as Promise<Row[]>)
  }
  /** SQLite's writes, in one transaction. */
  const steps = (list: [string, Record<string, Primitive>][]) =>
    guard('sync', () => runSqlite(db, list.map(([sql, slots]) => bind(false, sql, { base, ...slots }))))
  const get = async (key: string) => toRecord((await all(`SELECT hlc, seq, at, value, deleted FROM ${log} WHERE base = :base AND key = :key`, { key }))[0])

  let ready: Promise<void> | undefined
  const setUp = () => ready ??= (async () => {
    await values.ensure()
    for (const sql of tablesOf(log, heads)) await createOnce(db, sql)
    const step = bind(postgres, `INSERT INTO ${heads} (base, seq, horizon) VALUES (:base, 0, 0) ON CONFLICT (base) DO NOTHING`, { base })
    await db.prepare(step.sql).run(...step.params)
  })().catch((error) => {
    ready = undefined
    throw error
  })

  const slotsOf = (key: string, change: { value?: unknown, deleted?: true, hlc: string }, valueWritten: boolean) => ({
    key,
    hlc: change.hlc,
    at: Date.now(),
    value: change.deleted ? null : JSON.stringify(change.value),
    deleted: change.deleted ? 1 : 0,
    valueKey: values.keyOf(key),
    stored: change.deleted ? null : toStoredText(change.value),
    write: valueWritten ? 0 : 1,
  })

  const { LAND_POSTGRES, LAND_SQLITE } = landStatements(log, heads, values.table)

  return {
    async get(key) {
      await setUp()
      return get(key)
    },
    async land(key, change, valueWritten = false) {
      await setUp()
      const slots = slotsOf(key, change, valueWritten)
      if (postgres) {
        const [row] = await all(LAND_POSTGRES, slots)
        if (row) return { record: toRecord(row)!, landed: true }
      } else {
        const results = await steps(LAND_SQLITE.map(sql => [sql, slots] as [string, Record<string, Primitive>]))
        if (results[1]!.changes > 0) return { record: toRecord({ ...slots, seq: (await get(key))!.seq })!, landed: true }
      }
      return { record: (await get(key))!, landed: false }
    },
    async after(from, limit) {
      await setUp()
      const rows = await all(`SELECT key, hlc, seq, at, value, deleted FROM ${log} WHERE base = :base AND seq > :from ORDER BY seq LIMIT :limit`, { from, limit: limit + 1 })
      const changes = rows.slice(0, limit).map(row => ({ key: String(row.key), record: toRecord(row)! }))
      return { changes, more: rows.length > limit, last: changes.length ? changes.at(-1)!.record.seq : Math.max(from, 0) }
    },
    async compact(before) {
      await setUp()
      const gone = `FROM ${log} WHERE base = :base AND deleted = 1 AND at < :before`
      if (postgres) {
        await all(`WITH gone AS (DELETE ${gone} RETURNING seq) UPDATE ${heads} SET horizon = GREATEST(horizon, (SELECT COALESCE(MAX(seq), 0) FROM gone)) WHERE base = :base RETURNING horizon`, { before })
        return
      }
      await steps([
        [`UPDATE ${heads} SET horizon = MAX(horizon, COALESCE((SELECT MAX(seq) ${gone}), 0)) WHERE base = :base`, { before }],
        [`DELETE ${gone}`, { before }],
      ])
    },
    async horizon() {
      await setUp()
      return Number((await all(`SELECT horizon FROM ${heads} WHERE base = :base`, {}))[0]?.horizon ?? 0)
    },
  }
}

/** The log's table and indexes, and its heads (each base's last number and horizon). */
const tablesOf = (log: string, heads: string) => [
  `CREATE TABLE IF NOT EXISTS ${log} (base TEXT NOT NULL, key TEXT NOT NULL, hlc TEXT NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL, value TEXT, deleted INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (base, key))`,
  `CREATE INDEX IF NOT EXISTS ${log}_seq ON ${log} (base, seq)`,
  `CREATE INDEX IF NOT EXISTS ${log}_tombstones ON ${log} (base, at) WHERE deleted = 1`,
  `CREATE TABLE IF NOT EXISTS ${heads} (base TEXT PRIMARY KEY, seq BIGINT NOT NULL DEFAULT 0, horizon BIGINT NOT NULL DEFAULT 0)`,
]

/** The statements that land a change: the log's number, the record and the value, only past an older record. */
function landStatements(log: string, heads: string, table: string): { LAND_POSTGRES: string, LAND_SQLITE: string[] } {
  /** PostgreSQL: the number, the record and the value in one statement; the record when it landed. */
  const LAND_POSTGRES = `
WITH next AS (
  UPDATE ${heads} SET seq = seq + 1 WHERE base = :base
    AND NOT EXISTS (SELECT 1 FROM ${log} WHERE base = :base AND key = :key AND hlc >= :hlc)
  RETURNING seq
), landed AS (
  INSERT INTO ${log} (base, key, hlc, seq, at, value, deleted)
  SELECT CAST(:base AS TEXT), CAST(:key AS TEXT), CAST(:hlc AS TEXT), seq, CAST(:at AS BIGINT), CAST(:value AS TEXT), CAST(:deleted AS INTEGER) FROM next
  ON CONFLICT (base, key) DO UPDATE SET hlc = excluded.hlc, seq = excluded.seq, at = excluded.at, value = excluded.value, deleted = excluded.deleted
    WHERE ${log}.hlc < excluded.hlc
  RETURNING hlc, seq, at, value, deleted
), put AS (
  ${putValueSql(table, 'SELECT CAST(:valueKey AS TEXT), CAST(:stored AS TEXT), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM landed WHERE landed.deleted = 0 AND CAST(:write AS INTEGER) = 1')}
), removed AS (
  DELETE FROM ${table} WHERE key = :valueKey AND CAST(:write AS INTEGER) = 1 AND EXISTS (SELECT 1 FROM landed WHERE landed.deleted = 1)
)
SELECT hlc, seq, at, value, deleted FROM landed`

  /** SQLite: the same in steps, in one transaction; the 2nd step's count says whether it landed. */
  const newer = `NOT EXISTS (SELECT 1 FROM ${log} WHERE base = :base AND key = :key AND hlc >= :hlc)`
  const landedNow = `EXISTS (SELECT 1 FROM ${log} WHERE base = :base AND key = :key AND hlc = :hlc AND seq = (SELECT seq FROM ${heads} WHERE base = :base))`
  const LAND_SQLITE = [
    `UPDATE ${heads} SET seq = seq + 1 WHERE base = :base AND ${newer}`,
    `INSERT INTO ${log} (base, key, hlc, seq, at, value, deleted) SELECT :base, :key, :hlc, seq, :at, :value, :deleted FROM ${heads} WHERE base = :base AND ${newer}
      ON CONFLICT (base, key) DO UPDATE SET hlc = excluded.hlc, seq = excluded.seq, at = excluded.at, value = excluded.value, deleted = excluded.deleted`,
    putValueSql(table, `SELECT :valueKey, :stored, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP WHERE :deleted = 0 AND :write = 1 AND ${landedNow}`),
    `DELETE FROM ${table} WHERE key = :valueKey AND :deleted = 1 AND :write = 1 AND ${landedNow}`,
  ]
  return { LAND_POSTGRES, LAND_SQLITE }
}
