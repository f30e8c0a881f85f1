/**
 * Nitro's cached functions and handlers (docs/guide.md#cached-handlers): a result kept in the
 * server's storage under `cache:`, fresh for `maxAge` seconds, then (with `swr`, the default)
 * answered stale while one call runs again. In the worker the storage is the browser's, so a
 * cached answer outlives the worker and serves offline.
 */
import { defineEventHandler, isEvent, toResponse, type EventHandler, type H3Event } from 'h3'
import { useStorage } from './storage.ts'

/** What is kept for a key: the value, when it was made, and the version of the code that made it. */
export interface CacheEntry<T> { value?: T, mtime?: number, expires?: number, integrity?: string }

export interface CacheOptions<T, Args extends unknown[] = unknown[]> {
  name?: string
  group?: string
  /** The key of a call; by default a hash of its arguments. */
  getKey?: (...args: Args) => string | Promise<string>
  /** Seconds a kept value is fresh (Nitro's default: 1). */
  maxAge?: number
  /** Answer a stale value while the call runs again (default true). */
  swr?: boolean
  staleMaxAge?: number
  /** A value that fails it is neither answered from the cache nor kept. */
  validate?: (entry: CacheEntry<T>) => boolean
  transform?: (entry: CacheEntry<T>, ...args: Args) => unknown
  shouldBypassCache?: (...args: Args) => boolean | Promise<boolean>
  shouldInvalidateCache?: (...args: Args) => boolean | Promise<boolean>
  /** Changes with the code: an entry of another version is made again. */
  integrity?: string
  base?: string
}

/** A hash of `value` as text: SHA-256 (Web Crypto, on every host), cut to 16 hex digits. */
async function hashOf(value: unknown): Promise<string> {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].slice(0, 8).map(byte => byte.toString(16).padStart(2, '0')).join('')
}

/** Keeps `event`'s background work alive where the host can (the worker's `waitUntil`). */
function keepAlive(work: Promise<unknown>, event: H3Event | undefined): void {
  const waitUntil = (event as { waitUntil?: (work: Promise<unknown>) => void } | undefined)?.waitUntil
  if (waitUntil) waitUntil.call(event, work)
}

export function defineCachedFunction<T, Args extends unknown[] = unknown[]>(fn: (...args: Args) => T | Promise<T>, options: CacheOptions<T, Args> = {}): (...args: Args) => Promise<T> {
  return cachedFunction(fn, options, () => options.integrity ?? hashOf(fn.toString()))
}

/**
 * `integrityOf`: the version of the code whose results are kept (a cached handler's is its
 * handler's), hashed on the first call rather than when a route's module loads.
 */
function cachedFunction<T, Args extends unknown[]>(fn: (...args: Args) => T | Promise<T>, options: CacheOptions<T, Args>, integrityOf: () => string | Promise<string>): (...args: Args) => Promise<T> {
  const { maxAge = 1, swr = true, base = 'cache', group = 'nitro/functions' } = options
  let hashed: Promise<string> | undefined
  const currentIntegrity = () => hashed ??= Promise.resolve(integrityOf())
  const name = options.name || fn.name || '_'
  const validate = options.validate ?? ((entry: CacheEntry<T>) => entry.value !== undefined)
  /** Calls running for a key: callers at the same time share one. */
  const pending = new Map<string, Promise<T>>()

  async function run(key: string, call: () => T | Promise<T>, entry: CacheEntry<T>): Promise<void> {
    let running = pending.get(key)
    const first = !running
    if (!running) pending.set(key, running = Promise.resolve().then(call))
    try {
      entry.value = await running
    } finally {
      if (first) pending.delete(key)
    }
    if (!first) return
    entry.mtime = Date.now()
    entry.integrity = await currentIntegrity()
    if (maxAge) entry.expires = entry.mtime + maxAge * 1000
    if (validate(entry) === false) return
    // Awaited: the next request finds it (a worker's IndexedDB write takes a moment), and a
    // stale answer's run again is kept alive by the host's waitUntil with it.
    await useStorage().setItem(storageKey(key), entry).catch(error => console.error('[swerve] cache write failed:', error))
  }

  const storageKey = (key: string) => [base, group, name, `${key}.json`].filter(Boolean).join(':')

  async function get(key: string, call: () => T | Promise<T>, invalidate: boolean, event: H3Event | undefined): Promise<CacheEntry<T>> {
    const read = await useStorage().getItem<CacheEntry<T>>(storageKey(key)).catch((error) => {
      console.error('[swerve] cache read failed:', error)
      return undefined
    })
    const entry: CacheEntry<T> = read && typeof read === 'object' ? { ...read } : {}
    const current = entry.integrity === await currentIntegrity() && validate(entry) !== false
    const expired = invalidate || !current || (maxAge > 0 && Date.now() - (entry.mtime ?? 0) > maxAge * 1000)
    if (!expired) return entry
    // Stale by age only: answered now, while one call runs again.
    if (swr && current && !invalidate && entry.value !== undefined) {
      const again = run(key, call, { ...entry }).catch(error => console.error('[swerve] cached function failed again:', error))
      keepAlive(again, event)
      return entry
    }
    entry.value = undefined
    await run(key, call, entry)
    return entry
  }

  return async (...args: Args): Promise<T> => {
    if (await options.shouldBypassCache?.(...args)) return fn(...args)
    const key = await (options.getKey ? options.getKey(...args) : hashOf(args.map(arg => isEvent(arg) ? arg.url.href : arg)))
    const invalidate = !!await options.shouldInvalidateCache?.(...args)
    const event = isEvent(args[0]) ? args[0] : undefined
    const entry = await get(key, () => fn(...args), invalidate, event)
    const transformed = options.transform ? await options.transform(entry, ...args) : undefined
    return (transformed ?? entry.value) as T
  }
}

