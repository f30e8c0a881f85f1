/**
 * `definePageMeta({...})` is read at build time, like Nuxt's macro: its argument
 * becomes the page module's `pageMeta` export, so the router knows a page's
 * `validate` and `middleware` before it renders. The call itself stays in
 * `<script setup>` as a no-op. The argument may use imports and literals, not
 * setup-local variables. Its `name`, `path`, `alias` and `redirect` shape the route
 * itself, so they are read as literals when the routes are made (routeOverrides).
 */
import { existsSync, readFileSync } from 'node:fs'
import { parse, type SFCDescriptor } from '@vue/compiler-sfc'
import { callsOf, langOf, parseModule, type AnyNode } from './parse.ts'

/** The `definePageMeta(...)` call of a `<script setup>`, with the script's text. */
function pageMetaCall(descriptor: SFCDescriptor): { call: AnyNode, content: string } | undefined {
  const content = descriptor.scriptSetup?.content ?? ''
  if (!content.includes('definePageMeta')) return undefined
  const program = parseModule(content, langOf(descriptor.scriptSetup?.lang ?? 'ts'))
  const [call] = program ? callsOf(program, name => name === 'definePageMeta') : []
  return call ? { call, content } : undefined
}

/** The source text of the first argument of `definePageMeta(...)`, or undefined. */
export function extractPageMeta(descriptor: SFCDescriptor): string | undefined {
  const found = pageMetaCall(descriptor)
  if (!found) return undefined
  const [arg] = found.call.arguments
  return `(${arg ? found.content.slice(arg.start, arg.end) : '{}'})`
}

/** What `definePageMeta` may set on a page's route record. */
export interface RouteOverrides {
  name?: string
  path?: string
  alias?: string | string[]
  redirect?: unknown
}

const ROUTE_KEYS = ['name', 'path', 'alias', 'redirect'] as const
const NOT_LITERAL = Symbol('not a literal')

/** A literal's value (strings, numbers, booleans, arrays and objects of them), else NOT_LITERAL. */
function literalOf(node: AnyNode): unknown {
  if (node.type === 'Literal') return node.value
  if (node.type === 'TemplateLiteral' && !node.expressions.length) return node.quasis[0].value.cooked
  if (node.type === 'ArrayExpression') {
    const items = node.elements.map((item: AnyNode | null) => item ? literalOf(item) : NOT_LITERAL)
    return items.includes(NOT_LITERAL) ? NOT_LITERAL : items
  }
  if (node.type !== 'ObjectExpression') return NOT_LITERAL
  const entries: [string, unknown][] = []
  for (const property of node.properties) {
    const key = property.type === 'Property' && !property.computed ? property.key.name ?? property.key.value : undefined
    const value = key === undefined ? NOT_LITERAL : literalOf(property.value)
    if (value === NOT_LITERAL) return NOT_LITERAL
    entries.push([String(key), value])
  }
  return Object.fromEntries(entries)
}

/** A page file's `name`, `path`, `alias` and `redirect` from `definePageMeta`, where they are literals. */
export function routeOverrides(file: string): RouteOverrides {
  // A page removed since the scan (dev) has nothing to say.
  if (!file.endsWith('.vue') || !existsSync(file)) return {}
  const source = readFileSync(file, 'utf8')
  if (!source.includes('definePageMeta')) return {}
  const found = pageMetaCall(parse(source, { filename: file, sourceMap: false }).descriptor)
  const [arg] = found?.call.arguments ?? []
  if (arg?.type !== 'ObjectExpression') return {}
  const overrides: Record<string, unknown> = {}
  for (const property of arg.properties) {
    const key = property.type === 'Property' && !property.computed ? property.key.name ?? property.key.value : undefined
    if (!(ROUTE_KEYS as readonly string[]).includes(key)) continue
    const value = literalOf(property.value)
    if (value === NOT_LITERAL) throw new Error(`${file}: definePageMeta's ${key} is read when the routes are made, so it must be a literal (a string, or for redirect an object of them).`)
    overrides[key] = value
  }
  return overrides as RouteOverrides
}
