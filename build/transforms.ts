/**
 * Two rewrites of the app's code that Nuxt makes too (docs/conventions.md):
 *
 * - **Keys**: `useAsyncData(fn)`, `useState(init)` and `callOnce(fn)` may leave out
 *   their key; each call gets one made from its file and place.
 * - **Context across `await`**: in an app plugin or route middleware, composables
 *   called after an `await` still find the app (`executeAsync` in runtime/app/context.ts).
 */
import { createHash } from 'node:crypto'
import MagicString from 'magic-string'
import { AUTO_KEY_PREFIX } from '../runtime/shared/auto-key.ts'
import { boundNames, callsOf, isFunction, parseModule, walk, type AnyNode, type Lang } from './parse.ts'

const KEYED_NAMES = new Set(['useAsyncData', 'useLazyAsyncData', 'useState', 'callOnce'])
/** Cheap first look: a module that never spells one of the names has no call to key. */
const KEYED = /\b(?:useAsyncData|useLazyAsyncData|useState|callOnce)\b/

/**
 * Appends a key of the build's own (`"$swerve:…"`) to each keyed call: the runtime uses it
 * when the call has none. Calls are found by the parser: a member call (`x.useState(`), a
 * definition, or the name in a comment or string is none. Code that does not parse is left
 * as it is, for esbuild to name the error.
 */
export function addAutoKeys(code: string, file: string, lang: Lang = 'ts'): string {
  if (!KEYED.test(code)) return code
  const program = parseModule(code, lang)
  if (!program) return code
  const s = new MagicString(code)
  callsOf(program, name => KEYED_NAMES.has(name)).forEach((call, index) => {
    const key = JSON.stringify(`${AUTO_KEY_PREFIX}${createHash('sha256').update(`${file}:${index}`).digest('base64url').slice(0, 10)}`)
    const last = call.arguments.at(-1) as AnyNode | undefined
    if (last) s.appendLeft(last.end, `, ${key}`)
    else s.appendLeft(call.end - 1, key)
  })
  return s.toString()
}

const WRAPPERS = new Set(['defineAppPlugin', 'defineNuxtPlugin', 'defineRouteMiddleware', 'defineNuxtRouteMiddleware'])
/** A file that may need `keepContextAcrossAwait`: it calls one of the wrappers, and awaits. */
export const ASYNC_CONTEXT_CANDIDATE = new RegExp(`\\b(${[...WRAPPERS].join('|')})\\b[\\s\\S]*\\bawait\\b`)

/** Each `await` of `fn`'s own body (not of functions inside it). */
function awaitsOf(fn: AnyNode): AnyNode[] {
  const found: AnyNode[] = []
  walk(fn.body, (node) => {
    if (isFunction(node) || node.type === 'ClassBody') return false
    // The outermost await only: one inside another's argument stays as it is.
    if (node.type === 'AwaitExpression') {
      found.push(node)
      return false
    }
  })
  return found
}

/**
 * Rewrites `await x` in the async function given to an app plugin or route middleware into
 * `(([t, r] = executeAsync(() => x)), t = await t, r(), t)`. Takes JavaScript (run esbuild
 * first for TypeScript); returns undefined when there is nothing to rewrite.
 */
export function keepContextAcrossAwait(code: string): string | undefined {
  const ast = parseModule(code, 'js')
  if (!ast) return undefined
  const targets: AnyNode[] = []
  walk(ast, (node) => {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || !WRAPPERS.has(node.callee.name)) return
    const [arg] = node.arguments as AnyNode[]
    if (isFunction(arg) && arg.async) targets.push(arg)
    if (arg?.type === 'ObjectExpression') {
      for (const property of arg.properties as AnyNode[]) {
        if (property.key?.name === 'setup' && isFunction(property.value) && property.value.async) targets.push(property.value)
      }
    }
  })
  const s = new MagicString(code)
  let changed = false
  for (const fn of targets) {
    const awaits = awaitsOf(fn)
    if (!awaits.length) continue
    changed = true
    for (const node of awaits) {
      const argument = code.slice(node.argument.start, node.argument.end)
      const arrow = /\bawait\b/.test(argument) ? 'async () =>' : '() =>'
      s.overwrite(node.start, node.end, `(([__swerveTemp, __swerveRestore] = __swerveExecuteAsync(${arrow} ${argument})), __swerveTemp = await __swerveTemp, __swerveRestore(), __swerveTemp)`)
    }
    const declare = 'let __swerveTemp, __swerveRestore;'
    if (fn.body.type === 'BlockStatement') s.appendLeft(fn.body.start + 1, declare)
    else {
      s.appendLeft(fn.body.start, `{ ${declare} return (`)
      s.appendRight(fn.body.end, ') }')
    }
  }
  if (!changed) return undefined
  s.prepend('import { executeAsync as __swerveExecuteAsync } from "swerve/app";\n')
  return s.toString()
}

/** Cheap first look: a module that spells no `useX(`/`defineX(` calls none. */
const COMPOSABLE_CALL = /(?<![.\w$])(?:use|define)[A-Z][\w$]*\s*\(/
const COMPOSABLE = /^(?:use|define)[A-Z]/

/**
 * The composables (`useX()`, `defineX()`) that `code` calls without importing or declaring
 * them: at run time each would be "useX is not defined". One call per name, the first.
 */
export function undeclaredCalls(code: string, lang: Lang): AnyNode[] {
  if (!COMPOSABLE_CALL.test(code)) return []
  const program = parseModule(code, lang)
  if (!program) return []
  const bound = boundNames(program)
  const first = new Map<string, AnyNode>()
  for (const call of callsOf(program, name => COMPOSABLE.test(name) && !bound.has(name) && !(name in globalThis))) {
    if (!first.has(call.callee.name)) first.set(call.callee.name, call)
  }
  return [...first.values()]
}
