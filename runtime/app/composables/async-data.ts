/**
 * `useAsyncData` / `useFetch`: on the server the result goes into the
 * payload; at hydration the client reads it back and makes no request; later
 * client navigations fetch over HTTP, which the worker answers.
 *
 * A key may be left out: the build gives each call its own (build/imports.ts).
 * It may be a getter or a ref: a new key fetches again (client).
 */
import { computed, getCurrentInstance, markRaw, onServerPrefetch, ref, toRaw, toRef, toValue, watch, type MaybeRefOrGetter, type Ref, type WatchSource } from 'vue'
import { keyFirst, missingKey } from '../../shared/auto-key.ts'
import { toErrorShape, type ErrorShape } from '../../shared/errors.ts'
import { callWithApp, useApp, type SwerveApp } from '../context.ts'

export interface AsyncDataOptions<T> {
  /** Run on the server (default true); false fetches after hydration instead. */
  server?: boolean
  /** Client navigations go on at once, with `pending` true, instead of waiting for the data. */
  lazy?: boolean
  default?: () => T
  transform?: (input: any) => T
  /** Keeps only these keys of the result (in the payload too). */
  pick?: string[]
  watch?: WatchSource[]
  immediate?: boolean
  /**
   * Data to use instead of fetching, when the call starts or its key changes (not on
   * `refresh()`); `undefined` or `null` fetches. Default: the payload's, while hydrating.
   */
  getCachedData?: (key: string, app: SwerveApp, context: { cause: 'initial' | 'watch' }) => T | undefined | null
  /** A refresh while one is pending: `cancel` it (its result is dropped, its signal aborted) or `defer` to it. Default `cancel`. */
  dedupe?: 'cancel' | 'defer'
  /** Whether changes inside the data (not only a new value) are reactive in the page. Default true. */
  deep?: boolean
}

export interface RefreshOptions {
  dedupe?: 'cancel' | 'defer'
}

export interface AsyncData<T> {
  data: Ref<T | undefined>
  pending: Ref<boolean>
  error: Ref<ErrorShape | null>
  status: Ref<'idle' | 'pending' | 'success' | 'error'>
  refresh: (options?: RefreshOptions) => Promise<void>
  /** Nuxt's name for `refresh`. */
  execute: (options?: RefreshOptions) => Promise<void>
  /** Back to the default value, no error, `idle`. */
  clear: () => void
}

export type AsyncDataKey = MaybeRefOrGetter<string>
/** The app, and a signal that aborts when a newer refresh cancels this one. */
type Handler<T> = (app: SwerveApp, context: { signal: AbortSignal }) => T | Promise<T>

/** `(key, handler, options?)` or `(handler, options?)`, either with the build's key last. */
function parseArgs<T>(args: unknown[]): { key: AsyncDataKey, handler: Handler<T>, options: AsyncDataOptions<T> } {
  // A key may be a string, a ref or a getter (a function followed by the handler).
  const [key, handler, options = {}] = keyFirst(args, ([first, second]) => typeof first === 'string' || (typeof first === 'object' && first !== null) || (typeof first === 'function' && typeof second === 'function')) as [AsyncDataKey | undefined, Handler<T>, AsyncDataOptions<T>?]
  if (key === undefined) throw missingKey('useAsyncData(handler)', 'useAsyncData(\'name\', handler)')
  if (typeof handler !== 'function') throw new TypeError(`[swerve] useAsyncData(${JSON.stringify(toValue(key))}, handler): the handler is a function`)
  return { key, handler, options }
}

function pickOf(value: unknown, keys: string[]): unknown {
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(keys.filter(k => k in (value as object)).map(k => [k, (value as Record<string, unknown>)[k]]))
}

/** Client: `value` itself (not its contents) is reactive, as in a shallowRef. */
function shallow<T>(value: T): T {
  const raw = toRaw(value)
  return import.meta.client && raw && typeof raw === 'object' && Object.isExtensible(raw) ? markRaw(raw) : raw
}

/** A call's fetching: `refresh` (one run at a time, `dedupe`), `clear`, and `getCachedData`'s answer. */
function createFetcher<T>(app: SwerveApp, key: { value: string }, handler: Handler<T>, options: AsyncDataOptions<T>, result: AsyncData<T>, errors: Record<string, ErrorShape | null>) {
  let pending: { promise: Promise<void>, abort: AbortController } | undefined
  function refresh(opts: RefreshOptions = {}): Promise<void> {
    if (pending && (opts.dedupe ?? options.dedupe) === 'defer') return pending.promise
    pending?.abort.abort()
    const run = { abort: new AbortController() } as NonNullable<typeof pending>
    run.promise = fetchInto(key.value, run)
    pending = run
    return run.promise
  }

  async function fetchInto(at: string, run: NonNullable<typeof pending>): Promise<void> {
    result.pending.value = true
    result.status.value = 'pending'
    try {
      // In the app's context: `$fetch` and composables in the handler find this request.
      const value: unknown = await callWithApp(app, () => handler(app, { signal: run.abort.signal }))
      // Cancelled by a newer refresh: that one's result is the data.
      if (pending !== run) return
      store(at, value)
      errors[at] = null
      result.status.value = 'success'
    } catch (failure) {
      if (pending !== run) return
      errors[at] = toErrorShape(failure)
      result.status.value = 'error'
    } finally {
      if (pending === run) {
        pending = undefined
        result.pending.value = false
      }
    }
  }

  /** The handler's value, transformed and picked; shallow unless `deep`. */
  function store(at: string, raw: unknown): void {
    let value = options.transform ? options.transform(raw) : raw
    if (options.pick) value = pickOf(value, options.pick)
    app.payload.data[at] = options.deep === false ? shallow(value) : value
  }

  /** `getCachedData`'s value for `at` (used instead of fetching), if it has one. */
  function fromCache(at: string, cause: 'initial' | 'watch'): boolean {
    const cached = options.getCachedData?.(at, app, { cause })
    if (cached === undefined || cached === null) return false
    store(at, cached)
    errors[at] = null
    result.status.value = 'success'
    return true
  }

  function clear(): void {
    app.payload.data[key.value] = options.default?.()
    errors[key.value] = null
    result.status.value = 'idle'
    result.pending.value = false
  }

  return { refresh, clear, fromCache }
}

