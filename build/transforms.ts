/**
 * Two rewrites of the app's code that Nuxt makes too (docs/conventions.md):
 *
 * - **Keys**: `useAsyncData(fn)`, `useState(init)` and `callOnce(fn)` may leave out
 *   their key; each call gets one made from its file and place.
 * - **Context across `await`**: in an app plugin or route middleware, composables
 *   called after an `await` still find the app (`executeAsync` in runtime/app/context.ts).
 */
import { createHash } from 'node:crypto'
import { parse, type Node } from 'acorn'
import MagicString from 'magic-string'
import { AUTO_KEY_PREFIX } from '../runtime/shared/auto-key.ts'

const KEYED = /\b(useAsyncData|useLazyAsyncData|useState|callOnce)\s*\(/g

/** Where a `/` starts a regular expression, not a division: after an operator, an opening bracket, or one of these words. */
const REGEX_AFTER_CHAR = /[(,=:[!&|?{};+\-*%<>~^]/
const REGEX_AFTER_WORD = /(?:^|[^\w$.])(?:return|typeof|case|void|in|of|delete|new|throw|yield|await|else|do)$/

/** The index after the regular expression literal whose `/` is at `start` (its flags are read as code). */
function regexEnd(code: string, start: number): number {
  let inClass = false
  for (let i = start + 1; i < code.length; i++) {
    const char = code[i]
    if (char === '\\') i++
    else if (char === '\n') return -1
    else if (inClass) inClass = char !== ']'
    else if (char === '[') inClass = true
    else if (char === '/') return i + 1
  }
  return -1
}

/** The index of the `)` closing the call whose `(` is at `open`, skipping strings (not their `${…}`), comments and regular expressions. */
export function closingParen(code: string, open: number): number {
  let depth = 0
  let quote: string | undefined
  /** The depths at which open template placeholders (`${`) began: their code nests like any other. */
  const placeholders: number[] = []
  /** Where the code before `i` ends, without spaces: whether a `/` there starts a regular expression. */
  let last = open
  for (let i = open; i < code.length; i++) {
    const char = code[i]
    if (quote) {
      if (char === '\\') i++
      else if (quote === '`' && char === '$' && code[i + 1] === '{') {
        placeholders.push(depth++)
        quote = undefined
        last = ++i
      } else if (char === quote) {
        quote = undefined
        last = i
      }
      continue
    }
    if (char === '"' || char === "'" || char === '`') quote = char
    else if (char === '/' && (code[i + 1] === '/' || code[i + 1] === '*')) {
      // To the comment's last character; one left open ends the code (the parser names it).
      const end = code[i + 1] === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i + 2) + 1
      if (end <= 0) return -1
      i = end
      continue
    } else if (char === '/' && (REGEX_AFTER_CHAR.test(code[last]!) || REGEX_AFTER_WORD.test(code.slice(Math.max(0, last - 7), last + 1)))) {
      // One left open ends the code too.
      const end = regexEnd(code, i)
      if (end < 0) return -1
      i = end - 1
    } else if (char === '(' || char === '{' || char === '[') depth++
    else if (char === ')' || char === '}' || char === ']') {
      depth--
      if (char === '}' && placeholders.at(-1) === depth) {
        // The placeholder's end: back into its template literal.
        placeholders.pop()
        quote = '`'
        continue
      }
      if (depth === 0) return i
    }
    if (!/\s/.test(char!)) last = i
  }
  return -1
}

/** Appends a key of the build's own (`"$swerve:…"`) to each keyed call: the runtime uses it when the call has none. */
export function addAutoKeys(code: string, file: string): string {
  if (!KEYED.test(code)) return code
  KEYED.lastIndex = 0
  const inserts: { at: number, text: string }[] = []
  let index = 0
  for (const match of code.matchAll(KEYED)) {
    const before = code.slice(Math.max(0, match.index - 9), match.index)
    // Not a member (`x.useState(`), a definition or an import of one.
    if (/[.$\w]$|function\s*$/.test(before)) continue
    const open = match.index + match[0].length - 1
    const close = closingParen(code, open)
    if (close < 0) continue
    const key = `${AUTO_KEY_PREFIX}${createHash('sha256').update(`${file}:${index++}`).digest('base64url').slice(0, 10)}`
    const empty = code.slice(open + 1, close).trim() === ''
    inserts.push({ at: close, text: `${empty ? '' : ', '}${JSON.stringify(key)}` })
  }
  let result = code
  for (const { at, text } of inserts.reverse()) result = result.slice(0, at) + text + result.slice(at)
  return result
}

const WRAPPERS = new Set(['defineAppPlugin', 'defineNuxtPlugin', 'defineRouteMiddleware', 'defineNuxtRouteMiddleware'])
/** A file that may need `keepContextAcrossAwait`: it calls one of the wrappers, and awaits. */
export const ASYNC_CONTEXT_CANDIDATE = new RegExp(`\\b(${[...WRAPPERS].join('|')})\\b[\\s\\S]*\\bawait\\b`)

type AnyNode = Node & Record<string, any>

const isFunction = (node: AnyNode | undefined): boolean =>
  !!node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')

/** Visits every node below `root`, depth first; `enter` returning false skips a node's children. */
function walk(root: unknown, enter: (node: AnyNode) => boolean | void): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(visit)
    const n = node as AnyNode
    if (typeof n.type !== 'string' || enter(n) === false) return
    for (const key of Object.keys(n)) if (key !== 'type' && key !== 'start' && key !== 'end') visit(n[key])
  }
  visit(root)
}

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
  let ast: AnyNode
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module' }) as AnyNode
  } catch {
    return undefined
  }
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

