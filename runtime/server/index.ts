/** `swerve/server`: what server plugins, middleware and routes import. */
export {
  defineHandler,
  defineEventHandler,
  getQuery,
  getValidatedQuery,
  getRouterParam,
  getRouterParams,
  getCookie,
  setCookie,
  deleteCookie,
  getHeader,
  getRequestHeader,
  getRequestHeaders,
  getRequestURL,
  setResponseHeader,
  setResponseHeaders,
  setResponseStatus,
  redirect,
  noContent,
  createError,
  HTTPError,
  H3Event,
  type EventHandler,
} from 'h3'
export { readBody, readValidatedBody } from './body.ts'
export { defineServerPlugin, defineServerPlugin as defineNitroPlugin } from './plugin.ts'
export { useStorage } from './storage.ts'
export { defineCachedEventHandler, defineCachedFunction, defineCachedEventHandler as cachedEventHandler, defineCachedFunction as cachedFunction } from './cache.ts'
export type { CacheEntry, CacheOptions, CachedEventHandlerOptions, ResponseCacheEntry } from './cache.ts'
export { useRuntimeConfig } from './runtime-config.ts'
export type { ServerPlugin, SwerveServer, SwerveStorage } from './types.ts'
export type { ServerHooks, RenderHTMLContext, SyncConflict } from './hooks.ts'
export type { SyncChange } from '../shared/sync-protocol.ts'
export { $fetch, useRequestFetch } from './fetch.ts'
export type { InternalApi } from '../shared/typed-fetch.ts'
