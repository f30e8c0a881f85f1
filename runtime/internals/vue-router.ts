/**
 * vue-router's `matcher` option of createRouter (internal to Nuxt, deprecated) and its matcher
 * records, read where its API stops (written for the range in runtime/internals/versions.ts,
 * test/internals-range.test.ts runs both ends): `re`, `parse`, `keys` and `parent` of each
 * record, to resolve a path from the few routes that could match it.
 */
import { createRouter, createRouterMatcher, type RouteRecordNormalized, type RouteRecordRaw, type Router, type RouterMatcher, type RouterOptions } from 'vue-router'

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

export function sharedMatcherOf(routes: RouteRecordRaw[]): SharedMatcher {
  let lazy = sharedMatchers.get(routes)
  if (!lazy) sharedMatchers.set(routes, lazy = createSharedMatcher(routes))
  return lazy
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

/** A server's router for one request: its matcher is `requestMatcher`'s, shared by the requests on the same routes. */
export function createRequestRouter(options: RouterOptions & { routes: RouteRecordRaw[] }): Router {
  return createRouter({ ...options, matcher: requestMatcher(options.routes) })
}
