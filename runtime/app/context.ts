/** The per-request (server) or per-page (client) app context, reachable by `useApp()`. */
import { hasInjectionContext, inject, type App, type InjectionKey } from 'vue'
import type { Router } from 'vue-router'
import type { VueHeadClient } from '@unhead/vue'
import type { Hookable } from 'hookable'
import type { H3Event } from 'h3'
import type { ErrorShape } from '../shared/errors.ts'
import type { InternalFetch } from '../shared/typed-fetch.ts'

export interface Payload {
  /** `useAsyncData` / `useFetch` results by key. */
  data: Record<string, unknown>
  /** `useState` values by key. */
  state: Record<string, unknown>
  error?: ErrorShape | null
  /** `useAsyncData` errors by key, so hydration does not retry them. */
  errors?: Record<string, ErrorShape | null>
  serverRendered: boolean
  /** `callOnce` keys the server ran. */
  once?: string[]
  /** The page came from 200.html/404.html: render on the client instead of hydrating. */
  fallback?: boolean
  buildId: string
  config: Record<string, unknown>
  /** Pinia's stores, by id, when the app has Pinia (runtime/app/pinia.ts). */
  pinia?: Record<string, unknown>
}

export interface AppHooks {
  'app:created': (app: SwerveApp) => void | Promise<void>
  'app:beforeMount': (app: SwerveApp) => void | Promise<void>
  'app:mounted': (app: SwerveApp) => void | Promise<void>
  /** Client: the page's async setup (useAsyncData …) has settled; hydration is over. */
  'app:suspense:resolve': (app: SwerveApp) => void | Promise<void>
  'app:rendered': (context: { app: SwerveApp, html: string }) => void | Promise<void>
  'app:error': (error: unknown) => void | Promise<void>
  /** Client: an error thrown in a component (render, setup, lifecycle hook, event handler). */
  'vue:error': (error: unknown, instance: import('vue').ComponentPublicInstance | null, info: string) => void | Promise<void>
  /** Client: a page's Suspense starts waiting for the page's async setup (the page's vnode). */
  'page:start': (page?: import('vue').VNode) => void | Promise<void>
  /** Client: the page has rendered (after its Suspense resolved, on the next tick). */
  'page:finish': (page?: import('vue').VNode) => void | Promise<void>
  /** Client: the leaving page's transition has ended. */
  'page:transition:finish': (page?: import('vue').VNode) => void | Promise<void>
}

export interface SwerveApp {
  vueApp: App
  router: Router
  head: VueHeadClient<any>
  hooks: Hookable<AppHooks>
  isServer: boolean
  isClient: boolean
  payload: Payload
  /** The h3 event on the server; undefined on the client. */
  event?: H3Event
  /** `$fetch` bound to this request: forwards its headers on the server. */
  $fetch: InternalFetch
  /** Server: an error captured while rendering; the renderer renders the error page instead. */
  renderError?: unknown
  /** Server: a redirect decided by route middleware. */
  redirect?: { location: string, status: number }
  /** Makes `value` available as `app.$name` and `this.$name` in templates. */
  provide: (name: string, value: unknown) => void
  runWithContext: <T>(fn: () => T) => T
  /** True while route middleware runs: `navigateTo` then returns the location to the router. */
  isProcessingMiddleware: boolean
  /** Settles when the router's first navigation ends (aborted ones too). */
  firstNavigation: Promise<void>
  /** Whether the client is still hydrating the server HTML. */
  isHydrating: boolean
  /** Nuxt's shortcut for `hooks.hook`. */
  hook: Hookable<AppHooks>['hook']
  /** Nuxt's name for the public runtime config (`useNuxtApp().$config`). */
  $config: Record<string, unknown>
  /** `layouts/*.vue` by name (build/virtual.ts), as loaders; undefined when the app has none. */
  _layouts?: Record<string, () => Promise<any>>
  _layoutComponents?: Map<string, import('vue').Component>
  _layoutOverride?: import('vue').ShallowRef<string | false | undefined>
  /** KeepAlive and Transition around pages, in apps that use them (components/page-wrappers.ts). */
  _wrapPage?: (app: SwerveApp, suspense: import('vue').VNode, page: import('vue').VNode, route: import('vue-router').RouteLocationNormalizedLoaded, props: { transition?: unknown, keepalive?: unknown }) => import('vue').VNode
  /** The browser page (client/page.ts), in the page only: runtime/ reaches no DOM of its own. */
  _page?: import('./page.ts').Page
  /** `useCookie` refs by name. */
  _cookies?: Map<string, import('vue').Ref<unknown>>
  /** `refreshCookie`: reads a cookie again, by name. */
  _cookieReaders?: Map<string, () => void>
  /** `useAsyncData` entries by key, for `refreshAsyncData` and `clearAsyncData`. */
  _asyncData?: Map<string, { refresh: (options?: { dedupe?: 'cancel' | 'defer' }) => Promise<void>, clear: () => void }>
  /** `callOnce` keys run in this app. */
  _once?: Set<string>
  /** `app.config.ts`, made reactive once per app. */
  _appConfig?: Record<string, unknown>
  _appConfigSource?: Record<string, unknown>
  _runtimeConfig?: Record<string, any> & { public: Record<string, any> }
  /** Route middleware added with `addRouteMiddleware`, for this app only. */
  _middleware?: { name?: string, handler: (to: any, from: any) => any, global: boolean }[]
  [key: `$${string}`]: unknown
}

export const APP_KEY: InjectionKey<SwerveApp> = Symbol.for('swerve:app')

let currentApp: SwerveApp | undefined
/** The page has one app, so event handlers can reach it; the server never falls back (requests interleave). */
let pageApp: SwerveApp | undefined

export function setPageApp(app: SwerveApp): void {
  pageApp = app
}

/** For code that runs before the Vue app can inject (plugin setup on the client, the router). */
export function callWithApp<T>(app: SwerveApp, fn: () => T): T {
  const previous = currentApp
  currentApp = app
  try {
    return app.vueApp.runWithContext(fn)
  } finally {
    currentApp = previous
  }
}

/**
 * Keeps the app across an `await` in an app plugin or route middleware: the build
 * rewrites `await x` there into a call of this (build/transforms.ts). The app is
 * set again for the code after the await, until it yields.
 */
export function executeAsync<T>(fn: () => T): [T, () => void] {
  const app = currentApp
  const restore = () => {
    if (!app) return
    currentApp = app
    // The code after the await runs up to its next await in this microtask; then another request's code may run.
    queueMicrotask(() => { if (currentApp === app) currentApp = undefined })
  }
  // The awaited expression itself runs with the app (`await navigateTo(...)`).
  let awaitable = fn()
  if (awaitable && typeof (awaitable as { catch?: unknown }).catch === 'function') {
    awaitable = (awaitable as unknown as Promise<unknown>).catch((error) => {
      restore()
      throw error
    }) as T
  }
  currentApp = undefined
  return [awaitable, restore]
}

export function tryUseApp(): SwerveApp | undefined {
  return (hasInjectionContext() ? inject(APP_KEY, undefined) : undefined) ?? currentApp ?? (import.meta.client ? pageApp : undefined)
}

export function useApp(): SwerveApp {
  const app = tryUseApp()
  if (!app) throw new Error('[swerve] useApp() was called outside of a component, app plugin, route middleware or validate. Call it at the top of setup, or before the first await.')
  return app
}
