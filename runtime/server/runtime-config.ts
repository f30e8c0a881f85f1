/**
 * `runtimeConfig` on the server: what the build wrote, with a Node host's
 * environment over it (docs/config.md#runtimeconfig): `SWERVE_<KEY>` (or Nuxt's
 * `NUXT_<KEY>`) for a private key and `SWERVE_PUBLIC_<KEY>` (`NUXT_PUBLIC_<KEY>`) for a public one, camelCase keys in
 * UPPER_SNAKE (`apiSecret` → `SWERVE_API_SECRET`), nested keys joined with `_`.
 * Only keys the config has are read; a value is parsed as the default's type.
 */
import type { H3Event } from 'h3'
import { serverOf, tryUseContext, useServer } from './context.ts'
import type { ServerConfig } from './types.ts'

type RuntimeConfig = ServerConfig['runtimeConfig']
export type Env = Record<string, string | undefined>

export const toEnvName = (key: string) => key.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/[^\w]/g, '_').toUpperCase()

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value)

function parse(raw: string, fallback: unknown): unknown {
  if (typeof fallback === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : fallback
  if (typeof fallback === 'boolean') return raw === 'true' || raw === '1'
  if (fallback !== null && typeof fallback === 'object') {
    try {
      return JSON.parse(raw)
    } catch {
      return fallback
    }
  }
  return raw
}

/** `values` with `env`'s `<prefix>_<KEY>` values over it: only keys `values` has, each parsed as its default's type. */
export function overlay(values: Record<string, unknown>, prefix: string, env: Env): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => {
    const name = `${prefix}_${toEnvName(key)}`
    if (isPlainObject(value)) return [key, overlay(value, name, env)]
    const raw = env[name]
    return [key, raw === undefined ? value : parse(raw, value)]
  }))
}

/** Read in this order, so `SWERVE_*` wins over Nuxt's `NUXT_*` where an app sets both. */
const PREFIXES = ['NUXT', 'SWERVE']

/** The config with `env`'s `NUXT_*` and `SWERVE_*` values over it. */
export function withEnv(config: RuntimeConfig, env: Env): RuntimeConfig {
  let { public: publicConfig, ...privateConfig } = config
  for (const prefix of PREFIXES) {
    privateConfig = overlay(privateConfig, prefix, env)
    publicConfig = overlay(publicConfig, `${prefix}_PUBLIC`, env)
  }
  return { ...privateConfig, public: publicConfig }
}

/** The build's runtimeConfig, for code that reads it at a module's top level, before any server starts. */
let built: RuntimeConfig | undefined

/** Set by the assembled pipeline (runtime/built-config.ts) before the app's server modules run. */
export function setBuiltRuntimeConfig(config: RuntimeConfig): void {
  built = config
}

/**
 * Server code's `runtimeConfig` (Nitro's name): private keys too, on a Node host; `public` only
 * in the worker. At a module's top level, as Nitro allows (`const auth = useRuntimeConfig().auth`),
 * it is the build's values: a Node host's environment is read when the host starts, after.
 */
export function useRuntimeConfig(event?: H3Event): RuntimeConfig {
  if (event) return serverOf(event).config.runtimeConfig
  if (!tryUseContext() && built) return built
  return useServer().config.runtimeConfig
}
