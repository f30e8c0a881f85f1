/**
 * Stub of the generated `#swerve/virtual/route-rules`: the app's `routeRules` compiled by the
 * build (build/virtual.ts), so a host's start compiles none (runtime/shared/route-rules.ts).
 */
import type { CompiledRules } from '../shared/route-rules.ts'

/** Each pattern's expression with its rule, least specific first. */
export const compiledRules: CompiledRules = []
/** The exact paths (inside the app) under `swr`/`isr` that the worker renders at install. */
export const swrPaths: string[] = []
