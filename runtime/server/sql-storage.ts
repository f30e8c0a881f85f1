/**
 * A storage base on an SQL database (`driver: 'db0'` in swerve.config, docs/sync.md#backends):
 * the db0 connector the config names, with its options, under unstorage's db0 driver. The
 * connection closes with the server.
 */
import { createDatabase, type Connector } from 'db0'
import type { Driver } from 'unstorage'
import db0Driver from 'unstorage/drivers/db0'
import { valuesTableSql } from '../internals/unstorage.ts'
import { createOnce } from './sync-log-sql.ts'

export function sqlStorage(connector: (options: any) => Connector, { tableName = 'unstorage', ...options }: Record<string, unknown> = {}): Driver {
  const database = createDatabase(connector(options))
  const driver = db0Driver({ database, tableName: tableName as string })
  // The table first, made here: unstorage's driver would keep a failed attempt for good.
  const ddl = valuesTableSql(database.dialect, tableName as string)
  let table: Promise<unknown> | undefined
  const ready = () => table ??= ddl ? createOnce(database, ddl).catch((error) => { table = undefined; throw error }) : Promise.resolve()
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
