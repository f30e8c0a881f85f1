/**
 * `useStorage(base?)`: unstorage on the driver the host gave its server —
 * IndexedDB in the worker, files in Node, KV on Cloudflare, memory in tests.
 * `assets:server` reads `server/assets/**`, bundled read-only.
 *
 * Failures answer clearly instead of crashing or hanging: a bad key is 400,
 * a full disk or quota 507, an unavailable or stuck store 503.
 */
import { createStorage, defineDriver, prefixStorage, type Driver, type Storage } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { HTTPError } from 'h3'
import type { Guard } from './change-log.ts'
import { useServer } from './context.ts'
import { isOwnKey, isStorageKey, normalizeKey } from './keys.ts'
import { createSyncStore, type SyncStore } from './sync-route.ts'
import type { ServerStorage, StorageOptions, SwerveStorage } from './types.ts'

const READ_ONLY = 'assets:server is read-only: it holds the bundled server/assets files.'

function readonlyAssets(files: Record<string, string>): Driver {
  const toKey = (key: string) => key.replace(/[:/]+/g, ':').replace(/^:/, '')
  const byKey = new Map(Object.entries(files).map(([path, text]) => [toKey(path), text]))
  return defineDriver(() => ({
    name: 'swerve-server-assets',
    hasItem: key => byKey.has(toKey(key)),
    getItem: key => byKey.get(toKey(key)) ?? null,
    getKeys: () => [...byKey.keys()],
    setItem: () => { throw new HTTPError({ status: 500, message: READ_ONLY }) },
    removeItem: () => { throw new HTTPError({ status: 500, message: READ_ONLY }) },
  }))({})
}

function assertKey(key: unknown): asserts key is string {
  if (!isStorageKey(key)) {
    throw new HTTPError({ status: 400, statusText: 'Bad Request', message: `Invalid storage key ${JSON.stringify(key)}: use letters, digits and - _ . @ ~ % + ! $ & ' ( ) * , ; =, separated by : or / (no spaces, no .. segments, at most 512 characters).` })
  }
}

/** A driver's failure as the answer it means: 507 when full, else 503 (logged once, here). */
export function toStorageError(error: unknown, operation: string): HTTPError {
  if (HTTPError.isError(error)) return error
  const name = (error as Error)?.name ?? ''
  const message = (error as Error)?.message ?? String(error)
  const full = name === 'QuotaExceededError' || /quota|ENOSPC|disk full/i.test(`${name} ${message}`)
  const status = full ? 507 : 503
  console.error(`[swerve] storage ${operation} failed (${status}): ${name ? `${name}: ` : ''}${message}`)
  return new HTTPError({
    status,
    statusText: full ? 'Insufficient Storage' : 'Service Unavailable',
    message: full ? 'Storage is full: the write was not saved.' : `Storage is unavailable: ${message}`,
    cause: error,
  })
}

/**
 * Rejects what takes longer than `timeout`. One timer checks every open call,
 * not a timer per call: listing 10,000 notes is 10,000 calls.
 */
function createDeadline(timeout: number) {
  const open = new Set<{ at: number, expire: () => void }>()
  const step = Math.max(10, Math.min(timeout / 2, 250))
  let timer: ReturnType<typeof setTimeout> | undefined
  function check(): void {
    const now = performance.now()
    for (const call of open) {
      if (call.at <= now) {
        open.delete(call)
        call.expire()
      }
    }
    timer = open.size ? setTimeout(check, step) : undefined
  }
  return function within<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const call = { at: performance.now() + timeout, expire: () => reject(Object.assign(new Error(`no answer within ${timeout / 1000} s`), { name: 'TimeoutError' })) }
      open.add(call)
      timer ??= setTimeout(check, step)
      promise.then((value) => { open.delete(call); resolve(value) }, (error: unknown) => { open.delete(call); reject(error) })
    })
  }
}