/** A call of `useX(` or `defineX(` that is not a member call. */
const COMPOSABLE_CALL = /(?<![.\w$])((?:use|define)[A-Z][\w$]*)\s*\(/g

/** Names bound anywhere in a module (imports, declarations, parameters, patterns). */
function boundNames(ast: AnyNode): Set<string> {
  const names = new Set<string>()
  const bindPattern = (pattern: AnyNode | null | undefined): void => {
    if (!pattern) return
    if (pattern.type === 'Identifier') names.add(pattern.name)
    else if (pattern.type === 'ObjectPattern') pattern.properties.forEach((p: AnyNode) => bindPattern(p.type === 'RestElement' ? p.argument : p.value))
    else if (pattern.type === 'ArrayPattern') pattern.elements.forEach(bindPattern)
    else if (pattern.type === 'RestElement') bindPattern(pattern.argument)
    else if (pattern.type === 'AssignmentPattern') bindPattern(pattern.left)
  }
  walk(ast, (n) => {
    if (n.type === 'ImportSpecifier' || n.type === 'ImportDefaultSpecifier' || n.type === 'ImportNamespaceSpecifier') names.add(n.local.name)
    if (n.type === 'VariableDeclarator') bindPattern(n.id)
    if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'FunctionExpression') && n.id) names.add(n.id.name)
    if (isFunction(n)) n.params.forEach(bindPattern)
    if (n.type === 'CatchClause') bindPattern(n.param)
  })
  return names
}

/**
 * The composables (`useX()`, `defineX()`) a module calls without importing or declaring them:
 * at run time each would be "useX is not defined". Cheap when there are none (a regex first).
 */
export function composableSuspects(code: string): string[] {
  const called = new Set([...code.matchAll(COMPOSABLE_CALL)].map(match => match[1]))
  return [...called].filter((name) => {
    const word = name.replace(/\$/g, '\\$')
    return !new RegExp(`(import\\s*\\{[^}]*\\b${word}\\b|\\b(function|const|let|var|class)\\s+${word}\\b)`).test(code)
  })
}

/** Of `suspects` (from composableSuspects), those `js` neither imports nor declares. */
export function undeclaredComposables(js: string, suspects: string[]): string[] {
  let ast: AnyNode
  try {
    ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module' }) as AnyNode
  } catch {
    return []
  }
  const bound = boundNames(ast)
  return suspects.filter(name => !bound.has(name) && !(name in globalThis))
}
