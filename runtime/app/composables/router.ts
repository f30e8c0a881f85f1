/** Route middleware and navigation helpers . */
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { useApp } from '../context.ts'
import { pageOf, type Page } from '../page.ts'
import { createError, showError, type ErrorInput } from './error.ts'

export type RouteMiddlewareResult = void | undefined | boolean | RouteLocationRaw | Promise<void | undefined | boolean | RouteLocationRaw>
export type RouteMiddleware = (to: RouteLocationNormalized, from: RouteLocationNormalized) => RouteMiddlewareResult

export interface PageMeta {
  validate?: (route: RouteLocationNormalized) => boolean | Partial<ErrorInput> | Promise<boolean | Partial<ErrorInput>>
  middleware?: string | RouteMiddleware | (string | RouteMiddleware)[]
  [key: string]: unknown
}

export function defineRouteMiddleware(middleware: RouteMiddleware): RouteMiddleware {
  return middleware
}

/** Read at build time (see build/page-meta.ts); calling it at run time does nothing. */
export function definePageMeta(_meta: PageMeta): void {}

export interface NavigateToOptions {
  replace?: boolean
  /** Server: the redirect status (default 302). */
  redirectCode?: number
  external?: boolean
  /** Client: opens the URL in a new window (`window.open`) instead of navigating. */
  open?: { target?: string, windowFeatures?: Record<string, string | number | boolean | undefined> }
}

/** Client: `window.open(url, target, features)`, as Nuxt's `navigateTo(url, { open })`. */
function openWindow(page: Page, url: string, open: NonNullable<NavigateToOptions['open']>): void {
  const features = Object.entries(open.windowFeatures ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([feature, value]) => `${feature.toLowerCase()}=${value}`)
    .join(', ')
  page.open(url, open.target ?? '_blank', features)
}

/**
 * Whether a browser would leave the app for `to`. Read as a browser reads a URL: tabs and
 * newlines dropped, leading spaces and controls trimmed, `\` as `/`; so `/\evil`, `\\evil`
 * and `//evil` (other hosts) are external like `https://evil` or `javascript:`.
 */
function isExternal(to: RouteLocationRaw): boolean {
  const path = typeof to === 'string' ? to : 'path' in to && typeof to.path === 'string' ? to.path : undefined
  if (path === undefined) return false
  const read = path.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').replace(/\\/g, '/')
  return /^[a-z][a-z\d+.-]*:|^\/\//i.test(read)
}

/**
 * Goes to `to`. In route middleware, `return navigateTo(...)`. On the server it
 * answers a redirect; on the client it routes (or leaves, for `external`).
 */
export function navigateTo(to: RouteLocationRaw, options: NavigateToOptions = {}): RouteLocationRaw | Promise<unknown> | undefined {
  const app = useApp()
  const external = isExternal(to)
  if (options.open && app.isClient) {
    openWindow(pageOf(app), external ? String(to) : app.router.resolve(to).href, options.open)
    return Promise.resolve()
  }
  if (external && !options.external) {
    throw createError({ status: 400, statusText: 'Bad Request', message: `navigateTo(${JSON.stringify(to)}) leaves the app: pass { external: true } to allow it.` })
  }
  if (app.isServer) {
    const location = external ? String(to) : app.router.resolve(to).href
    app.redirect = { location, status: options.redirectCode ?? 302 }
    return external ? false as unknown as RouteLocationRaw : to
  }
  if (external) {
    pageOf(app).go(String(to), options.replace)
    return undefined
  }
  if (app.isProcessingMiddleware) return options.replace && typeof to === 'object' ? { ...(to as object), replace: true } : to
  return options.replace ? app.router.replace(to) : app.router.push(to)
}

/** Stops the navigation; with an error, shows the error page with its status. */
export function abortNavigation(error?: string | Partial<ErrorInput>): false {
  if (error) showError(createError(typeof error === 'string' ? { status: 500, message: error } : { status: 500, ...error }))
  return false
}
