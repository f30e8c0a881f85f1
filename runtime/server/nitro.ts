/**
 * What Nuxt modules' server code imports from Nitro (`nitropack/runtime`, `nitro/cache`,
 * `#internal/nitro`): swerve's server API, Nitro's cached handlers and functions among it
 * (runtime/server/cache.ts).
 */
export * from './index.ts'
