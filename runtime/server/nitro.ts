/**
 * What Nuxt modules' server code imports from Nitro (`nitropack/runtime`, `nitro/cache`,
 * `#internal/nitro`): swerve's server API, and Nitro's cached handlers and functions, which
 * run here uncached (docs/modules.md).
 */
import { defineEventHandler, type EventHandler } from 'h3'

export * from './index.ts'

/** Nitro's cached handler: the handler itself (swerve caches pages by route rules, not handlers). */
export function defineCachedEventHandler(handler: EventHandler | { handler: EventHandler }, _options?: unknown): EventHandler {
  return typeof handler === 'function' ? defineEventHandler(handler) : defineEventHandler(handler.handler)
}

/** Nitro's cached function: the function itself. */
export function defineCachedFunction<T extends (...args: never[]) => unknown>(fn: T, _options?: unknown): T {
  return fn
}
