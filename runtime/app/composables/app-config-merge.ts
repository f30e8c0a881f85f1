/**
 * The app's and its layers' `app.config`s, the app first, merged as Nuxt merges them: objects
 * deeply, arrays joined, and a function in a layer's config a value of its own (so a layer's
 * `list: () => […]` is replaced by the app's `list`, not joined with it). A module of its own:
 * only an app with layers imports it, and defu with it (build/virtual.ts).
 */
import { defuFn } from 'defu'

export function mergeAppConfigs(configs: Record<string, unknown>[]): Record<string, unknown> {
  return defuFn({}, ...configs)
}
