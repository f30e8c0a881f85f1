/**
 * The origin's side of sync (docs/sync.md): `POST <base>_swerve/sync/<storage base>`.
 *
 * Each key of a synced base has, beside its value, a record of its last change
 * at `<storage base>:#sync:<key>`: the change's clock stamp (`hlc`, who wins),
 * the origin's stamp of when it landed here (`stamp`, what cursors count), and
 * the value or a tombstone. Everything lives in the store itself, on the same
 * mount as the values, so any number of Node processes on one Redis answer
 * alike. A pull lists the records newer than the cursor; a `#head` record
 * holds the newest stamp, so a pull with nothing new reads one key.
 */
import { HTTPError, type H3Event } from 'h3'
import type { Storage } from 'unstorage'
import { createClock, hlcFloor, hlcTime, isHlc, randomNode, syncedBaseOf, SYNC_VERSION, type SyncChange, type SyncRequest, type SyncResponse } from '../shared/sync-protocol.ts'
import type { ServerHookable } from './hooks.ts'
import { isStorageKey, normalizeKey } from './keys.ts'

/** Where a synced base keeps its change records: `<base>:#sync:<key>`. */
const RECORDS = '#sync'
const HEAD = '#head'
/**
 * A pull reads back this far before its cursor: a write that got its stamp before
 * the last pull started but landed after it (another process, a slow store, clock
 * skew between processes) is still seen. Seeing a record twice changes nothing.
 */
const OVERLAP_MS = 10_000
/** A device's clock may run this far ahead; a stamp further ahead is replaced by the origin's own. */
const MAX_SKEW_MS = 60_000
const MAX_CHANGES = 1000

interface ChangeRecord {
  hlc: string
  stamp: string
  value?: unknown
  deleted?: true
}

export interface SyncStore {
  /** Records a write made at the origin (a server route's `setItem`) for the devices. */
  written: (fullKey: string, value: unknown) => Promise<void>
  /** The sync route's answer to a push-and-pull. */
  handle: (event: H3Event, name: string, body: unknown, hooks: ServerHookable) => Promise<SyncResponse>
}

const badRequest = (message: string) => new HTTPError({ status: 400, statusText: 'Bad Request', message: `Malformed sync request: ${message}` })
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value)
const nodeOf = (hlc: string) => hlc.slice(hlc.lastIndexOf('-') + 1)
const toChange = (key: string, record: ChangeRecord): SyncChange =>
  record.deleted ? { key, deleted: true, hlc: record.hlc } : { key, value: record.value, hlc: record.hlc }

/** The body as a push, or a 400 that says what is wrong with it. */
export function parseSyncRequest(body: unknown): SyncRequest {
  if (!isObject(body)) throw badRequest('the body must be a JSON object { v, cursor, changes }.')
  if (body.v !== SYNC_VERSION) throw badRequest(`unsupported version ${JSON.stringify(body.v)}: this server speaks v: ${SYNC_VERSION}.`)
  if (body.cursor !== null && !isHlc(body.cursor)) throw badRequest('cursor must be null or the cursor of an earlier answer.')
  if (!Array.isArray(body.changes)) throw badRequest('changes must be an array.')
  if (body.changes.length > MAX_CHANGES) throw badRequest(`at most ${MAX_CHANGES} changes a request, not ${body.changes.length}.`)
  const changes = body.changes.map((change: unknown, index): SyncChange => {
    const at = `changes[${index}]`
    if (!isObject(change)) throw badRequest(`${at} must be an object { key, value | deleted: true, hlc }.`)
    if (typeof change.key !== 'string' || !isStorageKey(change.key)) throw badRequest(`${at}.key ${JSON.stringify(change.key)} is not a storage key.`)
    if (!isHlc(change.hlc)) throw badRequest(`${at}.hlc must be a clock stamp (<ms>-<counter>-<node>).`)
    if (change.deleted === true) {
      if ('value' in change) throw badRequest(`${at} has both a value and deleted: true.`)
      return { key: normalizeKey(change.key), deleted: true, hlc: change.hlc }
    }
    if (change.deleted !== undefined) throw badRequest(`${at}.deleted must be true or absent.`)
    if (change.value === undefined || change.value === null) throw badRequest(`${at} needs a value (or deleted: true).`)
    return { key: normalizeKey(change.key), value: change.value, hlc: change.hlc }
  })
  return { v: SYNC_VERSION, cursor: body.cursor, changes }
}

/** The first value a hook returns, running hooks in order until one does. */
async function firstAnswer(hooks: ((...args: any[]) => unknown)[], args: unknown[]): Promise<unknown> {
  for (const hook of hooks) {
    const answer = await hook(...args)
    if (answer !== undefined) return answer
  }
  return undefined
}

