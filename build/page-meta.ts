/**
 * `definePageMeta({...})` is read at build time, like Nuxt's macro: its argument
 * becomes the page module's `pageMeta` export, so the router knows a page's
 * `validate` and `middleware` before it renders. The call itself stays in
 * `<script setup>` as a no-op. The argument may use imports and literals, not
 * setup-local variables.
 */
import type { SFCDescriptor } from '@vue/compiler-sfc'
import { callsOf, langOf, parseModule } from './parse.ts'

/** The source text of the first argument of `definePageMeta(...)`, or undefined. */
export function extractPageMeta(descriptor: SFCDescriptor): string | undefined {
  const content = descriptor.scriptSetup?.content ?? ''
  if (!content.includes('definePageMeta')) return undefined
  const program = parseModule(content, langOf(descriptor.scriptSetup?.lang ?? 'ts'))
  const [call] = program ? callsOf(program, name => name === 'definePageMeta') : []
  if (!call) return undefined
  const [arg] = call.arguments
  return `(${arg ? content.slice(arg.start, arg.end) : '{}'})`
}
