/** The app's router: page meta, validation and route middleware in the order of docs/lifecycle.md. */
import { createRouter, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw, type Router, type RouterHistory, type RouterOptions } from 'vue-router'
import { createRequestRouter, sharedMatcherOf } from '../internals/vue-router.ts'
import { callWithApp, useApp, type SwerveApp } from './context.ts'
import { createError, showError } from './composables/error.ts'
import type { PageMeta, RouteMiddleware } from './composables/router.ts'

export interface RouterEntry {
  routes: RouteRecordRaw[]
  /** Set by the build when the app has layouts (components/layout.ts): apps without any load no layout code. */
  preloadLayout?: (app: SwerveApp, layout: unknown) => Promise<void>
  globalMiddleware: { name: string, handler: RouteMiddleware }[]
  namedMiddleware: Record<string, () => Promise<RouteMiddleware>>
}

async function loadPageMeta(to: RouteLocationNormalized): Promise<PageMeta[]> {
  const metas = await Promise.all(to.matched.map(async (record) => {
    const load = record.meta.load as (() => Promise<{ pageMeta?: PageMeta }>) | undefined
    const meta = (await load?.())?.pageMeta
    // `<NuxtPage>` keys each page by its own record's `key` (components/page-key.ts).
    if (meta?.key !== undefined) record.meta.key = meta.key
    return meta
  }))
  const found = metas.filter(Boolean) as PageMeta[]
  for (const meta of found) {
    for (const [key, value] of Object.entries(meta)) if (key !== 'validate' && key !== 'middleware') (to.meta as any)[key] = value
  }
  return found
}

async function resolveMiddleware(app: SwerveApp, entry: RouterEntry, metas: PageMeta[]): Promise<{ name: string, handler: RouteMiddleware }[]> {
  const added = app._middleware ?? []
  const list = [...entry.globalMiddleware, ...added.filter(m => m.global).map(m => ({ name: m.name ?? 'global', handler: m.handler }))]
  for (const meta of metas) {
    const items = meta.middleware === undefined ? [] : Array.isArray(meta.middleware) ? meta.middleware : [meta.middleware]
    for (const item of items) {
      if (typeof item === 'function') { list.push({ name: item.name || 'inline', handler: item }); continue }
      const own = added.find(m => !m.global && m.name === item)
      if (own) { list.push({ name: item, handler: own.handler }); continue }
      const load = entry.namedMiddleware[item]
      if (!load) throw createError({ status: 500, message: `Unknown route middleware "${item}". Known: ${[...Object.keys(entry.namedMiddleware), ...added.flatMap(m => m.global || !m.name ? [] : [m.name])].join(', ') || 'none'}.` })
      list.push({ name: item, handler: await load() })
    }
  }
  return list
}

/**
 * Adds route middleware from code (an app plugin): `addRouteMiddleware('auth', fn)` for pages
 * that name it, `addRouteMiddleware(fn)` or `{ global: true }` for every navigation.
 */
export function addRouteMiddleware(name: string | RouteMiddleware, middleware?: RouteMiddleware, options: { global?: boolean } = {}): void {
  const app = useApp()
  const list = (app._middleware ??= [])
  if (typeof name === 'function') list.push({ handler: name, global: true })
  else list.push({ name, handler: middleware!, global: !!options.global })
}

const pageNotFound = (path?: string) => createError({ status: 404, statusText: 'Page Not Found', message: path ? `Page not found: ${path}` : 'Page not found' })

function toValidationError(result: unknown) {
  if (result === false) return pageNotFound()
  if (result && typeof result === 'object') return createError({ status: 404, ...(result as object), fatal: true })
  return undefined
}

/** Settles when the router's first navigation ends, whether it succeeded, was aborted or redirected. */
export function firstNavigation(router: Router): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = router.afterEach(() => {
      stop()
      resolve()
    })
    router.onError(reject)
  })
}

/** Whether a page route matches `path` (relative to the base), from the shared matcher. */
export function matchesPage(routes: RouteRecordRaw[], path: string): boolean {
  return sharedMatcherOf(routes).resolvePath(path).matched.length > 0
}

/**
 * An app without pages/ (app.vue alone): as with Nuxt's own router for such apps, every
 * navigation runs, one to the URL already shown included, so a `<NuxtLink>` to the current
 * route runs route middleware and the router's hooks again (vue-router would skip it).
 */
function runEveryNavigation(router: Router): void {
  const locationOf = (to: RouteLocationRaw) => {
    if (typeof to !== 'string') return to
    const { path, query, hash } = router.resolve(to)
    return { path, query, hash }
  }
  for (const method of ['push', 'replace'] as const) {
    const navigate = router[method]
    router[method] = to => navigate({ ...locationOf(to), force: true })
  }
}

export function createAppRouter(app: SwerveApp, entry: RouterEntry, history: RouterHistory, ready: Promise<void>) {
  const options: RouterOptions & { routes: RouteRecordRaw[] } = { history, routes: entry.routes, scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 } }
  // A browser builds its one router's matcher; a server shares one across requests.
  const router = import.meta.server ? createRequestRouter(options) : createRouter(options)
  if (import.meta.client && entry.routes.some(route => route.meta?.everyPath)) runEveryNavigation(router)

  // A client navigation leaves the error page once it has landed (clearing it
  // earlier would render the failing page again); an error the navigation
  // itself raised stays.
  let errorBefore: unknown
  router.afterEach((_to, _from, failure) => {
    if (!failure && app.isClient && !app.isHydrating && errorBefore && app.payload.error === errorBefore) app.payload.error = null
  })

  router.beforeEach(async (to, from) => {
    await ready
    // On the server, and while hydrating the server's error page, an error already decided the answer.
    if (app.payload.error && (app.isServer || app.isHydrating)) return true
    errorBefore = app.payload.error
    const raised = () => !!app.payload.error && app.payload.error !== errorBefore
    if (!to.matched.length) {
      callWithApp(app, () => showError(pageNotFound(to.fullPath)))
      return true
    }
    try {
      const metas = await loadPageMeta(to)
      for (const meta of metas) {
        if (!meta.validate) continue
        const error = toValidationError(await callWithApp(app, () => meta.validate!(to)))
        if (error) {
          callWithApp(app, () => showError(error))
          return true
        }
      }
      for (const { handler } of await resolveMiddleware(app, entry, metas)) {
        app.isProcessingMiddleware = true
        let result
        try {
          result = await callWithApp(app, () => handler(to, from))
        } finally {
          app.isProcessingMiddleware = false
        }
        if (raised()) return result === false ? false : true
        // Aborting the page a request asked for answers 404, as Nuxt does.
        if (result === false && (app.isServer || app.isHydrating)) {
          callWithApp(app, () => showError(pageNotFound(to.fullPath)))
          return true
        }
        if (result !== undefined && result !== true) return result
      }
      // Apps with layouts: the page's layout is loaded before it renders.
      await entry.preloadLayout?.(app, to.meta.layout)
    } catch (error) {
      callWithApp(app, () => showError(error))
    }
    return true
  })
  return router
}
