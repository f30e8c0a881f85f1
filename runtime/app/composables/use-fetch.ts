/**
 * `useFetch`: `useAsyncData` over `$fetch`, keyed by the request. Refs anywhere inside
 * `query`, `params` and `body` are read when fetching, so a change fetches again.
 */
import { isRef, toValue, type Ref } from 'vue'
import type { $Fetch } from '../../shared/fetch-core.ts'
import type { InternalFetch, KnownRoute, TypedFetchOptions, TypedResult } from '../../shared/typed-fetch.ts'
import { useAsyncData, type AsyncData, type AsyncDataOptions } from './async-data.ts'

/** `value` with every ref inside plain objects and arrays read (a getter at the top too). */
export function unwrapDeep(value: unknown): unknown {
  const read = typeof value === 'function' || isRef(value) ? toValue(value) : value
  if (Array.isArray(read)) return read.map(unwrapDeep)
  if (read && typeof read === 'object' && Object.getPrototypeOf(read) === Object.prototype) {
    return Object.fromEntries(Object.entries(read).map(([name, item]) => [name, unwrapDeep(item)]))
  }
  return read
}

export type UseFetchOptions<T, M extends string> = AsyncDataOptions<T> & TypedFetchOptions<M> & {
  key?: string
  /** The `$fetch` to call (default: the app's), e.g. a plugin's `$fetch.create(...)`. */
  $fetch?: InternalFetch | $Fetch
}

/** `useAsyncData` over `$fetch`, typed from the route's handler. A URL getter or ref fetches again when it changes. */
export function useFetch<R extends KnownRoute | (string & {}), M extends string = 'get', T = TypedResult<R, Lowercase<M>>>(
  url: R | (() => R) | Ref<R>,
  options: UseFetchOptions<T, M> = {},
): AsyncData<T> & Promise<AsyncData<T>> {
  const { key, server, lazy, default: defaultValue, transform, pick, watch: watchSources, immediate, getCachedData, dedupe, deep, $fetch: customFetch, ...fetchOptions } = options
  const resolveUrl = () => toValue(url) as string
  const request = () => ({ query: unwrapDeep(fetchOptions.query), params: unwrapDeep(fetchOptions.params), body: unwrapDeep(fetchOptions.body) })
  const dataKey = key ?? (() => `fetch:${fetchOptions.method ?? 'GET'}:${resolveUrl()}:${JSON.stringify(request().query ?? request().params ?? {})}`)
  // With a key of its own, the key does not follow the request: a change in it fetches again.
  const sources = [...watchSources ?? [], ...key ? [() => JSON.stringify([resolveUrl(), request()])] : []]
  return useAsyncData<T>(dataKey, (app, { signal }) => ((customFetch ?? app.$fetch) as $Fetch)(resolveUrl(), { ...fetchOptions, ...request(), signal } as any) as Promise<T>, {
    server,
    lazy,
    default: defaultValue,
    transform,
    pick,
    watch: sources,
    immediate,
    getCachedData,
    dedupe,
    deep,
  } as AsyncDataOptions<T>)
}

/** `useFetch` with `lazy: true`. */
export function useLazyFetch<R extends KnownRoute | (string & {}), M extends string = 'get', T = TypedResult<R, Lowercase<M>>>(
  url: R | (() => R) | Ref<R>,
  options: UseFetchOptions<T, M> = {},
): AsyncData<T> & Promise<AsyncData<T>> {
  return useFetch<R, M, T>(url, { ...options, lazy: true })
}
