/**
 * `$fetch` is ofetch (docs/guide.md#fetch), given a fetch of swerve's: the pipeline's
 * in-process one on the server and in the worker, HTTP on the page (shared/fetch.ts).
 * What swerve adds around ofetch: an Idempotency-Key on unsafe methods, and `deferred`,
 * a `$fetch` that picks the fetch it goes through at each call (the request's own).
 */
import { createFetch as createOFetch, FetchError, type $Fetch, type CreateFetchOptions, type FetchOptions } from 'ofetch'
import { UNSAFE_METHODS } from './request.ts'

export { FetchError }
export type { $Fetch, CreateFetchOptions, FetchContext, FetchOptions, FetchResponse } from 'ofetch'

export type NativeFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/**
 * An unsafe method carries a fresh Idempotency-Key unless the caller set one: a resend of
 * the same request (Chromium resends to a restarted worker) is answered, not run again.
 * Each of ofetch's retries is a new attempt, with a new key.
 */
function withIdempotencyKey(input: RequestInfo | URL, init: RequestInit = {}): RequestInit {
  const request = input instanceof Request ? input : undefined
  const method = (init.method ?? request?.method ?? 'GET').toUpperCase()
  if (!UNSAFE_METHODS.has(method)) return init
  const headers = new Headers(init.headers ?? request?.headers)
  if (!headers.has('idempotency-key')) headers.set('idempotency-key', crypto.randomUUID())
  return { ...init, headers }
}

/** ofetch over `fetch`, with the Idempotency-Key. */
export function createFetch(fetch: NativeFetch, defaults?: FetchOptions): $Fetch {
  return createOFetch({ fetch: (input, init) => fetch(input, withIdempotencyKey(input, init)), defaults })
}

/**
 * A `$fetch` whose calls go through the one `pick()` gives at that moment; `create()` keeps
 * that, so a `$fetch.create(...)` made once (a plugin's `$api`) still follows each request.
 */
export function deferred(pick: () => $Fetch): $Fetch {
  const $fetch = ((request, options) => pick()(request, options)) as $Fetch
  $fetch.raw = (request, options) => pick().raw(request, options)
  $fetch.native = (input, init) => pick().native(input, init)
  $fetch.create = (defaults: FetchOptions = {}, globalOptions?: CreateFetchOptions) => deferred(() => pick().create(defaults, globalOptions))
  return $fetch
}
