/**
 * The worker's side of sync (docs/sync.md): pushes each synced base's outbox to
 * `<base>_swerve/sync/<name>` and applies what the origin answers, one sync at a
 * time. Tabs see its state through `useSync()`: the worker posts every change of
 * it to them (`SWERVE_SYNC_STATE`).
 *
 * Nothing acknowledged is lost: an outbox entry goes only when the origin took
 * it (2xx); offline, a 401 or a 5xx leave it for the next sync.
 */
import { destr } from 'destr'
import { isHlc, syncPath, SYNC_VERSION, toStoredText, type SyncChange, type SyncRequest, type SyncResponse, type SyncState } from '../runtime/shared/sync-protocol.ts'
import type { SyncStateMessage } from '../runtime/shared/messages.ts'
import { RESERVED, type PendingChange, type WorkerStorage } from './idb-storage.ts'

/** Changes a push carries at most, and about how many bytes. */
const BATCH = 200
const BATCH_BYTES = 256 * 1024
/** A write is pushed this long after it, so a burst of writes goes in one request. */
const DEBOUNCE_MS = 50

const cursorKey = (base: string) => `${RESERVED}sync:cursor:${base}`
/** Set while a base replaces its copy (the origin said `resync`): a sync cut short starts that over. */
const resyncKey = (base: string) => `${RESERVED}sync:resync:${base}`
/** Rounds one sync makes at most: pushes of `BATCH`, pulls of the origin's page size. */
const MAX_ROUNDS = 10_000
const syncedAtKey = (base: string) => `${RESERVED}sync:at:${base}`

export interface SyncOptions {
  storage: WorkerStorage
  bases: string[]
  /** The app's base path (`/`, `/sub/`). */
  base: string
  origin: string
  /** Posts a message to every tab. */
  broadcast: (message: SyncStateMessage) => void
  fetch?: typeof fetch
}

export interface SyncEngine {
  /** Syncs every base; resolves true when nothing is left to push. */
  sync: () => Promise<boolean>
  /** A write to `base` committed: tell the tabs and push it soon. */
  changed: (base: string) => void
  /** The sync a write scheduled, to keep the worker alive for (or undefined). */
  scheduled: () => Promise<boolean> | undefined
  states: () => Promise<Record<string, SyncState>>
}

/** Why a non-2xx answer failed, from its JSON error when it has one. */
async function reasonOf(response: Response): Promise<string> {
  let message = ''
  try {
    message = (await response.clone().json() as { message?: string }).message ?? ''
  } catch {
    message = (await response.text().catch(() => '')).slice(0, 200)
  }
  return `${response.status} ${response.statusText || ''}`.trim() + (message ? `: ${message}` : '')
}

function isSyncResponse(value: unknown): value is SyncResponse {
  const answer = value as SyncResponse
  return !!answer && answer.v === SYNC_VERSION && typeof answer.cursor === 'string' && Array.isArray(answer.changes)
    && answer.changes.every(change => !!change && typeof change.key === 'string' && isHlc(change.hlc))
}

/** The outbox's first changes, up to a batch's count and size. */
function batchOf(changes: PendingChange[]): PendingChange[] {
  let bytes = 0
  const batch: PendingChange[] = []
  for (const change of changes) {
    bytes += change.key.length + (change.value?.length ?? 0) + 64
    if (batch.length && bytes > BATCH_BYTES) break
    batch.push(change)
  }
  return batch
}

/** One round trip of sync: `batch` pushed, what follows `cursor` pulled; or why it did not get through. */
async function exchange(fetch: typeof globalThis.fetch, url: string, name: string, batch: PendingChange[], cursor: string | null, resync: boolean): Promise<SyncResponse | { failed: 'offline' | 'error', error?: string }> {
  const body: SyncRequest = {
    v: SYNC_VERSION,
    cursor,
    ...resync ? { resync: true as const } : {},
    changes: batch.map(change => change.deleted
      ? { key: change.key.slice(name.length + 1), deleted: true, hlc: change.hlc }
      : { key: change.key.slice(name.length + 1), value: destr(change.value), hlc: change.hlc }),
  }
  let response: Response
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' })
  } catch {
    // No network: not an error.
    return { failed: 'offline' }
  }
  if (!response.ok) return { failed: 'error', error: await reasonOf(response) }
  const answer: unknown = await response.json().catch(() => undefined)
  if (!isSyncResponse(answer)) return { failed: 'error', error: `${url} did not answer as a sync route (is this a Node host?)` }
  return answer
}

