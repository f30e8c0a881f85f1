/** API and server routes: one h3 route per path, dispatching by method (405 with `Allow` otherwise). */
import { HTTPError, type EventHandler, type H3, type H3Event } from 'h3'

export interface RouteEntry {
  /** rou3 pattern, without the base: `/api/users/:id` */
  route: string
  /** Upper-case method, or undefined for any method. */
  method?: string
  file?: string
  handler: () => Promise<EventHandler>
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

export type RouteCaller = (event: H3Event, handler: EventHandler) => Promise<unknown>

export function addRoutes(app: H3, base: string, routes: RouteEntry[], call: RouteCaller): void {
  const byPath = new Map<string, RouteEntry[]>()
  for (const entry of routes) {
    const list = byPath.get(entry.route) ?? []
    list.push(entry)
    byPath.set(entry.route, list)
  }
  const prefix = base.replace(/\/$/, '')
  for (const [route, entries] of byPath) {
    const loaded = new Map<RouteEntry, Promise<EventHandler>>()
    const load = (entry: RouteEntry) => {
      let handler = loaded.get(entry)
      if (!handler) loaded.set(entry, handler = entry.handler())
      return handler
    }
    const methods = new Set(entries.map(e => e.method).filter(Boolean) as string[])
    if (methods.has('GET')) methods.add('HEAD')
    const allow = METHOD_ORDER.filter(m => methods.has(m)).join(', ')
    app.all(prefix + route, async function dispatchRoute(event) {
      event.context.swerveRoute = route
      const method = event.req.method
      const entry = entries.find(e => e.method === method)
        ?? (method === 'HEAD' ? entries.find(e => e.method === 'GET') : undefined)
        ?? entries.find(e => !e.method)
      if (!entry) throw new HTTPError({ status: 405, statusText: 'Method Not Allowed', message: `${method} is not allowed on ${route}. Allowed: ${allow}.`, headers: { allow } })
      return call(event, await load(entry))
    })
  }
}
