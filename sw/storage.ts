/**
 * The worker's storage: IndexedDB (database `swerve-storage`, store `kv`, laid out
 * as unstorage's `indexedb` driver lays it out), with what exactly-once writes
 * need (docs/security.md#writes-that-happen-once):
 *
 * - `transaction(run)` stages every write made while `run` runs and commits them
 *   in one IndexedDB transaction, together with `extra` records, or not at all;
 *   reads inside see the staged writes;
 * - records under `RESERVED` (idempotency records) live in the same store, so
 *   they commit with the writes they answer for, and the app never lists them.
 */
import { createStore, del, entries, get, keys, promisifyRequest, set, type UseStore } from 'idb-keyval'
import { defineDriver, type Driver } from 'unstorage'

/** Keys the app cannot write (`#` is not allowed in app keys) nor list. */
export const RESERVED = '#swerve:'

const DELETED = Symbol('deleted')
type Staged = Map<string, string | typeof DELETED>

export interface WorkerStorage {
  driver: Driver
  /** Runs `run` with writes staged, then commits them with `extra` (key → value) in one transaction. */
  transaction: <T>(run: () => Promise<T>, extra: (result: T) => Record<string, string>) => Promise<T>
  getRecord: (key: string) => Promise<string | undefined>
  /** Deletes reserved records `expired` says are old. */
  prune: (expired: (value: string) => boolean) => Promise<void>
}

export function createWorkerStorage(dbName = 'swerve-storage', storeName = 'kv'): WorkerStorage {
  const store: UseStore = createStore(dbName, storeName)
  let staged: Staged | undefined

  const driver = defineDriver(() => ({
    name: 'swerve-indexeddb',
    async hasItem(key) {
      const value = staged?.get(key)
      if (value !== undefined) return value !== DELETED
      return await get(key, store) !== undefined
    },
    async getItem(key) {
      const value = staged?.get(key)
      if (value !== undefined) return value === DELETED ? null : value
      return (await get(key, store)) ?? null
    },
    async setItem(key, value) {
      if (staged) staged.set(key, value)
      else await set(key, value, store)
    },
    async removeItem(key) {
      if (staged) staged.set(key, DELETED)
      else await del(key, store)
    },
    async getKeys() {
      const all = new Set((await keys(store)).map(String).filter(key => !key.startsWith(RESERVED)))
      for (const [key, value] of staged ?? []) {
        if (value === DELETED) all.delete(key)
        else all.add(key)
      }
      return [...all]
    },
    async clear() {
      for (const key of (await keys(store)).map(String).filter(key => !key.startsWith(RESERVED))) {
        if (staged) staged.set(key, DELETED)
        else await del(key, store)
      }
    },
  }))({})

  async function transaction<T>(run: () => Promise<T>, extra: (result: T) => Record<string, string>): Promise<T> {
    if (staged) throw new Error('[swerve] storage transactions do not nest')
    const writes: Staged = staged = new Map()
    let result: T
    try {
      result = await run()
    } finally {
      staged = undefined
    }
    for (const [key, value] of Object.entries(extra(result))) writes.set(key, value)
    await store('readwrite', (objects) => {
      for (const [key, value] of writes) {
        if (value === DELETED) objects.delete(key)
        else objects.put(value, key)
      }
      return promisifyRequest(objects.transaction)
    })
    return result
  }

  return {
    driver,
    transaction,
    getRecord: key => get(key, store),
    async prune(expired) {
      const old = (await entries<string, string>(store)).filter(([key, value]) => String(key).startsWith(RESERVED) && expired(value))
      await Promise.all(old.map(([key]) => del(key, store)))
    },
  }
}