export function createSyncStore(root: Storage, bases: string[], guard: <T>(operation: string, run: () => Promise<T>) => Promise<T>): SyncStore {
  const names = new Set(bases)
  const clock = createClock(`o${randomNode()}`)
  /** One change per key at a time in this process. */
  const queues = new Map<string, Promise<unknown>>()
  function serial<T>(key: string, run: () => Promise<T>): Promise<T> {
    const next = (queues.get(key) ?? Promise.resolve()).then(run, run)
    const settled = next.catch(() => {})
    queues.set(key, settled)
    void settled.then(() => { if (queues.get(key) === settled) queues.delete(key) })
    return next
  }

  const recordKey = (base: string, key: string) => `${base}:${RECORDS}:${key}`

  const writeHead = (base: string, stamp: string) => guard('sync', () => root.setItem(`${base}:${HEAD}`, stamp))

  /**
   * Writes a change and its record. `valueWritten`: the origin's own write wrote the value
   * already; `head: false`: the caller writes the head once for many changes.
   */
  async function land(base: string, key: string, change: { value?: unknown, deleted?: true, hlc: string }, options: { valueWritten?: boolean, head?: boolean } = {}): Promise<ChangeRecord> {
    const record: ChangeRecord = change.deleted ? { hlc: change.hlc, stamp: clock.tick(), deleted: true } : { hlc: change.hlc, stamp: clock.tick(), value: change.value }
    await guard('sync', async () => {
      if (!options.valueWritten) {
        if (change.deleted) await root.removeItem(`${base}:${key}`)
        else await root.setItem(`${base}:${key}`, change.value as never)
      }
      await root.setItem(recordKey(base, key), record as never)
    })
    if (options.head !== false) await writeHead(base, record.stamp)
    return record
  }

  async function pull(base: string, since: string | null, prefix: string, skip: Map<string, string>): Promise<SyncChange[]> {
    const floor = since ? hlcFloor(hlcTime(since) - OVERLAP_MS) : ''
    if (since) {
      const head = await guard('sync', () => root.getItem<string>(`${base}:${HEAD}`))
      if (typeof head !== 'string' || head < floor) return []
    }
    const listed = `${base}:${RECORDS}:${prefix.slice(0, prefix.lastIndexOf(':') + 1)}`
    const keys = (await guard('sync', () => root.getKeys(listed))).filter(key => key.startsWith(`${base}:${RECORDS}:${prefix}`))
    const items = keys.length ? await guard('sync', () => root.getItems(keys)) : []
    const changes: SyncChange[] = []
    for (const { key: full, value } of items) {
      const record = value as ChangeRecord | null
      if (!record || typeof record.stamp !== 'string' || record.stamp < floor) continue
      const key = full.slice(`${base}:${RECORDS}:`.length)
      // The device's own change, landed just now: it has it.
      if (skip.get(key) === record.hlc) continue
      changes.push(toChange(key, record))
    }
    return changes
  }

  return {
    async written(fullKey, value) {
      const base = syncedBaseOf(bases, fullKey)
      if (!base) return
      const key = fullKey.slice(base.length + 1)
      const hlc = clock.tick()
      await serial(recordKey(base, key), () => land(base, key, value === undefined ? { deleted: true, hlc } : { value, hlc }, { valueWritten: true }))
    },

    async handle(event, name, body, hooks) {
      if (!names.has(name)) throw new HTTPError({ status: 404, statusText: 'Not Found', message: `No synced storage base ${JSON.stringify(name)}. Synced: ${[...names].join(', ') || 'none'}.` })
      const request = parseSyncRequest(body)
      const scope = await hooks.callHookWith(firstAnswer, 'sync:scope', [event, { base: name }])
      if (scope !== undefined && typeof scope !== 'string') throw new TypeError(`the sync:scope hook must return a key prefix (a string), not ${typeof scope}`)
      const prefix = scope ?? ''
      const outside = request.changes.find(change => !change.key.startsWith(prefix))
      if (outside) {
        throw new HTTPError({ status: 403, statusText: 'Forbidden', message: `Key ${JSON.stringify(outside.key)} is outside what this request may sync (keys starting with ${JSON.stringify(prefix)}).` })
      }
      // Taken before anything is read: whatever lands later has a larger stamp.
      const cursor = clock.tick()
      const landed = new Map<string, string>()
      const winners = new Map<string, SyncChange>()
      let head: string | undefined
      const landHere = async (key: string, change: { value?: unknown, deleted?: true, hlc: string }) => {
        const record = await land(name, key, change, { head: false })
        if (!head || record.stamp > head) head = record.stamp
        return record
      }
      // Keys land side by side (a store like Redis pipelines them); one key's changes in order.
      await Promise.all(request.changes.map((change) => {
        // A stamp from a clock far ahead would win every conflict for as long: the origin's stands in.
        const pushed = hlcTime(change.hlc) > Date.now() + MAX_SKEW_MS ? { ...change, hlc: clock.tick() } : change
        clock.observe(pushed.hlc)
        return serial(recordKey(name, change.key), async () => {
          const current = await guard('sync', () => root.getItem<ChangeRecord>(recordKey(name, change.key)))
          if (current?.hlc === pushed.hlc) {
            // A retried push: it landed before, and lands no second time.
            landed.set(change.key, pushed.hlc)
            return
          }
          // Both sides changed the key: the origin's change is one the device had not pulled.
          if (current && nodeOf(current.hlc) !== nodeOf(pushed.hlc) && current.stamp > (request.cursor ?? '')) {
            const merged = await hooks.callHookWith(firstAnswer, 'sync:conflict', [{ key: change.key, local: toChange(change.key, current), remote: pushed, event }])
            if (merged !== undefined) {
              const record = await landHere(change.key, { value: merged, hlc: clock.tick() })
              winners.set(change.key, toChange(change.key, record))
              return
            }
          }
          if (current && current.hlc > pushed.hlc) {
            winners.set(change.key, toChange(change.key, current))
            return
          }
          await landHere(change.key, pushed)
          landed.set(change.key, pushed.hlc)
          // A stamp the origin replaced: the device learns the one that stands.
          if (pushed !== change) winners.set(change.key, pushed)
        })
      }))
      if (head) await writeHead(name, head)
      const pulled = await pull(name, request.cursor, prefix, landed)
      const changes = new Map(pulled.map(change => [change.key, change]))
      for (const [key, change] of winners) changes.set(key, change)
      return { v: SYNC_VERSION, cursor, changes: [...changes.values()] }
    },
  }
}
