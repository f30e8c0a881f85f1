/**
 * Where the worker sends a request (docs/architecture.md#the-worker): decided
 * synchronously from the request and facts of this build, with no I/O, so a fetch
 * event knows at once whether it answers at all. Unit-tested in Node (test/route.test.ts).
 */
import { isApiPath, isPageRequest, swervePrefix } from '../runtime/shared/paths.ts'
import { toPathMatcher } from '../runtime/shared/route-pattern.ts'
import { swrOf, type RouteRule } from '../runtime/shared/route-rules.ts'

/**
 * - `network`: not the worker's; the browser fetches it as if there were no worker.
 * - `asset`: a precached file, or a hashed client file of any version still cached.
 * - `prerender`: a `prerender` page, as the build rendered it.
 * - `swr`: an `swr` page, from the worker's store, rendered again when stale.
 * - `runtime`: a `sw.runtimeCaching` rule's (sw/runtime-caching.ts): never a navigation or a server route.
 * - `pipeline`: a navigation or a server route: the pipeline answers.
 * - `pass`: anything else in scope: server middleware may answer, else the network.
 */
export type WorkerRoute = 'network' | 'asset' | 'prerender' | 'swr' | 'runtime' | 'pipeline' | 'pass'

export interface RouteFacts {
  /** The worker's origin and its scope's path. */
  origin: string
  base: string
  /** Paths only the origin answers: `worker: false` rules and `*.origin.ts` routes. */
  isRemote: (pathname: string) => boolean
  /** The pipeline's API and server routes. */
  isServerRoute: (pathname: string) => boolean
  /** Whether the precache has this URL. */
  isPrecached: (url: URL) => boolean
  rulesFor: (pathname: string) => RouteRule
  /** Whether a `sw.runtimeCaching` rule matches (absent: the app has none). */
  isRuntime?: (url: URL, request: RoutedRequest) => boolean
}

/** `isServerRoute`: the API (`<base>api/`, the pipeline's JSON 404 included) and the server's route patterns. */
export function toServerRouteMatcher(base: string, routes: string[]): (pathname: string) => boolean {
  const matches = toPathMatcher(base, routes)
  return pathname => isApiPath(pathname, base) || matches(pathname)
}

export type RoutedRequest = Pick<Request, 'url' | 'method' | 'mode' | 'headers' | 'destination'>

/** `url`: the request's, when the caller has parsed it already. */
export function route(request: RoutedRequest, facts: RouteFacts, url = new URL(request.url)): WorkerRoute {
  const { pathname } = url
  // Another origin's file (a CDN's font, an API) is the network's, unless a runtime rule keeps it.
  if (url.origin !== facts.origin) return facts.isRuntime?.(url, request) ? 'runtime' : 'network'
  if (!pathname.startsWith(facts.base)) return 'network'
  const own = swervePrefix(facts.base)
  // The sync route is the origin's: the worker's sync engine calls it.
  if (facts.isRemote(pathname) || pathname.startsWith(`${own}sync/`)) return 'network'
  const forPipeline = request.mode === 'navigate' || facts.isServerRoute(pathname)
  // A Range on a static file is the network's to answer; the pipeline answers its own routes.
  if (request.headers.has('range') && !forPipeline) return 'network'
  if (request.method === 'GET' && (pathname.startsWith(own) || facts.isPrecached(url))) return 'asset'
  // The same test as the server's `swr` (runtime/server/app.ts): a page's GET, navigation or not.
  if (request.method === 'GET' && isPageRequest(request, pathname, facts.base)) {
    const rule = facts.rulesFor(pathname)
    if (rule.prerender) return 'prerender'
    if (swrOf(rule) !== undefined) return 'swr'
  }
  if (forPipeline) return 'pipeline'
  return facts.isRuntime?.(url, request) ? 'runtime' : 'pass'
}
