/**
 * `definePageMeta({...})` is read at build time, like Nuxt's macro: its argument
 * becomes the page module's `pageMeta` export, so the router knows a page's
 * `validate` and `middleware` before it renders. The call itself stays in
 * `<script setup>` as a no-op. The argument may use imports and literals, not
 * setup-local variables.
 */
import type { SFCDescriptor } from '@vue/compiler-sfc'
import { closingParen } from './transforms.ts'

/** The source text of the first argument of `definePageMeta(...)`, or undefined. */
export function extractPageMeta(descriptor: SFCDescriptor): string | undefined {
  const content = descriptor.scriptSetup?.content ?? ''
  const match = /\bdefinePageMeta\s*\(/.exec(content)
  if (!match) return undefined
  const open = match.index + match[0].length - 1
  const close = closingParen(content, open)
  if (close < 0) return undefined
  return `(${content.slice(open + 1, close).trim() || '{}'})`
}
