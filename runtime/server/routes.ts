/**
 * API and server routes on h3's router: one route per method, its module
 * loaded on first use; HEAD falls back to GET; a path whose handlers are all
 * method-specific answers other methods 405 with `Allow`.
 */
import { H3, HTTPError, type EventHandler, type H3Event, type H3Route } from 'h3'
import { addRoute } from 'rou3'
import type { RouteEntry } from './types.ts'

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Wraps each handler: runs it in the server's context and shapes its answer. */
export type RouteCaller = (event: H3Event, handler: EventHandler) => Promise<unknown>

/** Marks h3 routes that belong to the app's API and server routes (not pages), in their meta. */
export const ROUTE_META = { swerveRoute: true }

export function isRouteEvent(event: H3Event): boolean {
  return !!(event.context.matchedRoute as { meta?: typeof ROUTE_META } | undefined)?.meta?.swerveRoute
}

/** A route on a path of plain segments (`/api/items/i7`): no parameter, wildcard, group or escape. */
const PLAIN_PATH = /^(?:\/[\w-]+)+$/

/**
 * h3's app, whose router gets the app's routes on plain paths when a request first asks for
 * their path, not when the server is made: a server of 250 API routes was 7 ms of router
 * insertions on every cold start of the worker (docs/performance.md). Such a route can match
 * only its own path (with one trailing slash), so the router answers every request as if it
 * had them all: a path with an empty segment, which the router matches another way, puts them
 * all in first, and so does another route on the same path, which keeps their order.
 */
export class RoutesH3 extends H3 {
  override '~addRoute'(route: H3Route): void {
    const path = route.route ?? ''
    if (route.meta?.swerveRoute && PLAIN_PATH.test(path)) {
      let deferred = deferredOf.get(this)
      if (!deferred) deferredOf.set(this, deferred = new Map())
      const list = deferred.get(path)
      if (list) list.push(route)
      else deferred.set(path, [route])
      this['~routes'].push(route)
      return
    }
    insertDeferred(this, path)
    super['~addRoute'](route)
  }

  override '~findRoute'(event: H3Event): ReturnType<H3['~findRoute']> {
    const deferred = deferredOf.get(this)
    if (deferred?.size) {
      const { pathname } = event.url
      if (pathname.includes('//')) for (const path of [...deferred.keys()]) insertDeferred(this, path)
      else insertDeferred(this, pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname)
    }
    return super['~findRoute'](event)
  }
}

/** Each app's routes not yet in its router, by path. Not a field: h3's constructor runs its config's plugins, which may add routes, before fields exist. */
const deferredOf = new WeakMap<RoutesH3, Map<string, H3Route[]>>()

/** Puts `path`'s deferred routes in `app`'s router, those still among its routes (h3's removeRoute). */
function insertDeferred(app: RoutesH3, path: string): void {
  const deferred = deferredOf.get(app)
  const routes = deferred?.get(path)
  if (!routes) return
  deferred!.delete(path)
  for (const route of routes) if (app['~routes'].includes(route)) addRoute(app['~rou3'], route.method, path, route)
}

export function addRoutes(app: H3, base: string, routes: RouteEntry[], call: RouteCaller): void {
  const prefix = base.replace(/\/$/, '')
  const byPath = new Map<string, RouteEntry[]>()
  for (const entry of routes) byPath.set(entry.route, [...byPath.get(entry.route) ?? [], entry])
  for (const [route, entries] of byPath) {
    const path = prefix + route
    const handlers = new Map(entries.map((entry) => {
      // Loaded before the call, not inside it (as h3's lazy handlers would): the handler's
      // synchronous part must run within the caller's context (see context.ts).
      let loaded: Promise<EventHandler> | undefined
      return [entry.method ?? '', async function routeHandler(event: H3Event) { return call(event, await (loaded ??= entry.handler())) }] as const
    }))
    for (const [method, handler] of handlers) app.on(method as 'GET', path, handler, { meta: ROUTE_META })
    if (handlers.has('')) continue
    const methods = new Set(handlers.keys())
    if (methods.has('GET')) methods.add('HEAD')
    const allow = METHOD_ORDER.filter(m => methods.has(m)).join(', ')
    // Every other method, in one route (each route is a router insertion on every start):
    // HEAD without a handler of its own goes to GET's (h3 leaves the body out), the rest are a 405.
    const get = handlers.has('HEAD') ? undefined : handlers.get('GET')
    app.all(path, function otherMethods(event) {
      if (get && event.req.method === 'HEAD') return get(event)
      throw new HTTPError({ status: 405, statusText: 'Method Not Allowed', message: `${event.req.method} is not allowed on ${route}. Allowed: ${allow}.`, headers: { allow } })
    }, { meta: ROUTE_META })
  }
}
