/**
 * Rollup's hook filters, as modules' Vite plugins give them (build/vite-host.ts): a hook is a
 * function or `{ filter, handler }`; `filter.id` and `filter.code` are a pattern, a list of
 * them, or `{ include, exclude }`. unplugin's `transformInclude` and `loadInclude` are checked too.
 */
import { matchesGlob } from 'node:path'

export type Hook = (this: unknown, ...args: unknown[]) => unknown
export interface HookObject { handler: Hook, filter?: { id?: unknown, code?: unknown } }

/** A hook as `{ handler, filter }`; undefined when the field is not a hook. */
export function hookOf(hook: unknown): HookObject | undefined {
  if (typeof hook === 'function') return { handler: hook as Hook }
  if (hook && typeof hook === 'object' && typeof (hook as HookObject).handler === 'function') return hook as HookObject
  return undefined
}

type Pattern = string | RegExp

const toList = (value: unknown): Pattern[] => value == null ? [] : (Array.isArray(value) ? value : [value]) as Pattern[]

/** An id pattern: a RegExp, or a string that is the id or a glob matching it. */
function idPattern(pattern: Pattern, id: string): boolean {
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0
    return pattern.test(id)
  }
  if (pattern === id) return true
  try { return matchesGlob(id, pattern) }
  catch { return false }
}

/** A code pattern: a RegExp, or a string the code contains. */
function codePattern(pattern: Pattern, code: string): boolean {
  if (pattern instanceof RegExp) {
    pattern.lastIndex = 0
    return pattern.test(code)
  }
  return code.includes(pattern)
}

/** Rollup's filter: excluded by any `exclude`, else kept when `include` is empty or one matches. */
function filterMatches(filter: unknown, value: string, test: (pattern: Pattern, value: string) => boolean): boolean {
  if (filter == null) return true
  const isObject = typeof filter === 'object' && !(filter instanceof RegExp) && !Array.isArray(filter)
  const include = toList(isObject ? (filter as { include?: unknown }).include : filter)
  const exclude = toList(isObject ? (filter as { exclude?: unknown }).exclude : undefined)
  if (exclude.some(pattern => test(pattern, value))) return false
  return !include.length || include.some(pattern => test(pattern, value))
}

/** Whether a hook applies to an id: its `filter.id`, and the plugin's `transformInclude`/`loadInclude`. */
export function idMatches(plugin: Record<string, unknown>, include: 'transformInclude' | 'loadInclude' | undefined, hook: HookObject, id: string): boolean {
  const check = include && plugin[include]
  if (typeof check === 'function' && !check(id)) return false
  return filterMatches(hook.filter?.id, id, idPattern)
}

/** Whether a hook applies to this code: its `filter.code`. */
export const codeMatches = (hook: HookObject, code: string): boolean => filterMatches(hook.filter?.code, code, codePattern)
