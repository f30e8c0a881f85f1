/**
 * The worker's storage: IndexedDB (database `swerve-storage`, store `kv`, laid out
 * as unstorage's `indexedb` driver lays it out), with what exactly-once writes
 * and sync need (docs/security.md#writes-that-happen-once, docs/sync.md):
 *
 * - `transaction(run)` stages every write made while `run` runs and commits them
 *   in one IndexedDB transaction, together with `extra` records, or not at all;
 *   reads inside see the staged writes;
 * - a write to a synced base records the change in the outbox
 *   (`#swerve:outbox:<key>`, the last change per key, with its clock stamp) in
 *   the same transaction as the value: a write that answered has its change;
 * - records under `RESERVED` (idempotency records, the outbox, sync's cursors
 *   and clock) live in the same store, so they commit with the writes they
 *   answer for, and the app never lists them.
 */
import { createStore, del, entries, get, keys, promisifyRequest, set, type UseStore } from 'idb-keyval'
import { defineDriver, type Driver } from 'unstorage'
import { createClock, randomNode, syncedBaseOf, type Clock } from '../runtime/shared/sync-protocol.ts'

/** Keys the app cannot write (`#` is not allowed in app keys) nor list. */
export const RESERVED = '#swerve:'
const OUTBOX = `${RESERVED}outbox:`
const CLOCK = `${RESERVED}sync:clock`
const NODE = `${RESERVED}sync:node`

const DELETED = Symbol('deleted')
type Staged = Map<string, string | typeof DELETED>

/** A change waiting in the outbox: `key` is the whole key (`notes:welcome`), `value` the stored text. */
export interface PendingChange {
  key: string
  hlc: string
  value?: string
  deleted?: true
}

/** A change from the origin, as the worker keeps it: whole key, stored text. */
export type RemoteChange = PendingChange

export interface WorkerStorage {
  driver: Driver
  /**
   * Starts reading `names` now, for a render likely to read them soon (what the last render of
   * its URL read); `KEYS_READ` stands for the list of keys. Any write of this worker drops them.
   */
  readAhead: (names: string[]) => void
  /** Notes the names the driver reads, with the values read, until `stop()` (every request's, not only one's). */
  record: () => Recording
  /** Runs `run` with writes staged, then commits them with `extra` (key → value) in one transaction. */
  transaction: <T>(run: () => Promise<T>, extra: (result: T) => Record<string, string>) => Promise<T>
  getRecord: (key: string) => Promise<string | undefined>
  /** Deletes the records under `prefix` that `expired` says are old. */
  prune: (prefix: string, expired: (value: string) => boolean) => Promise<void>
  /** This device's clock for sync stamps. */
  clock: () => Promise<Clock>
  /** Changes waiting for the origin under a base, oldest key first, at most `limit`. */
  outbox: (base: string, limit: number) => Promise<PendingChange[]>
  pending: (base: string) => Promise<number>
  /** Drops the outbox entries the origin took (unless the key changed again since). */
  acknowledge: (changes: PendingChange[]) => Promise<void>
  /**
   * Applies the origin's changes and keeps `records` (the cursor), in one transaction.
   * A key with a newer change still waiting keeps it; a value already as it is is not written.
   */
  applyRemote: (changes: RemoteChange[], records: Record<string, string>) => Promise<void>
  /**
   * A resync's end: the base keeps only `keys` (the origin's) and keys with a change still
   * waiting; `records` are kept and `drop` deleted in the same transaction.
   */
  replaceAll: (base: string, keys: Set<string>, records: Record<string, string>, drop: string[]) => Promise<void>
}

export interface WorkerStorageOptions {
  /** Synced bases: their writes go to the outbox. */
  synced?: string[]
  /** Called after a write to a synced base commits. */
  onChange?: (base: string) => void
}

/** Two values read for one name: the store's text, or a list of keys. */
const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b)

const rangeOf = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`)

/**
 * What the driver read while recording: each name with the first value read (a render's
 * inputs, sw/render-cache.ts). `tainted` says why the values may not be what the reader
 * saw: a write committed meanwhile, a read of a transaction's staged writes, or a name
 * read twice with two values.
 */
export interface Recording {
  names: Set<string>
  values: Map<string, unknown>
  tainted?: string
  stop: () => void
}

/** `readAhead`'s and `record`'s name for the list of keys (`#` is no app key's). */
export const KEYS_READ = `${RESERVED}keys`

/** The device's clock, loaded once: its node id, made on first use, and the last stamp it saw. */
function clockOf(store: UseStore): () => Promise<Clock> {
  let clock: Promise<Clock> | undefined
  return () => clock ??= (async () => {
    let node = await get<string>(NODE, store)
    if (!node) await set(NODE, node = randomNode(), store)
    const loaded = createClock(node)
    const last = await get<string>(CLOCK, store)
    if (last) loaded.observe(last)
    return loaded
  })()
}

