/**
 * `$fetch` and `useRequestFetch` for server code. `event.$fetch` (and
 * `useRequestFetch(event)`) forwards the request's headers and cookies
 * wherever it is called; the free `$fetch` finds the request from its context,
 * which in the worker ends at the first `await` (see context.ts).
 */
import type { H3Event } from 'h3'
import { createPipelineFetch } from '../shared/fetch.ts'
import type { InternalFetch } from '../shared/typed-fetch.ts'
import { tryUseContext, tryUseEvent } from './context.ts'

const httpFetch = /* @__PURE__ */ createPipelineFetch()

export const $fetch = function $fetch(request: string, options?: object) {
  const context = tryUseContext()
  return (context?.event?.$fetch ?? context?.server.$fetch ?? httpFetch)(request, options)
} as InternalFetch

/** `$fetch` bound to `event` (default: the current one): its headers and cookies go along. */
export function useRequestFetch(event: H3Event | undefined = tryUseEvent()): InternalFetch {
  return event?.$fetch ?? $fetch
}
