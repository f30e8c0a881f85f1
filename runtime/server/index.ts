/** `swerve/server`: what server plugins, middleware and routes import (SPEC §3). */
export {
  defineHandler,
  defineEventHandler,
  readBody,
  readValidatedBody,
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
export { defineServerPlugin } from './plugin.ts'
export { useStorage, type SwerveStorage } from './storage.ts'
export type { ServerPlugin, SwerveServer } from './app.ts'
export type { ServerHooks, RenderHTMLContext } from './hooks.ts'
export { $fetch, createRequestFetch as useRequestFetch } from '../shared/fetch.ts'
export type { InternalApi } from '../shared/typed-fetch.ts'