export function useAsyncData<T>(key: AsyncDataKey, handler: Handler<T>, options?: AsyncDataOptions<T>): AsyncData<T> & Promise<AsyncData<T>>
export function useAsyncData<T>(handler: Handler<T>, options?: AsyncDataOptions<T>): AsyncData<T> & Promise<AsyncData<T>>
export function useAsyncData<T>(...args: unknown[]): AsyncData<T> & Promise<AsyncData<T>> {
  const { key: keySource, handler, options } = parseArgs<T>(args)
  const app = useApp()
  const errors = (app.payload.errors ??= {})
  const registry = (app._asyncData ??= new Map())
  // The server renders one key; the page follows a key that changes (the payload is reactive there).
  const key = import.meta.server ? { value: toValue(keySource) } : computed(() => toValue(keySource))
  const field = <V>(record: Record<string, V>, fallback: V): Ref<V> => import.meta.server
    ? toRef(record, key.value, fallback) as Ref<V>
    : computed<V>({ get: () => record[key.value] ?? fallback, set: (value) => { record[key.value] = value } })
  // deep: false: what the server sent is not deeply reactive in the page either.
  if (options.deep === false) shallow(app.payload.data[key.value])
  const data = field(app.payload.data, undefined) as Ref<T | undefined>
  const error = field<ErrorShape | null>(errors, null)
  if (data.value === undefined && options.default) data.value = options.default()
  const result = { data, pending: ref(false), error, status: ref('idle') } as AsyncData<T>
  const { refresh, clear, fromCache } = createFetcher(app, key, handler, options, result, errors)
  Object.assign(result, { refresh, execute: refresh, clear })

  registry.set(key.value, { refresh, clear })
  let promise: Promise<void> | undefined
  // What the server fetched (not a default it stored for a call it left to the page).
  const hydrated = app.isHydrating && options.server !== false && options.immediate !== false && (key.value in app.payload.data || key.value in errors)
  if (hydrated) {
    result.status.value = errors[key.value] ? 'error' : 'success'
  } else if (options.immediate !== false && fromCache(key.value, 'initial')) {
    // From `getCachedData`: nothing to fetch.
  } else if (options.immediate !== false && (import.meta.client || options.server !== false)) {
    if (import.meta.client && options.server === false && app.isHydrating) {
      app.hooks.hookOnce('app:mounted', () => { void refresh() })
    } else {
      promise = refresh()
      if (import.meta.server && getCurrentInstance()) onServerPrefetch(() => promise)
    }
  }
  if (import.meta.client) {
    if (options.watch?.length) watch(options.watch, () => { void refresh() })
    watch(key as Ref<string>, (next, previous) => {
      registry.delete(previous)
      registry.set(next, { refresh, clear })
      if (!(next in app.payload.data) && !fromCache(next, 'watch')) void refresh()
    })
  }
  // `lazy`: the page's setup does not wait for the data in the client (the server still does).
  const settled = !promise || (import.meta.client && options.lazy) ? Promise.resolve() : promise
  return Object.assign(settled.then(() => result), result)
}

/** `useAsyncData` with `lazy: true`. */
export function useLazyAsyncData<T>(key: AsyncDataKey, handler: Handler<T>, options?: AsyncDataOptions<T>): AsyncData<T> & Promise<AsyncData<T>>
export function useLazyAsyncData<T>(handler: Handler<T>, options?: AsyncDataOptions<T>): AsyncData<T> & Promise<AsyncData<T>>
export function useLazyAsyncData<T>(...args: unknown[]): AsyncData<T> & Promise<AsyncData<T>> {
  const { key, handler, options } = parseArgs<T>(args)
  return useAsyncData(key, handler, { ...options, lazy: true })
}

/** Which keys a call means: all, one, some, or those a predicate picks. */
function keysOf(app: SwerveApp, keys?: string | string[] | ((key: string) => boolean)): string[] {
  const known = [...(app._asyncData?.keys() ?? [])]
  if (keys === undefined) return known
  if (typeof keys === 'function') return known.filter(keys)
  const wanted = Array.isArray(keys) ? keys : [keys]
  return known.filter(k => wanted.includes(k))
}

/** Fetches again the `useAsyncData`/`useFetch` data of `keys` (default: all of this page's). */
export async function refreshAsyncData(keys?: string | string[] | ((key: string) => boolean)): Promise<void> {
  const app = useApp()
  await Promise.all(keysOf(app, keys).map(key => app._asyncData!.get(key)!.refresh()))
}

/** Drops the data and errors of `keys` (default: all), back to their defaults. */
export function clearAsyncData(keys?: string | string[] | ((key: string) => boolean)): void {
  const app = useApp()
  for (const key of keysOf(app, keys)) app._asyncData!.get(key)!.clear()
}
