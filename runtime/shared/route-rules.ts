/**
 * `routeRules` (docs/routing.md): Nitro's names, matched by path pattern and
 * merged, most specific last so it wins. Patterns are paths inside the app
 * (the base is taken off first), compiled by runtime/shared/route-pattern.ts.
 */
import { compilePattern, isPattern, toPathMatcher } from './route-pattern.ts'

export interface RouteRule {
  /** Built at build time; the worker answers from the precache, Node hosts serve the file. */
  prerender?: boolean
  /** Answer the last render at once, and render again in the background when older than this (seconds; `true`: always). */
  swr?: number | boolean
  /** Nitro's other name for `swr` here. */
  isr?: number | boolean
  /** `false`: an HTML shell; the page renders in the client. */
  ssr?: boolean
  /** Answer a redirect (307 unless `status` says otherwise). */
  redirect?: string | { to: string, status?: number }
  /** Added to the answer. */
  headers?: Record<string, string>
  /** `false`: the worker never answers; the request goes to the network untouched. */
  worker?: boolean
  /** `false`: the worker does not keep this page's render (docs/worker.md#render-cache). */
  cache?: boolean
}

export type RouteRules = Record<string, RouteRule>

/**
 * Rules compiled: each pattern's expression (anchored, on the path inside the app) with its
 * rule, least specific first. The build writes an app's as code (`#swerve/virtual/route-rules`),
 * so no host compiles them at start.
 */
export type CompiledRules = { pattern: RegExp, rule: RouteRule }[]

/** Each rules object is compiled once (a build asks for its rules in several places). */
const compiledRules = new WeakMap<RouteRules, CompiledRules>()

export function compileRules(rules: RouteRules): CompiledRules {
  let compiled = compiledRules.get(rules)
  if (!compiled) {
    compiled = Object.entries(rules)
      .map(([path, rule]) => ({ ...compilePattern(path), rule }))
      .sort((a, b) => a.specificity - b.specificity)
      .map(({ source, rule }) => ({ pattern: new RegExp(`^${source}/?$`), rule }))
    compiledRules.set(rules, compiled)
  }
  return compiled
}

/** Compiled rules as JavaScript: each expression a literal (the build's `#swerve/virtual/route-rules`). */
export const compiledRulesCode = (compiled: CompiledRules) =>
  `[${compiled.map(({ pattern, rule }) => `{ pattern: ${pattern}, rule: ${JSON.stringify(rule)} }`).join(', ')}]`

function merge(into: RouteRule, rule: RouteRule): RouteRule {
  return { ...into, ...rule, headers: rule.headers || into.headers ? { ...into.headers, ...rule.headers } : undefined }
}

/**
 * `pathname` (with the base) → the merged rule of every pattern it matches. `rules` as written
 * are compiled on the first call; a host passes the build's, compiled already.
 */
export function createRouteRules(rules: RouteRules | CompiledRules = {}, base = '/'): (pathname: string) => RouteRule {
  const root = base.replace(/\/$/, '')
  const none: RouteRule = {}
  if (Array.isArray(rules) ? !rules.length : !Object.keys(rules).length) return () => none
  let compiled: CompiledRules | undefined
  const compile = Array.isArray(rules) ? () => rules : () => compileRules(rules)
  // A request asks for its path's rule several times (the worker's routing, the server, each
  // in-process $fetch): each path's is kept, up to 500 paths at a time.
  const known = new Map<string, RouteRule>()
  return (pathname) => {
    let found = known.get(pathname)
    if (found) return found
    const path = pathname.startsWith(root) ? pathname.slice(root.length) || '/' : pathname
    let merged: RouteRule | undefined
    for (const { pattern, rule } of compiled ??= compile()) {
      if (pattern.test(path)) merged = merge(merged ?? {}, rule)
    }
    if (merged && merged.headers === undefined) delete merged.headers
    found = merged ?? none
    if (known.size >= 500) known.clear()
    known.set(pathname, found)
    return found
  }
}

/** The redirect a rule asks for, as `{ to, status }`. */
export function redirectOf(rule: RouteRule): { to: string, status: number } | undefined {
  if (!rule.redirect) return undefined
  return typeof rule.redirect === 'string' ? { to: rule.redirect, status: 307 } : { to: rule.redirect.to, status: rule.redirect.status ?? 307 }
}

/** Seconds a `swr`/`isr` render stays fresh (0: always re-render in the background), or undefined without one. */
export function swrOf(rule: RouteRule): number | undefined {
  const value = rule.swr ?? rule.isr
  if (value === undefined || value === false) return undefined
  return value === true ? 0 : value
}

/** The exact paths (no `*`, `**`, `:param`) whose rule says `prerender: true`: the build prerenders them. */
export function prerenderPathsOf(rules: RouteRules = {}, rulesFor = createRouteRules(rules)): string[] {
  return Object.keys(rules).filter(path => !isPattern(path) && rulesFor(path).prerender === true)
}

/**
 * The exact paths whose rule says `swr`/`isr` (and neither `prerender` nor `worker: false`):
 * the worker renders them at install, so their first visit has a kept render too.
 */
export function swrPathsOf(rules: RouteRules = {}, rulesFor = createRouteRules(rules)): string[] {
  return Object.keys(rules).filter((path) => {
    const rule = rulesFor(path)
    return !isPattern(path) && swrOf(rule) !== undefined && !rule.prerender && rule.worker !== false
  })
}

/**
 * Which paths the worker leaves to the network: `worker: false` ones and the
 * routes only the origin has (`*.origin.ts`, routes under `worker: false`).
 */
export function toRemoteMatcher(rulesFor: (pathname: string) => RouteRule, base: string, originRoutes: string[]): (pathname: string) => boolean {
  const isOriginRoute = toPathMatcher(base, originRoutes)
  return pathname => rulesFor(pathname).worker === false || isOriginRoute(pathname)
}
