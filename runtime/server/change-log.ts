/** What a synced base's change log is, whatever keeps it (sync-log.ts, sync-log-sql.ts; docs/sync.md#the-change-log). */

export interface LogRecord {
  /** The change's clock stamp: who wins. */
  hlc: string
  /** Its place in the log: what cursors count. 0 for a record older than the log. */
  seq: number
  /** When it landed here (ms): tombstones are compacted by it. */
  at: number
  value?: unknown
  deleted?: true
}

export interface LoggedChange {
  key: string
  record: LogRecord
}

export type Change = { value?: unknown, deleted?: true, hlc: string }

export interface ChangeLog {
  get: (key: string) => Promise<LogRecord | undefined>
  /**
   * Lands `change` unless the key's record is as new or newer (a compare-and-set):
   * the record that stands, and whether it is this change's. `valueWritten`: the origin's
   * own write put the value already.
   */
  land: (key: string, change: Change, valueWritten?: boolean) => Promise<{ record: LogRecord, landed: boolean }>
  /** The log after `seq` (-1: from the start), in order: at most `limit` records, and whether more follow. */
  after: (seq: number, limit: number) => Promise<{ changes: LoggedChange[], more: boolean, last: number }>
  /** Removes tombstones that landed before `before` (ms); a cursor below the horizon must resync. */
  compact: (before: number) => Promise<void>
  horizon: () => Promise<number>
}

/** Runs a storage operation with the server's deadline, failing as the answer it means. */
export type Guard = <T>(operation: string, run: () => Promise<T>) => Promise<T>
