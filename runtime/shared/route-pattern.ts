/**
 * The one compiler of the path patterns swerve reads (docs/routing.md): `routeRules`, the
 * server's route files (the worker's `isServerRoute`, the origin's routes), and runtime
 * caching's URL patterns. A route pattern is a path inside the app: a literal segment, `*` or
 * `:name` one segment, `**` (or `**:name`) any number of segments, none included (`/blog/**`
 * is `/blog` too); a trailing slash is optional.
 *
 * rou3 (which h3 routes with) is not used here: its `*` also matches an empty last segment
 * (`/docs/*` matches `/docs`), where the documented `*` is one segment.
 */

/** `text` matched literally inside a regular expression. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const isMany = (segment: string) => segment.startsWith('**')
const isOne = (segment: string) => segment === '*' || segment.startsWith(':')

/** Whether a path has a `*`, `**` or `:param` segment (else it names one path). */
export const isPattern = (path: string) => path.split('/').some(segment => isMany(segment) || isOne(segment))

export interface CompiledPattern {
  /** The expression's source, unanchored, without the trailing slash: `/docs(?:/.*)?`. */
  source: string
  /** Higher is more specific: an exact path over a literal segment over `*` over `**`. */
  specificity: number
}

/** One route pattern as an expression's source, and how specific it is. */
export function compilePattern(pattern: string): CompiledPattern {
  const segments = pattern.split('/').filter(Boolean)
  let source = ''
  let specificity = 0
  for (const [i, segment] of segments.entries()) {
    if (isMany(segment)) {
      source += i === segments.length - 1 ? '(?:/.*)?' : '(?:/[^/]+)*'
      specificity += 1
    } else if (isOne(segment)) {
      source += '/[^/]+'
      specificity += 100
    } else {
      source += `/${escapeRegExp(segment)}`
      specificity += 10_000
    }
  }
  return { source, specificity: specificity + (isPattern(pattern) ? 0 : 1_000_000) }
}

/** An anchored expression for sources under `root` (the base without its trailing slash). */
export const toExpression = (sources: string[], root = '') =>
  new RegExp(`^${escapeRegExp(root)}(?:${sources.join('|')})/?$`)

/**
 * Whether a pathname matches one of `patterns` under `base`. One expression for all, made on
 * the first call: a worker's start makes none.
 */
export function toPathMatcher(base: string, patterns: string[]): (pathname: string) => boolean {
  if (!patterns.length) return () => false
  let expression: RegExp | undefined
  const compile = () => toExpression([...new Set(patterns)].map(pattern => compilePattern(pattern).source), base.replace(/\/$/, ''))
  return pathname => (expression ??= compile()).test(pathname)
}

/**
 * A runtime-caching URL pattern (docs/worker.md) as a matcher: unlike a route pattern, `*` is
 * any characters, across segments; `:name` one segment; a full URL compares its origin too;
 * the query is not compared.
 */
export function urlPatternMatcher(pattern: string, origin: string): (url: URL) => boolean {
  const full = /^[a-z][a-z\d+.-]*:\/\//i.test(pattern)
  const source = pattern.split(/(\*|:[A-Za-z_]\w*)/).map(part => part === '*' ? '.*' : /^:[A-Za-z_]/.test(part) ? '[^/]+' : escapeRegExp(part)).join('')
  const expression = new RegExp(`^${source}$`)
  return full
    ? url => expression.test(url.origin + url.pathname)
    : url => url.origin === origin && expression.test(url.pathname)
}
