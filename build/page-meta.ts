/**
 * `definePageMeta({...})` is read at build time, like Nuxt's macro: its argument
 * becomes the page module's `pageMeta` export, so the router knows a page's
 * `validate` and `middleware` before it renders. The call itself stays in
 * `<script setup>` as a no-op. The argument may use imports and literals, not
 * setup-local variables.
 */
import type { SFCDescriptor } from '@vue/compiler-sfc'

/** The source text of the first argument of `definePageMeta(...)`, or undefined. */
export function extractPageMeta(descriptor: SFCDescriptor): string | undefined {
  const content = descriptor.scriptSetup?.content ?? ''
  const match = /\bdefinePageMeta\s*\(/.exec(content)
  if (!match) return undefined
  const start = match.index + match[0].length
  let depth = 1
  let quote: string | undefined
  for (let i = start; i < content.length; i++) {
    const char = content[i]
    if (quote) {
      if (char === '\\') i++
      else if (char === quote) quote = undefined
      continue
    }
    if (char === '"' || char === "'" || char === '`') quote = char
    else if (char === '/' && content[i + 1] === '/') i = content.indexOf('\n', i)
    else if (char === '/' && content[i + 1] === '*') i = content.indexOf('*/', i) + 1
    else if (char === '(' || char === '{' || char === '[') depth++
    else if (char === ')' || char === '}' || char === ']') {
      depth--
      if (depth === 0) return `(${content.slice(start, i).trim() || '{}'})`
    }
  }
  return undefined
}
