/**
 * unstorage's drivers where the sync log works beside them (docs/sync.md#the-change-log): the
 * db0 driver's table (its name, columns and how it makes it) and options, and the redis
 * driver's client (`getInstance()`) and key layout (`<base>:<key>`), none of which unstorage
 * documents: written for the version in runtime/internals/versions.ts; test/internals.test.ts
 * fails when the installed one differs.
 */
import type { Database } from 'db0'
import type { Driver } from 'unstorage'

/** The db0 driver's table, as it makes it on first use, by dialect. */
const VALUES_TABLE: Record<string, (table: string) => string> = {
  sqlite: table => `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT, blob BLOB, created_at TEXT DEFAULT CURRENT_TIMESTAMP, updated_at TEXT DEFAULT CURRENT_TIMESTAMP)`,
  postgresql: table => `CREATE TABLE IF NOT EXISTS ${table} (key VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT, blob BYTEA, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)`,
}
VALUES_TABLE.libsql = VALUES_TABLE.sqlite!

/** The statement that makes the db0 driver's table on `dialect`, if swerve knows it there. */
export const valuesTableSql = (dialect: string, table: string): string | undefined => VALUES_TABLE[dialect]?.(table)

/**
 * A value written to the db0 driver's table as the driver writes it: `select` gives the row's
 * key, value, created_at and updated_at, in that order; a key already there keeps its created_at.
 */
export const putValueSql = (table: string, select: string) => `INSERT INTO ${table} (key, value, created_at, updated_at) ${select}
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = CURRENT_TIMESTAMP`

/** The database and table of a db0 driver, or undefined for another driver. */
export function db0TableOf(driver: Driver): { database: Database, table: string } | undefined {
  if (driver.name !== 'db0') return undefined
  const options = driver.options as { database: Database, tableName: string }
  return { database: options.database, table: options.tableName }
}

/**
 * The client of a redis driver and the Redis key it keeps a mount key under (the driver's
 * `base`, then the key), or undefined for another driver.
 */
export function redisOf<Client>(driver: Driver): { client: Client, redisKey: (key: string) => string } | undefined {
  const client = driver.name === 'redis' ? (driver as Driver & { getInstance?: () => Client }).getInstance?.() : undefined
  if (!client) return undefined
  const driverBase = String((driver.options as { base?: string } | undefined)?.base ?? '').replace(/:$/, '')
  return { client, redisKey: key => [driverBase, key].filter(Boolean).join(':') }
}