/** Each base's sync state, loaded once from storage, and posted to the tabs on every change. */
function createStates(storage: WorkerStorage, bases: string[], broadcast: SyncOptions['broadcast']) {
  const states = new Map<string, SyncState>()
  let loaded: Promise<void> | undefined
  const update = (name: string, state: Partial<SyncState>) => { states.set(name, { ...states.get(name)!, ...state }) }
  return {
    states,
    update,
    load: (): Promise<void> => loaded ??= (async () => {
      for (const name of bases) {
        const at = await storage.getRecord(syncedAtKey(name))
        states.set(name, { status: 'idle', pending: await storage.pending(name), lastSyncedAt: at ? Number(at) : null, error: null })
      }
    })(),
    post: () => broadcast({ type: 'SWERVE_SYNC_STATE', states: Object.fromEntries(states) }),
    /** Ends a sync of `name` that did not get through: the outbox waits for the next one. */
    async stop(name: string, status: 'offline' | 'error', error?: string): Promise<void> {
      update(name, { status, pending: await storage.pending(name), ...error ? { error } : {} })
    },
  }
}

/** What syncing one base needs: the engine's options and its states. */
interface BaseSync {
  storage: WorkerStorage
  fetch: typeof globalThis.fetch
  base: string
  origin: string
  states: ReturnType<typeof createStates>
}

/**
 * Pushes and pulls one base until its outbox is empty and the origin has nothing more.
 * Told to `resync`, it pulls everything from the start and keeps only the keys the origin
 * has (and its own pending ones); its cursor is kept only once that is done.
 */
async function syncBase(name: string, { storage, fetch, base, origin, states: { states, update, post, stop } }: BaseSync): Promise<void> {
  const url = new URL(syncPath(base, name), origin).href
  const clock = await storage.clock()
  update(name, { status: 'syncing' })
  post()
  let replacing = await storage.getRecord(resyncKey(name)) ? new Set<string>() : undefined
  let cursor = replacing ? null : await storage.getRecord(cursorKey(name)) ?? null
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const batch = batchOf(await storage.outbox(name, BATCH))
    const answer = await exchange(fetch, url, name, batch, cursor, !!replacing)
    if ('failed' in answer) return stop(name, answer.failed, answer.error)
    await storage.acknowledge(batch)
    if (answer.resync) replacing = new Set()
    for (const change of answer.changes) {
      clock.observe(change.hlc)
      if (!change.deleted) replacing?.add(change.key)
    }
    cursor = answer.resync ? null : answer.cursor
    const now = Date.now()
    const records: Record<string, string> = replacing ? { [resyncKey(name)]: '1' } : { [cursorKey(name)]: answer.cursor }
    await storage.applyRemote(answer.changes.map((change: SyncChange) => ({
      key: `${name}:${change.key}`,
      hlc: change.hlc,
      ...change.deleted ? { deleted: true as const } : { value: toStoredText(change.value) },
    })), { ...records, [syncedAtKey(name)]: String(now) })
    update(name, { lastSyncedAt: now, pending: await storage.pending(name) })
    if (answer.more || answer.resync || (batch.length > 0 && states.get(name)!.pending > 0)) continue
    if (replacing) await storage.replaceAll(name, replacing, { [cursorKey(name)]: answer.cursor }, [resyncKey(name)])
    break
  }
  update(name, { status: 'idle', error: null })
}

export function createSync({ storage, bases, base, origin, broadcast, fetch = globalThis.fetch }: SyncOptions): SyncEngine {
  const tracked = createStates(storage, bases, broadcast)
  const { states, load, post, update } = tracked
  let running: Promise<boolean> | undefined
  let queued: Promise<boolean> | undefined
  let soon: Promise<boolean> | undefined

  async function run(): Promise<boolean> {
    await load()
    for (const name of bases) {
      try {
        await syncBase(name, { storage, fetch, base, origin, states: tracked })
      } catch (error) {
        update(name, { status: 'error', error: `sync failed: ${(error as Error)?.message ?? error}` })
      }
    }
    post()
    return [...states.values()].every(state => state.status === 'idle')
  }

  function sync(): Promise<boolean> {
    if (!running) {
      running = run().finally(() => { running = undefined })
      return running
    }
    // One sync at a time; a request during one gets the next, which sees its writes.
    return queued ??= running.then(() => {
      queued = undefined
      return sync()
    })
  }

  return {
    sync,
    changed(name) {
      void load().then(async () => {
        update(name, { pending: await storage.pending(name) })
        post()
      })
      soon ??= new Promise<void>(resolve => setTimeout(resolve, DEBOUNCE_MS)).then(() => {
        soon = undefined
        return sync()
      })
    },
    scheduled: () => soon,
    states: async () => {
      await load()
      return Object.fromEntries(states)
    },
  }
}
