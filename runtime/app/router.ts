/** The app's router: page meta, validation and route middleware in the order of docs/lifecycle.md. */
import { createRouter, createRouterMatcher, type RouteLocationNormalized, type RouteRecordNormalized, type RouteRecordRaw, type Router, type RouterHistory, type RouterMatcher } from 'vue-router'
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
    return (await load?.())?.pageMeta
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

/**
 * A route table's matcher, filled as paths ask: a route whose path starts with a plain segment
 * (`/p7`, `/users/:id`) goes in when a path with that first segment is resolved, every other
 * route at once, and all of them when something asks by name or for the list. A server's
 * first render in an app of 1,000 pages parses a few routes, not 1,000 (docs/performance.md).
 */
interface SharedMatcher {
  matcher: RouterMatcher
  /** Adds the routes that `path` could match (all of them without a path). */
  need: (path?: string) => void
  /** Resolves a path as `matcher.resolve({ path })` does, trying only the routes it could match. */
  resolvePath: (path: string) => MatcherResolved
}

type RecordMatcher = ReturnType<RouterMatcher['getRoutes']>[number]
type MatcherResolved = ReturnType<RouterMatcher['resolve']>

/**
 * vue-router's resolution of a path, from the routes that could match it in the matcher's order:
 * the first whose expression matches, its params without empty optional ones, and the records from
 * the top down with their meta merged.
 */
function resolveAmong(candidates: RecordMatcher[], path: string): MatcherResolved {
  const found = candidates.find(candidate => candidate.re.test(path))
  if (!found) return { name: undefined, path, params: {}, matched: [], meta: {} }
  const params = found.parse(path)!
  for (const key of found.keys) if (key.optional && !params[key.name]) delete params[key.name]
  const matched: RouteRecordNormalized[] = []
  for (let at: RecordMatcher | undefined = found; at; at = at.parent) matched.unshift(at.record)
  return { name: found.record.name, path, params, matched, meta: matched.reduce((meta, record) => Object.assign(meta, record.meta), {}) }
}

/** A path's first segment, lowercased: vue-router matches case-insensitively by default. */
function headOf(path: string): string {
  // What `path.split('/')[1]` is, without an array for every segment (this runs on every resolve).
  const start = path.indexOf('/') + 1
  if (!start) return ''
  const end = path.indexOf('/', start)
  return path.slice(start, end < 0 ? undefined : end).toLowerCase()
}

/** A route's `headOf`, if it is plain text and nothing under the route can match elsewhere. */
function plainHead(route: RouteRecordRaw, top = true): string | undefined {
  if (route.alias !== undefined || (!top && route.path.startsWith('/'))) return undefined
  if (route.children?.some(child => plainHead(child, false) === undefined)) return undefined
  if (!top) return ''
  const head = headOf(route.path)
  return route.path.startsWith('/') && /^[\w.~-]*$/.test(head) ? head : undefined
}

function createSharedMatcher(routes: RouteRecordRaw[]): SharedMatcher {
  const matcher = createRouterMatcher([], {})
  const waiting = new Map<string, RouteRecordRaw[]>()
  for (const route of routes) {
    const head = plainHead(route)
    if (head === undefined) matcher.addRoute(route)
    else waiting.set(head, [...waiting.get(head) ?? [], route])
  }
  const heads = new Set(waiting.keys())
  const add = (head: string) => {
    for (const route of waiting.get(head) ?? []) matcher.addRoute(route)
    waiting.delete(head)
  }
  const need = (path?: string) => {
    if (!waiting.size) return
    if (path?.startsWith('/')) add(headOf(path))
    else for (const head of [...waiting.keys()]) add(head)
  }
  // vue-router tries every route in turn. A path needs only its head's routes and the others, in
  // the matcher's order: adding routes keeps the order of those already in.
  const others = matcher.getRoutes().slice()
  const isOther = new Set(others)
  const headOfRecord = (record: RecordMatcher): string => record.parent ? headOfRecord(record.parent) : headOf(record.record.path)
  const candidates = new Map<string, RecordMatcher[]>()
  return {
    matcher,
    need,
    resolvePath(path) {
      const head = headOf(path)
      if (waiting.size) add(head)
      let list = candidates.get(head)
      // Only the app's own heads get a list: paths from requests do not grow the map.
      if (!list && heads.has(head)) candidates.set(head, list = matcher.getRoutes().filter(record => isOther.has(record) || headOfRecord(record) === head))
      return resolveAmong(list ?? others, path)
    },
  }
}