/** Writes (and deletes) records in one IndexedDB transaction. */
function putRecords(store: UseStore, records: Iterable<[string, string | typeof DELETED]>): Promise<void> {
  return store('readwrite', (objects) => {
    for (const [key, value] of records) {
      if (value === DELETED) objects.delete(key)
      else objects.put(value, key)
    }
    return promisifyRequest(objects.transaction)
  })
}

interface DriverParts {
  /** The writes of the transaction under way, if any. */
  staged: () => Staged | undefined
  read: <T>(name: string, start: () => Promise<T>) => Promise<T>
  /** A read answered from staged writes: what recordings note is not what the store holds. */
  taint: (why: string) => void
  write: (key: string, value: string | typeof DELETED) => Promise<void>
}

/** unstorage's driver over the store: reads see a transaction's staged writes; reserved records stay hidden. */
function driverOf(store: UseStore, { staged, read, taint, write }: DriverParts) {
  const stagedNow = () => {
    const writes = staged()
    if (writes) taint('a read during a transaction')
    return writes
  }
  return defineDriver(() => ({
    name: 'swerve-indexeddb',
    async hasItem(key) {
      const value = stagedNow()?.get(key)
      if (value !== undefined) return value !== DELETED
      return await read(key, () => get(key, store)) !== undefined
    },
    async getItem(key) {
      const value = stagedNow()?.get(key)
      if (value !== undefined) return value === DELETED ? null : value
      return (await read(key, () => get(key, store))) ?? null
    },
    setItem: (key, value) => write(key, value),
    removeItem: key => write(key, DELETED),
    async getKeys() {
      const all = new Set((await read(KEYS_READ, () => keys(store))).map(String).filter(key => !key.startsWith(RESERVED)))
      for (const [key, value] of stagedNow() ?? []) {
        if (key.startsWith(RESERVED)) continue
        if (value === DELETED) all.delete(key)
        else all.add(key)
      }
      return [...all]
    },
    async clear() {
      for (const key of (await keys(store)).map(String).filter(key => !key.startsWith(RESERVED))) await write(key, DELETED)
    },
  }))({})
}

/** What sync reads and writes besides the app's records: the outbox, and changes from the origin. */
function syncRecords(store: UseStore, beforeRemoteWrite: () => void): Pick<WorkerStorage, 'outbox' | 'pending' | 'acknowledge' | 'applyRemote' | 'replaceAll'> {
  async function outbox(base: string, limit: number): Promise<PendingChange[]> {
    const range = rangeOf(`${OUTBOX}${base}:`)
    return store('readonly', async (objects) => {
      const [names, values] = await Promise.all([promisifyRequest(objects.getAllKeys(range, limit)), promisifyRequest(objects.getAll(range, limit))])
      return names.map((name, i) => ({ key: String(name).slice(OUTBOX.length), ...JSON.parse(values[i] as string) }))
    })
  }

  return {
    outbox,
    pending: base => store('readonly', objects => promisifyRequest(objects.count(rangeOf(`${OUTBOX}${base}:`)))),
    acknowledge: changes => store('readwrite', async (objects) => {
      const current = await Promise.all(changes.map(change => promisifyRequest(objects.get(OUTBOX + change.key))))
      changes.forEach((change, i) => {
        const entry = current[i] as string | undefined
        if (entry && (JSON.parse(entry) as PendingChange).hlc === change.hlc) objects.delete(OUTBOX + change.key)
      })
      await promisifyRequest(objects.transaction)
    }),
    applyRemote(changes, records) {
      beforeRemoteWrite()
      return store('readwrite', async (objects) => {
        const [waiting, values] = await Promise.all([
          Promise.all(changes.map(change => promisifyRequest(objects.get(OUTBOX + change.key)))),
          Promise.all(changes.map(change => promisifyRequest(objects.get(change.key)))),
        ])
        changes.forEach((change, i) => {
          const local = waiting[i] ? JSON.parse(waiting[i] as string) as PendingChange : undefined
          // This device changed the key later: its change stands, and goes out with the next push.
          if (local && local.hlc > change.hlc) return
          if (local) objects.delete(OUTBOX + change.key)
          const value = change.deleted ? undefined : change.value
          if (values[i] === value) return
          if (value === undefined) objects.delete(change.key)
          else objects.put(value, change.key)
        })
        for (const [key, value] of Object.entries(records)) objects.put(value, key)
        await promisifyRequest(objects.transaction)
      })
    },
    replaceAll(base, keys, records, drop) {
      beforeRemoteWrite()
      return store('readwrite', async (objects) => {
        const [local, waiting] = await Promise.all([
          promisifyRequest(objects.getAllKeys(rangeOf(`${base}:`))),
          promisifyRequest(objects.getAllKeys(rangeOf(`${OUTBOX}${base}:`))),
        ])
        const pending = new Set(waiting.map(key => String(key).slice(OUTBOX.length)))
        for (const key of local.map(String)) {
          if (!keys.has(key.slice(base.length + 1)) && !pending.has(key)) objects.delete(key)
        }
        for (const [key, value] of Object.entries(records)) objects.put(value, key)
        for (const key of drop) objects.delete(key)
        await promisifyRequest(objects.transaction)
      })
    },
  }
}

