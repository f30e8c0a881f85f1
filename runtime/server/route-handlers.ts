/**
 * API and server routes on h3's router: one route per method, its module
 * loaded on first use; HEAD falls back to GET; a path whose handlers are all
 * method-specific answers other methods 405 with `Allow`.
 */
import { HTTPError, type EventHandler, type H3, type H3Event } from 'h3'
import type { RouteEntry } from './types.ts'

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Wraps each handler: runs it in the server's context and shapes its answer. */
export type RouteCaller = (event: H3Event, handler: EventHandler) => Promise<unknown>

/** Marks h3 routes that belong to the app's API and server routes (not pages), in their meta. */
export const ROUTE_META = { swerveRoute: true }

export function isRouteEvent(event: H3Event): boolean {
  return !!(event.context.matchedRoute as { meta?: typeof ROUTE_META } | undefined)?.meta?.swerveRoute
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
