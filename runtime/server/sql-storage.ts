/**
 * A storage base on an SQL database (`driver: 'db0'` in swerve.config, docs/sync.md#backends):
 * the db0 connector the config names, with its options, under unstorage's db0 driver. The
 * connection closes with the server.
 */
import { createDatabase, type Connector } from 'db0'
import type { Driver } from 'unstorage'
import db0Driver from 'unstorage/drivers/db0'
import { createOnce } from './sync-log-sql.ts'

/** unstorage's table, as its db0 driver makes it on first use. */
const VALUES_TABLE: Record<string, (table: string) => string> = {
  sqlite: table => `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, value TEXT, blob BLOB, created_at TEXT DEFAULT CURRENT_TIMESTAMP, updated_at TEXT DEFAULT CURRENT_TIMESTAMP)`,
  postgresql: table => `CREATE TABLE IF NOT EXISTS ${table} (key VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT, blob BYTEA, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)`,
}
VALUES_TABLE.libsql = VALUES_TABLE.sqlite!

export function sqlStorage(connector: (options: any) => Connector, { tableName = 'unstorage', ...options }: Record<string, unknown> = {}): Driver {
  const database = createDatabase(connector(options))
  const driver = db0Driver({ database, tableName: tableName as string })
  // The table first, made here: unstorage's driver would keep a failed attempt for good.
  const ddl = VALUES_TABLE[database.dialect]
  let table: Promise<unknown> | undefined
  const ready = () => table ??= ddl ? createOnce(database, ddl(tableName as string)).catch((error) => { table = undefined; throw error }) : Promise.resolve()
  const wrapped: Record<string, unknown> = { ...driver, dispose: () => database.dispose() }
  for (const [name, method] of Object.entries(driver)) {
    if (typeof method !== 'function' || name === 'getInstance') continue
    wrapped[name] = async (...args: unknown[]) => {
      await ready()
      return (method as (...args: unknown[]) => unknown)(...args)
    }
  }
  return wrapped as unknown as Driver
}