/** Reads through the driver: noted for `record`, and taken from `readAhead` when it started one. */
function createReads(store: UseStore) {
  /** Reads started by `readAhead`, until the driver takes them or this worker writes. */
  let ahead = new Map<string, Promise<unknown>>()
  const recordings = new Set<Recording>()
  const taint = (why: string) => {
    for (const recording of recordings) recording.tainted ??= why
  }
  /** The value read for `name`, noted by the recordings that were on when the read began. */
  function note<T>(name: string, reading: Promise<T>): Promise<T> {
    if (!recordings.size) return reading
    const on = [...recordings]
    for (const recording of on) recording.names.add(name)
    return reading.then((value) => {
      for (const recording of on) {
        if (!recording.values.has(name)) recording.values.set(name, value)
        else if (!sameValue(recording.values.get(name), value)) recording.tainted ??= `${name} read twice with two values`
      }
      return value
    })
  }
  return {
    taint,
    read<T>(name: string, start: () => Promise<T>): Promise<T> {
      const early = ahead.get(name) as Promise<T> | undefined
      if (!early) return note(name, start())
      ahead.delete(name)
      return note(name, early)
    },
    readAhead(names: string[]): void {
      ahead = new Map(names.map(name => [name, name === KEYS_READ ? keys(store) : get(name, store)]))
      // A read nobody takes is no failure.
      for (const early of ahead.values()) early.catch(() => {})
    },
    record(): Recording {
      const recording: Recording = { names: new Set(), values: new Map(), stop: () => recordings.delete(recording) }
      recordings.add(recording)
      return recording
    },
    /** A write makes reads started ahead stale, and what recordings hold may be older than the store. */
    forget: (): void => {
      ahead.clear()
      taint('a write while recording')
    },
  }
}

export function createWorkerStorage(options: WorkerStorageOptions = {}, dbName = 'swerve-storage', storeName = 'kv'): WorkerStorage {
  const store: UseStore = createStore(dbName, storeName)
  const synced = options.synced ?? []
  let staged: Staged | undefined
  /** Synced bases written while staged: told once the transaction commits. */
  let touched: Set<string> | undefined
  const loadClock = clockOf(store)
  const reads = createReads(store)
  const { read, taint } = reads

  /** The records a write is: the value, and for a key of a synced base its outbox entry and the clock. */
  async function recordsOf(key: string, value: string | typeof DELETED, base: string | undefined): Promise<[string, string | typeof DELETED][]> {
    if (!base) return [[key, value]]
    const hlc = (await loadClock()).tick()
    const change: Omit<PendingChange, 'key'> = value === DELETED ? { hlc, deleted: true } : { hlc, value }
    return [[key, value], [OUTBOX + key, JSON.stringify(change)], [CLOCK, hlc]]
  }

  function commit(records: Iterable<[string, string | typeof DELETED]>): Promise<void> {
    reads.forget()
    return putRecords(store, records)
  }

  async function write(key: string, value: string | typeof DELETED): Promise<void> {
    const base = syncedBaseOf(synced, key)
    const records = await recordsOf(key, value, base)
    if (staged) {
      for (const [name, record] of records) staged.set(name, record)
      if (base) touched?.add(base)
      return
    }
    await commit(records)
    if (base) options.onChange?.(base)
  }

  const driver = driverOf(store, { staged: () => staged, read, taint, write })

  async function transaction<T>(run: () => Promise<T>, extra: (result: T) => Record<string, string>): Promise<T> {
    if (staged) throw new Error('[swerve] storage transactions do not nest')
    const writes: Staged = staged = new Map()
    const bases = touched = new Set()
    let result: T
    try {
      result = await run()
    } finally {
      staged = undefined
      touched = undefined
    }
    for (const [key, value] of Object.entries(extra(result))) writes.set(key, value)
    await commit(writes)
    for (const base of bases) options.onChange?.(base)
    return result
  }

  return {
    driver,
    readAhead: reads.readAhead,
    record: reads.record,
    transaction,
    getRecord: key => get(key, store),
    async prune(prefix, expired) {
      const old = (await entries<string, string>(store)).filter(([key, value]) => String(key).startsWith(prefix) && expired(value))
      await Promise.all(old.map(([key]) => del(key, store)))
    },
    clock: loadClock,
    // A read started ahead would miss the changes a sync applies.
    ...syncRecords(store, reads.forget),
  }
}
