/**
 * `$fetch` and `useRequestFetch` for server code. `event.$fetch` (and
 * `useRequestFetch(event)`) forwards the request's headers and cookies
 * wherever it is called; the free `$fetch` finds the request from its context
 * when it is called, which in the worker ends at the first `await` (see context.ts).
 */
import type { H3Event } from 'h3'
import { deferred, type $Fetch } from '../shared/fetch-core.ts'
import { createPipelineFetch } from '../shared/fetch.ts'
import type { InternalFetch } from '../shared/typed-fetch.ts'
import { tryUseContext, tryUseEvent } from './context.ts'

const httpFetch = /* @__PURE__ */ createPipelineFetch()

/** ofetch (`create`, `raw`, `native` ...) through the current request's `$fetch`, or the server's. */
export const $fetch = /* @__PURE__ */ deferred(() => {
  const context = tryUseContext()
  return (context?.event?.$fetch ?? context?.server.$fetch ?? httpFetch) as unknown as $Fetch
}) as unknown as InternalFetch

/** `$fetch` bound to `event` (default: the current one): its headers and cookies go along. */
export function useRequestFetch(event: H3Event | undefined = tryUseEvent()): InternalFetch {
  return event?.$fetch ?? $fetch
}
