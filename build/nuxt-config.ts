/**
 * `nuxt.config.ts`, read when an app has no `swerve.config.ts` (docs/conventions.md):
 * the keys swerve knows become its own, and the others are named in one warning.
 */
import type { ComponentDir, SwerveConfig } from '../runtime/config.ts'

/** Keys every Nuxt app has that change nothing here. */
const NO_OPS = new Set(['compatibilityDate', 'devtools', 'telemetry'])

export interface FromNuxt {
  config: SwerveConfig
  /** Keys swerve does not use, by path (`nitro.prerender`). */
  ignored: string[]
  /** `modules: [...]`: installed by the kit host (build/kit/). */
  modules: unknown[]
}

/**
 * Nuxt's `components`: `['~/ui', { path: './base', prefix: 'Base' }]` or `{ dirs: [...] }`
 * (undefined for what swerve does not read, such as `global` or `false`).
 */
function toComponentDirs(value: unknown): ComponentDir[] | undefined {
  const dirs = Array.isArray(value) ? value : (value as { dirs?: unknown })?.dirs
  if (!Array.isArray(dirs)) return undefined
  const out = dirs.map(dir => typeof dir === 'string' ? { path: dir } : dir && typeof dir.path === 'string' ? { path: dir.path, prefix: dir.prefix } : undefined)
  return out.every(Boolean) ? out as ComponentDir[] : undefined
}

export function fromNuxtConfig(nuxt: Record<string, any>): FromNuxt {
  const config: SwerveConfig = {}
  const ignored: string[] = []
  let modules: unknown[] = []
  const rules: NonNullable<SwerveConfig['routeRules']> = {}
  let own: SwerveConfig = {}
  for (const [key, value] of Object.entries(nuxt ?? {})) {
    if (NO_OPS.has(key)) continue
    switch (key) {
      case 'app': {
        const { head, baseURL, rootAttrs, ...rest } = value ?? {}
        if (head || rootAttrs) config.app = { ...head ? { head } : {}, ...rootAttrs ? { rootAttrs } : {} }
        if (baseURL) config.base = baseURL
        ignored.push(...Object.keys(rest).map(k => `app.${k}`))
        break
      }
      case 'runtimeConfig':
        config.runtimeConfig = value
        break
      case 'routeRules':
        Object.assign(rules, value)
        break
      case 'css':
        config.css = value
        break
      case 'vite': {
        // Vite's own options mean nothing here, but for the preprocessors' (build/css.ts).
        const { css: { preprocessorOptions, ...css } = {}, ...rest } = value ?? {}
        if (preprocessorOptions) config.preprocessorOptions = preprocessorOptions
        ignored.push(...Object.keys(rest).map(k => `vite.${k}`), ...Object.keys(css).map(k => `vite.css.${k}`))
        break
      }
      case 'extends':
        config.extends = value
        break
      case 'components': {
        const dirs = toComponentDirs(value)
        if (dirs) config.components = dirs
        else ignored.push('components')
        break
      }
      case 'swerve':
        // swerve's own options (`sw`, `manifest` …) in a Nuxt app, as swerve.config.ts holds them.
        own = value ?? {}
        break
      case 'modules':
        modules = Array.isArray(value) ? value : []
        break
      case 'ssr':
        // An app rendered in the browser only: every page is a shell.
        if (value === false) rules['/**'] = { ssr: false, ...rules['/**'] }
        break
      case 'imports':
        if (value?.autoImport === false) config.imports = false
        break
      case 'nitro': {
        const { routeRules, storage, experimental: { wasm, ...experimental } = {}, ...rest } = value ?? {}
        Object.assign(rules, routeRules)
        if (storage) config.storage = storage
        if (wasm) config.wasm = true
        ignored.push(...Object.keys(rest).map(k => `nitro.${k}`), ...Object.keys(experimental).map(k => `nitro.experimental.${k}`))
        break
      }
      default:
        ignored.push(key)
    }
  }
  if (Object.keys(rules).length) config.routeRules = rules
  return { config: { ...config, ...own }, ignored, modules }
}
