/**
 * `useAsyncData` / `useFetch`: on the server the result goes into the
 * payload; at hydration the client reads it back and makes no request; later
 * client navigations fetch over HTTP, which the worker answers.
 */
import { getCurrentInstance, onServerPrefetch, ref, toRef, watch, type Ref, type WatchSource } from 'vue'
import { toErrorShape, type ErrorShape } from '../../shared/errors.ts'
import type { KnownRoute, TypedFetchOptions, TypedResult } from '../../shared/typed-fetch.ts'
import { callWithApp, useApp, type SwerveApp } from '../context.ts'

export interface AsyncDataOptions<T> {
  /** Run on the server (default true); false fetches after hydration instead. */
  server?: boolean
  default?: () => T
  transform?: (input: any) => T
  watch?: WatchSource[]
  immediate?: boolean
}

export interface AsyncData<T> {
  data: Ref<T | undefined>
  pending: Ref<boolean>
  error: Ref<ErrorShape | null>
  status: Ref<'idle' | 'pending' | 'success' | 'error'>
  refresh: () => Promise<void>
}

export function useAsyncData<T>(key: string, handler: (app: SwerveApp) => T | Promise<T>, options: AsyncDataOptions<T> = {}): AsyncData<T> & Promise<AsyncData<T>> {
  const app = useApp()
  const data = toRef(app.payload.data, key) as Ref<T | undefined>
  if (data.value === undefined && options.default) data.value = options.default()
  const errors = (app.payload.errors ??= {})
  const result: AsyncData<T> = {
    data,
    pending: ref(false),
    error: toRef(errors, key) as Ref<ErrorShape | null>,
    status: ref('idle'),
    refresh,
  }
  if (result.error.value === undefined) result.error.value = null

  async function refresh(): Promise<void> {
    result.pending.value = true
    result.status.value = 'pending'
    try {
      // In the app's context: `$fetch` and composables in the handler find this request.
      const value = await callWithApp(app, () => handler(app))
      data.value = options.transform ? options.transform(value) : value as T
      result.error.value = null
      result.status.value = 'success'
    } catch (error) {
      result.error.value = toErrorShape(error)
      result.status.value = 'error'
    } finally {
      result.pending.value = false
    }
  }

  let promise: Promise<void> | undefined
  const hydrated = app.isHydrating && (key in app.payload.data || key in errors)
  if (hydrated) {
    result.status.value = result.error.value ? 'error' : 'success'
  } else if (options.immediate !== false && (import.meta.client || options.server !== false)) {
    if (import.meta.client && options.server === false && app.isHydrating) {
      app.hooks.hookOnce('app:mounted', () => { void refresh() })
    } else {
      promise = refresh()
      if (import.meta.server && getCurrentInstance()) onServerPrefetch(() => promise)
    }
  }
  if (import.meta.client && options.watch?.length) watch(options.watch, () => { void refresh() })
  return Object.assign((promise ?? Promise.resolve()).then(() => result), result)
}

export type UseFetchOptions<T, M extends string> = AsyncDataOptions<T> & TypedFetchOptions<M> & { key?: string }

/** `useAsyncData` over `$fetch`, typed from the route's handler. */
export function useFetch<R extends KnownRoute | (string & {}), M extends string = 'get', T = TypedResult<R, Lowercase<M>>>(
  url: R | (() => R),
  options: UseFetchOptions<T, M> = {},
): AsyncData<T> & Promise<AsyncData<T>> {
  const { key, server, default: defaultValue, transform, watch: watchSources, immediate, ...fetchOptions } = options
  const resolveUrl = () => typeof url === 'function' ? url() : url
  const dataKey = key ?? `fetch:${fetchOptions.method ?? 'GET'}:${resolveUrl()}:${JSON.stringify(fetchOptions.query ?? fetchOptions.params ?? {})}`
  return useAsyncData<T>(dataKey, app => app.$fetch(resolveUrl(), fetchOptions as any) as Promise<T>, {
    server,
    default: defaultValue,
    transform,
    watch: watchSources,
    immediate,
  })
}