/** One matcher per route table, shared by a server's requests (docs/performance.md). */
const sharedMatchers = new WeakMap<RouteRecordRaw[], SharedMatcher>()

function sharedMatcherOf(routes: RouteRecordRaw[]): SharedMatcher {
  let lazy = sharedMatchers.get(routes)
  if (!lazy) sharedMatchers.set(routes, lazy = createSharedMatcher(routes))
  return lazy
}

/** Whether a page route matches `path` (relative to the base), from the shared matcher. */
export function matchesPage(routes: RouteRecordRaw[], path: string): boolean {
  return sharedMatcherOf(routes).resolvePath(path).matched.length > 0
}

/**
 * A request's matcher. Building one parses every route, so each request's router
 * shares one per route table; the records it hands out are this request's copies
 * (route guards and `beforeRouteEnter` callbacks are kept on them), and a request
 * that adds or removes routes gets a matcher of its own from then on.
 */
export function requestMatcher(routes: RouteRecordRaw[]): RouterMatcher {
  const { matcher: shared, need, resolvePath } = sharedMatcherOf(routes)
  let own: RouterMatcher | undefined
  const mine = () => own ??= createRouterMatcher(routes, {})
  const copies = new Map<RouteRecordNormalized, RouteRecordNormalized>()
  const copyOf = (record: RouteRecordNormalized) => {
    let copy = copies.get(record)
    if (!copy) {
      copy = { ...record, meta: { ...record.meta }, instances: {}, leaveGuards: new Set(), updateGuards: new Set(), enterCallbacks: {} }
      // The loaded page modules stay shared (vue-router keeps them out of sight, on `mods`).
      Object.defineProperty(copy, 'mods', { value: (record as { mods?: object }).mods })
      copies.set(record, copy)
    }
    return copy
  }
  return {
    resolve(location, current) {
      if (own) return own.resolve(location, current)
      let resolved: MatcherResolved
      if ('path' in location && location.path?.startsWith('/') && !('name' in location && location.name)) resolved = resolvePath(location.path)
      else {
        need('path' in location ? location.path : undefined)
        resolved = shared.resolve(location, current)
      }
      return { ...resolved, matched: resolved.matched.map(copyOf) }
    },
    addRoute(record, parent) {
      const matcher = mine()
      // `router.addRoute(parentName, …)` found the parent in the shared matcher: take this request's own.
      return matcher.addRoute(record, parent?.record.name === undefined ? parent : matcher.getRecordMatcher(parent.record.name))
    },
    removeRoute: (route: Parameters<RouterMatcher['getRecordMatcher']>[0] | NonNullable<ReturnType<RouterMatcher['getRecordMatcher']>>) => mine().removeRoute(route as never),
    clearRoutes: () => mine().clearRoutes(),
    getRoutes: () => {
      need()
      return (own ?? shared).getRoutes()
    },
    getRecordMatcher: (name) => {
      need()
      return (own ?? shared).getRecordMatcher(name)
    },
  }
}

export function createAppRouter(app: SwerveApp, entry: RouterEntry, history: RouterHistory, ready: Promise<void>) {
  const router = createRouter({
    history,
    routes: entry.routes,
    // A browser builds its one router's matcher; a server shares one across requests.
    matcher: import.meta.server ? requestMatcher(entry.routes) : undefined,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

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
