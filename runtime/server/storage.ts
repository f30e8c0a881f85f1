/**
 * `useStorage(base?)` (SPEC §7): unstorage, on a driver the host picks —
 * IndexedDB in the worker, files under `.data/` in Node, memory in tests.
 * `assets:server` reads `server/assets/**`, bundled read-only.
 *
 * Failures answer clearly instead of crashing or hanging: a bad key is 400,
 * a full disk or quota 507, an unavailable or stuck store 503.
 */
import { createStorage, defineDriver, prefixStorage, type Driver, type Storage, type StorageValue } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { HTTPError } from 'h3'

/** How long a storage call may take before the request gives up with a 503. */
let timeout = 10_000
const KEY = /^[\w\-.@~]+(?:[:/][\w\-.@~]+)*$/
/** A segment of dots only (`..`): never a key, it reads as a path outside the store. */
const DOTS_ONLY = /(?:^|[:/])\.+(?:[:/]|$)/

export interface SwerveStorage {
  getItem: <T = StorageValue>(key: string) => Promise<T | null>
  setItem: (key: string, value: StorageValue) => Promise<void>
  hasItem: (key: string) => Promise<boolean>
  removeItem: (key: string) => Promise<void>
  getKeys: (base?: string) => Promise<string[]>
  clear: (base?: string) => Promise<void>
}

let root: Storage | undefined
let assets: Record<string, string> = {}

function readonlyAssets(files: Record<string, string>): Driver {
  const normalize = (key: string) => key.replace(/[:/]+/g, '/').replace(/^\//, '')
  const byKey = new Map(Object.entries(files).map(([path, text]) => [path.replace(/\//g, ':'), text]))
  return defineDriver(() => ({
    name: 'swerve-server-assets',
    hasItem: key => byKey.has(normalize(key).replace(/\//g, ':')),
    getItem: key => byKey.get(normalize(key).replace(/\//g, ':')) ?? null,
    getKeys: () => [...byKey.keys()],
    setItem: () => { throw new HTTPError({ status: 500, message: 'assets:server is read-only: it holds the bundled server/assets files.' }) },
    removeItem: () => { throw new HTTPError({ status: 500, message: 'assets:server is read-only: it holds the bundled server/assets files.' }) },
  }))({})
}

function mountAll(driver: Driver): Storage {
  const storage = createStorage({ driver })
  storage.mount('assets:server', readonlyAssets(assets))
  return storage
}

/** Hosts call this at start: the worker with IndexedDB, Node with files. */
export function setStorageDriver(driver: Driver, options: { timeout?: number } = {}): void {
  root = mountAll(driver)
  if (options.timeout) timeout = options.timeout
}

/** The generated module hands the bundled `server/assets` files over. */
export function setServerAssets(files: Record<string, string>): void {
  assets = files
  if (!root) return
  void root.unmount('assets:server', false)
  root.mount('assets:server', readonlyAssets(assets))
}

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512 || !KEY.test(key) || DOTS_ONLY.test(key)) {
    throw new HTTPError({ status: 400, statusText: 'Bad Request', message: `Invalid storage key ${JSON.stringify(key)}: use letters, digits, - _ . @ ~, separated by : or /.` })
  }
}

function toStorageError(error: unknown, operation: string): HTTPError {
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

async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeout / 1000} s`), { name: 'TimeoutError' })), timeout)
  })
  try {
    return await Promise.race([run(), expired])
  } catch (error) {
    throw toStorageError(error, operation)
  } finally {
    clearTimeout(timer)
  }
}

export function useStorage(base = ''): SwerveStorage {
  root ??= mountAll(memoryDriver())
  const storage = base ? prefixStorage(root, base) : root
  return {
    getItem: async key => (assertKey(key), guard('getItem', () => storage.getItem(key) as Promise<any>)),
    setItem: async (key, value) => (assertKey(key), guard('setItem', () => storage.setItem(key, value))),
    hasItem: async key => (assertKey(key), guard('hasItem', () => storage.hasItem(key))),
    removeItem: async key => (assertKey(key), guard('removeItem', () => storage.removeItem(key))),
    getKeys: async prefix => guard('getKeys', () => storage.getKeys(prefix)),
    // Key by key: some drivers' clear() ignores the base and would wipe every namespace.
    clear: async prefix => guard('clear', async () => {
      await Promise.all((await storage.getKeys(prefix)).map(key => storage.removeItem(key)))
    }),
  }
}
