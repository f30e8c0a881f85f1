/**
 * h3's app with its router filled as requests ask, over h3's `~` members (`~addRoute`,
 * `~findRoute`, `~routes`, `~rou3`), which are internal, and an event's request replaced
 * (`event.req`, typed read-only): written for the version in runtime/internals/versions.ts;
 * test/internals.test.ts fails when the installed one differs.
 */
import { H3, type H3Event, type H3Route } from 'h3'
import { addRoute } from 'rou3'

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

/**
 * Hands the rest of the event's handlers `request` in place of the one it came with. h3 types
 * `event.req` read-only and has no API to replace it; its own `assertBodySize` (behind
 * `bodyLimit`) assigns it the same way.
 */
export function replaceRequest(event: H3Event, request: Request): void {
  ;(event as { req: Request }).req = request
}
