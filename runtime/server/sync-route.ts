/**
 * The origin's side of sync (docs/sync.md): `POST <base>_swerve/sync/<storage base>`.
 *
 * Each synced base has an ordered change log (runtime/server/sync-log.ts): every key's
 * last change, numbered in the order it landed. A push lands each change only past an
 * older one (compare-and-set); a pull reads the log after its cursor (the last number it
 * saw), a page at a time, so neither grows with the base. Tombstones go after
 * `sync.tombstoneDays`; a device whose cursor is older is told to `resync`.
 */
import { HTTPError, type H3Event } from 'h3'
import type { Storage } from 'unstorage'
import { createClock, hlcTime, isHlc, randomNode, syncedBaseOf, SYNC_VERSION, type SyncChange, type SyncRequest, type SyncResponse } from '../shared/sync-protocol.ts'
import type { Guard, LoggedChange } from './change-log.ts'
import type { ServerHookable } from './hooks.ts'
import { isStorageKey, normalizeKey } from './keys.ts'
import { createChangeLog, type ChangeLog, type LogRecord } from './sync-log.ts'

/** A device's clock may run this far ahead; a stamp further ahead is replaced by the origin's own. */
const MAX_SKEW_MS = 60_000
const MAX_CHANGES = 1000
/** How often a process compacts a base's tombstones at most (or as often as they expire, if sooner). */
const COMPACT_EVERY_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** A cursor: the last log number a device saw. One from before the log (a stamp) reads it all again. */
const CURSOR = /^\d{1,15}$/
const positionOf = (cursor: string | null) => cursor !== null && CURSOR.test(cursor) ? Number(cursor) : -1

export interface SyncStore {
  /** Records a write made at the origin (a server route's `setItem`) for the devices. */
  written: (fullKey: string, value: unknown) => Promise<void>
  /** The sync route's answer to a push-and-pull. */
  handle: (event: H3Event, name: string, body: unknown, hooks: ServerHookable) => Promise<SyncResponse>
}

const badRequest = (message: string) => new HTTPError({ status: 400, statusText: 'Bad Request', message: `Malformed sync request: ${message}` })
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value)
const nodeOf = (hlc: string) => hlc.slice(hlc.lastIndexOf('-') + 1)
const toChange = (key: string, record: LogRecord): SyncChange =>
  record.deleted ? { key, deleted: true, hlc: record.hlc } : { key, value: record.value, hlc: record.hlc }

/** The body as a push, or a 400 that says what is wrong with it. */
export function parseSyncRequest(body: unknown): SyncRequest {
  if (!isObject(body)) throw badRequest('the body must be a JSON object { v, cursor, changes }.')
  if (body.v !== SYNC_VERSION) throw badRequest(`unsupported version ${JSON.stringify(body.v)}: this server speaks v: ${SYNC_VERSION}.`)
  if (body.cursor !== null && !isHlc(body.cursor) && !(typeof body.cursor === 'string' && CURSOR.test(body.cursor))) throw badRequest('cursor must be null or the cursor of an earlier answer.')
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
  if (body.resync !== undefined && body.resync !== true) throw badRequest('resync must be true or absent.')
  return { v: SYNC_VERSION, cursor: body.cursor, changes, ...body.resync ? { resync: true as const } : {} }
}

/** The first value a hook returns, running hooks in order until one does. */
async function firstAnswer(hooks: ((...args: any[]) => unknown)[], args: unknown[]): Promise<unknown> {
  for (const hook of hooks) {
    const answer = await hook(...args)
    if (answer !== undefined) return answer
  }
  return undefined
}