/** Runs a driver call within the deadline, with its failure as the answer it means. */
function createGuard(within: <T>(promise: Promise<T>) => Promise<T>): Guard {
  return async (operation, run) => {
    try {
      const result = await within(run())
      // Some drivers hand an error back as the value (unstorage's fs-lite does): it is one.
      if (result instanceof Error) throw result
      return result
    } catch (error) {
      throw toStorageError(error, operation)
    }
  }
}

function toSwerveStorage(storage: Storage, guard: Guard, written?: (key: string, value: unknown) => Promise<void>): SwerveStorage {
  // `written`: a synced base's writes are recorded for the devices (runtime/server/sync-route.ts).
  return {
    getItem: async key => (assertKey(key), guard('getItem', () => storage.getItem(key) as Promise<any>)),
    setItem: async (key, value) => {
      assertKey(key)
      await guard('setItem', () => storage.setItem(key, value))
      await written?.(key, value)
    },
    getItemRaw: async key => (assertKey(key), guard('getItemRaw', () => storage.getItemRaw(key) as Promise<any>)),
    setItemRaw: async (key, value) => {
      assertKey(key)
      await guard('setItemRaw', () => storage.setItemRaw(key, value))
      // Synced as it is stored (base64 text where the driver has no raw values).
      if (written) await written(key, await guard('getItem', () => storage.getItem(key)))
    },
    hasItem: async key => (assertKey(key), guard('hasItem', () => storage.hasItem(key))),
    removeItem: async (key) => {
      assertKey(key)
      await guard('removeItem', () => storage.removeItem(key))
      await written?.(key, undefined)
    },
    getKeys: async prefix => (await guard('getKeys', () => storage.getKeys(prefix))).filter(key => !isOwnKey(key)),
    // Key by key: some drivers' clear() ignores the base and would wipe every namespace.
    clear: async (prefix) => {
      const keys = (await guard('getKeys', () => storage.getKeys(prefix))).filter(key => !isOwnKey(key))
      await Promise.all(keys.map(async (key) => {
        await guard('clear', () => storage.removeItem(key))
        await written?.(key, undefined)
      }))
    },
  }
}

/**
 * A server's storage: the host's driver at the root, the config's mounts over it
 * (a base on Redis, say), `assets:server` mounted read-only, and the synced bases'
 * change records (runtime/server/sync-route.ts).
 */
export function createServerStorage(options: StorageOptions = {}): ServerStorage & { sync?: SyncStore } {
  const root = createStorage({ driver: options.driver ?? memoryDriver() })
  for (const [base, driver] of Object.entries(options.mounts ?? {})) root.mount(base, driver)
  root.mount('assets:server', readonlyAssets(options.assets ?? {}))
  const guard = createGuard(createDeadline(options.timeout ?? 10_000))
  // A build leaves the sync store out of bundles that do not answer sync (the worker's).
  const sync = (typeof __SWERVE_SYNC_ROUTE__ === 'undefined' || __SWERVE_SYNC_ROUTE__) && options.synced?.length ? createSyncStore(root, options.synced, guard, options.syncLimits) : undefined
  const written = sync && ((base: string) => (key: string, value: unknown) => sync.written(normalizeKey(base ? `${base}:${key}` : key), value))
  // A view per base, kept: `useStorage('notes')` runs on every call of a route's code. Bases
  // made per request (`user:${id}`) would pile up, so past 256 the views start over.
  const views = new Map<string, SwerveStorage>()
  function use(base = ''): SwerveStorage {
    let view = views.get(base)
    if (!view) {
      if (views.size >= 256) views.clear()
      views.set(base, view = toSwerveStorage(base ? prefixStorage(root, base) : root, guard, written?.(base)))
    }
    return view
  }
  return {
    use,
    sync,
    dispose: () => root.dispose(),
  }
}
/** Storage of the server this code runs in. */
export function useStorage(base = ''): SwerveStorage {
  return useServer().storage.use(base)
}