/** What a cached handler keeps: its answer's status, headers and body. */
export interface ResponseCacheEntry { code: number, headers: Record<string, string>, body: string }

export interface CachedEventHandlerOptions extends Omit<CacheOptions<ResponseCacheEntry, [H3Event]>, 'transform' | 'validate'> {
  /** Request headers that make another entry (`accept-language` …). */
  varies?: string[]
  /** Only answer conditional requests (304) from the handler's headers; keep nothing. */
  headersOnly?: boolean
}

/** Answers a conditional request whose validator matches with a 304. */
function notModified(event: H3Event, entry: ResponseCacheEntry): Response | undefined {
  const match = event.req.headers.get('if-none-match')
  if (!match || match !== entry.headers.etag) return undefined
  return new Response(null, { status: 304, headers: { etag: entry.headers.etag } })
}

/** The cache-control Nitro sends with a cached answer. */
function cacheControlOf({ swr = true, maxAge = 1, staleMaxAge }: CachedEventHandlerOptions): string | undefined {
  if (swr) return [maxAge ? `s-maxage=${maxAge}` : '', staleMaxAge ? `stale-while-revalidate=${staleMaxAge}` : 'stale-while-revalidate'].filter(Boolean).join(', ')
  return maxAge ? `max-age=${maxAge}` : undefined
}

export function defineCachedEventHandler(handler: EventHandler | { handler: EventHandler }, options: CachedEventHandlerOptions = {}): EventHandler {
  const run = typeof handler === 'function' ? handler : handler.handler
  const varies = (options.varies ?? []).map(name => name.toLowerCase()).sort()
  const cached = cachedFunction<ResponseCacheEntry, [H3Event]>(async (event) => {
    // Errors pass through, thrown or returned (`return createError(…)`, as h3 v1 allowed): the app's
    // error handling answers them and nothing is kept. A value becomes the answer to keep.
    const value = await run(event)
    if (value instanceof Error) throw value
    const response = await toResponse(value, event)
    const body = await response.text()
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => { headers[name] = value })
    headers.etag ||= `W/"${await hashOf(body)}"`
    headers['last-modified'] ||= new Date().toUTCString()
    const cacheControl = cacheControlOf(options)
    if (cacheControl) headers['cache-control'] = cacheControl
    return { code: response.status, headers, body }
  }, {
    ...options,
    group: options.group ?? 'nitro/handlers',
    async getKey(event) {
      const own = await options.getKey?.(event)
      if (own) return own.replace(/\W/g, '')
      const path = `${event.url.pathname}${event.url.search}`
      const pathname = event.url.pathname.replace(/\W/g, '').slice(0, 16) || 'index'
      const vary = await Promise.all(varies.map(async name => `${name.replace(/\W/g, '')}.${await hashOf(event.req.headers.get(name) ?? '')}`))
      return [`${pathname}.${await hashOf(path)}`, ...vary].join(':')
    },
    validate: entry => !!entry.value && entry.value.code < 400 && entry.value.body !== undefined,
  }, () => options.integrity ?? hashOf(run.toString()))
  return defineEventHandler(async (event) => {
    if (options.headersOnly) return run(event)
    const entry = await cached(event)
    return notModified(event, entry) ?? new Response(entry.code === 204 || entry.code === 304 ? null : entry.body, { status: entry.code, headers: entry.headers })
  })
}
