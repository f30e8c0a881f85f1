/** Synchronous matchers of the worker's routing: the pipeline's routes, runtime caching's URL patterns. */
import { escapeRegExp, isApiPath, toRoutesMatcher } from '../runtime/shared/paths.ts'

export function toRouteMatcher(base: string, routes: string[]): (pathname: string) => boolean {
  const matches = toRoutesMatcher(base, routes)
  return pathname => isApiPath(pathname, base) || matches(pathname)
}

/** A URL pattern as a matcher: `*` any characters, `:name` one segment, the query not compared. */
export function patternMatcher(pattern: string, origin: string): (url: URL) => boolean {
  const full = /^[a-z][a-z\d+.-]*:\/\//i.test(pattern)
  const source = pattern.split(/(\*|:[A-Za-z_]\w*)/).map(part => part === '*' ? '.*' : /^:[A-Za-z_]/.test(part) ? '[^/]+' : escapeRegExp(part)).join('')
  const expression = new RegExp(`^${source}$`)
  return full
    ? url => expression.test(url.origin + url.pathname)
    : url => url.origin === origin && expression.test(url.pathname)
}
