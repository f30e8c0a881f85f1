/**
 * `$fetch` and `useRequestFetch()` for app code: on the server they are the
 * render's request-bound `$fetch` (its headers and cookies go along), in the
 * page HTTP under the base, which the worker answers. Both are ofetch.
 */
import { deferred, type $Fetch } from '../../shared/fetch-core.ts'
import { createPipelineFetch } from '../../shared/fetch.ts'
import type { InternalFetch } from '../../shared/typed-fetch.ts'
import { $fetch as serverFetch } from '../../server/fetch.ts'
import config from '#swerve/virtual/config'
import { tryUseApp } from '../context.ts'
import { workerControl } from './service-worker.ts'

/**
 * The page's `$fetch`: HTTP under the base. A static host has no routes: before the
 * worker controls the page, its calls wait for it (docs/worker.md).
 */
export const httpFetch = /* @__PURE__ */ createPipelineFetch(undefined, undefined, import.meta.client && !config.hasOrigin && config.sw.enabled ? workerControl : undefined)

/** The app's `$fetch`: at each call, the one of the request being rendered (`$fetch.create` keeps that). */
export const $fetch = /* @__PURE__ */ deferred(() => useRequestFetch() as unknown as $Fetch) as unknown as InternalFetch

/** The app's `$fetch`: bound to the request being rendered on the server. */
export function useRequestFetch(): InternalFetch {
  return tryUseApp()?.$fetch ?? (import.meta.server ? serverFetch : httpFetch)
}