export function createSyncStore(root: Storage, bases: string[], guard: Guard, limits: { pageSize?: number, tombstoneDays?: number } = {}): SyncStore {
  const names = new Set(bases)
  const pageSize = limits.pageSize ?? 1000
  const keepTombstones = (limits.tombstoneDays ?? 30) * DAY_MS
  const clock = createClock(`o${randomNode()}`)
  const logs = new Map<string, ChangeLog>()
  const logOf = (base: string) => {
    let log = logs.get(base)
    if (!log) logs.set(base, log = createChangeLog(root, base, guard))
    return log
  }
  const serial = createKeyQueue()
  const compactSometimes = createCompactor(logOf, keepTombstones)

  /**
   * Lands one pushed change (or tells the winner), with the conflict hook where both sides changed
   * the key. `seq`: the winner's place in the log (none: a stamp the device cannot learn from the log).
   */
  async function landPushed(name: string, change: SyncChange, request: SyncRequest, event: H3Event, hooks: ServerHookable, merges: boolean): Promise<{ landed?: string, winner?: SyncChange, seq?: number }> {
    const log = logOf(name)
    // A stamp from a clock far ahead would win every conflict for as long: the origin's stands in.
    const pushed = hlcTime(change.hlc) > Date.now() + MAX_SKEW_MS ? { ...change, hlc: clock.tick() } : change
    clock.observe(pushed.hlc)
    return serial(`${name}:${change.key}`, async () => {
      // The record is read first only for a conflict hook; the landing itself compares stamps.
      const current = merges ? await log.get(change.key) : undefined
      // A retried push: it landed before, and lands no second time.
      if (current?.hlc === pushed.hlc) return { landed: pushed.hlc }
      // Both sides changed the key: the origin's change is one the device had not pulled.
      if (current && nodeOf(current.hlc) !== nodeOf(pushed.hlc) && current.seq > positionOf(request.cursor)) {
        const merged = await hooks.callHookWith(firstAnswer, 'sync:conflict', [{ key: change.key, local: toChange(change.key, current), remote: pushed, event }])
        if (merged !== undefined) {
          const { record } = await log.land(change.key, { value: merged, hlc: clock.tick() })
          return { winner: toChange(change.key, record), seq: record.seq }
        }
      }
      const { record, landed } = await log.land(change.key, pushed)
      if (!landed) return record.hlc === pushed.hlc ? { landed: pushed.hlc } : { winner: toChange(change.key, record), seq: record.seq }
      // A stamp the origin replaced: the device learns the one that stands.
      return { landed: pushed.hlc, winner: pushed !== change ? pushed : undefined }
    })
  }

  return {
    async written(fullKey, value) {
      const base = syncedBaseOf(bases, fullKey)
      if (!base) return
      const key = fullKey.slice(base.length + 1)
      const hlc = clock.tick()
      await serial(`${base}:${key}`, async () => {
        const { record, landed } = await logOf(base).land(key, value === undefined ? { deleted: true, hlc } : { value, hlc }, true)
        // A newer change stood already (another process's, a device's clock ahead): the route's
        // write to the base gives way to it, so the base holds what the log says.
        if (landed) return
        await guard('sync', () => record.deleted ? root.removeItem(fullKey) : root.setItem(fullKey, record.value as never))
      })
    },

    async handle(event, name, body, hooks) {
      if (!names.has(name)) throw new HTTPError({ status: 404, statusText: 'Not Found', message: `No synced storage base ${JSON.stringify(name)}. Synced: ${[...names].join(', ') || 'none'}.` })
      const request = parseSyncRequest(body)
      const prefix = await scopeOf(event, name, request, hooks)
      const log = logOf(name)
      await compactSometimes(name)
      // Keys land side by side (a store like Redis pipelines them); one key's changes in order.
      const merges = request.changes.length > 0 && await hooks.callHookWith(list => list.length > 0, 'sync:conflict', [] as never)
      const results = await Promise.all(request.changes.map(change => landPushed(name, change, request, event, hooks, merges)))
      const landed = new Map(results.flatMap((result, i) => result.landed ? [[request.changes[i]!.key, result.landed] as const] : []))
      const winners = results.flatMap(result => result.winner ? [result] : [])
      const from = positionOf(request.cursor)
      // Tombstones this device has not seen are gone: it replaces its copy (docs/sync.md#the-change-log).
      // A device replacing its copy keeps only the keys it is sent: a tombstone gone meanwhile is no loss.
      if (!request.resync && from >= 0 && from < await log.horizon()) return { v: SYNC_VERSION, cursor: '0', changes: winners.map(result => result.winner!), resync: true }
      const page = await log.after(from, pageSize)
      return { v: SYNC_VERSION, cursor: String(page.last), changes: changesToSend(page.changes, { prefix, landed, winners, from }), ...page.more ? { more: true as const } : {} }
    },
  }
}

/** Tombstones older than `sync.tombstoneDays` go, at most once an hour per base and process. */
function createCompactor(logOf: (base: string) => ChangeLog, keepTombstones: number) {
  const compacted = new Map<string, number>()
  return async (base: string): Promise<void> => {
    if (Date.now() - (compacted.get(base) ?? 0) < Math.min(COMPACT_EVERY_MS, keepTombstones)) return
    compacted.set(base, Date.now())
    await logOf(base).compact(Date.now() - keepTombstones)
  }
}

/** One change per key at a time in this process (the log's compare-and-set guards across processes). */
function createKeyQueue() {
  const queues = new Map<string, Promise<unknown>>()
  return function serial<T>(key: string, run: () => Promise<T>): Promise<T> {
    const next = (queues.get(key) ?? Promise.resolve()).then(run, run)
    const settled = next.catch(() => {})
    queues.set(key, settled)
    void settled.then(() => { if (queues.get(key) === settled) queues.delete(key) })
    return next
  }
}

/** The key prefix this request may sync (`sync:scope`); a pushed change outside it is a 403. */
async function scopeOf(event: H3Event, name: string, request: SyncRequest, hooks: ServerHookable): Promise<string> {
  const scope = await hooks.callHookWith(firstAnswer, 'sync:scope', [event, { base: name }])
  if (scope !== undefined && typeof scope !== 'string') throw new TypeError(`the sync:scope hook must return a key prefix (a string), not ${typeof scope}`)
  const prefix = scope ?? ''
  const outside = request.changes.find(change => !change.key.startsWith(prefix))
  if (outside) {
    throw new HTTPError({ status: 403, statusText: 'Forbidden', message: `Key ${JSON.stringify(outside.key)} is outside what this request may sync (keys starting with ${JSON.stringify(prefix)}).` })
  }
  return prefix
}

interface PageContext {
  prefix: string
  /** The pushed keys that landed, with their stamps. */
  landed: Map<string, string>
  /** The pushes that lost, with the change that stands and its place in the log. */
  winners: { winner?: SyncChange, seq?: number }[]
  from: number
}

/** What a page of the log sends this device: its scope's changes it does not have, and the winners it must learn. */
function changesToSend(logged: LoggedChange[], { prefix, landed, winners, from }: PageContext): SyncChange[] {
  const changes = new Map<string, SyncChange>()
  for (const { key, record } of logged) {
    // Another user's key, or the device's own change, landed just now: it has it.
    if (!key.startsWith(prefix) || landed.get(key) === record.hlc) continue
    changes.set(key, toChange(key, record))
  }
  // A winner past the cursor comes in this page or a later one (or a newer change does): only
  // one the cursor has passed is sent here, and never over a newer one this page holds.
  for (const { winner, seq } of winners) {
    if (!winner || (seq !== undefined && seq > from)) continue
    const paged = changes.get(winner.key)
    if (!paged || paged.hlc < winner.hlc) changes.set(winner.key, winner)
  }
  return [...changes.values()]
}
