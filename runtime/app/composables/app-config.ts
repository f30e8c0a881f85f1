/** `useAppConfig()`: `app.config.ts`'s values, reactive, on both sides (public: they are built into the page). */
import { reactive } from 'vue'
import { useApp } from '../context.ts'

/** `app.config.ts`: `export default defineAppConfig({ ... })`. */
export function defineAppConfig<T extends Record<string, unknown>>(config: T): T {
  return config
}

/** A copy of plain objects and arrays (functions and class instances are kept as they are). */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)])) as T
  }
  return value
}

export function useAppConfig<T extends Record<string, unknown> = Record<string, any>>(): T {
  const app = useApp()
  // Each render gets its own copy: a change made while rendering one request never reaches another.
  return (app._appConfig ??= reactive(copy(app._appConfigSource ?? {}))) as T
}
