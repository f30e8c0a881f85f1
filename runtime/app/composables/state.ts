/** `useState`, `useRequestEvent`, `useRuntimeConfig`: small composables over the app context. */
import { toRef, type Ref } from 'vue'
import type { H3Event } from 'h3'
import { keyFirst, missingKey } from '../../shared/auto-key.ts'
import { swervePrefix } from '../../shared/paths.ts'
import { useApp, type SwerveApp } from '../context.ts'

/** State shared from the server render to the client, by key (the build gives a call without one its own). */
export function useState<T>(key: string, init?: () => T): Ref<T>
export function useState<T>(init?: () => T): Ref<T>
export function useState<T>(...args: unknown[]): Ref<T> {
  const [key, init] = keyFirst(args) as [string | undefined, (() => T)?]
  if (!key) throw missingKey('useState(init)', 'useState(\'name\', init)')
  const app = useApp()
  const state = toRef(app.payload.state, key) as Ref<T>
  if (state.value === undefined && init) state.value = init()
  return state
}

/** The h3 event of this render (server only; `undefined` on the client). */
export function useRequestEvent(): H3Event | undefined {
  return import.meta.server ? useApp().event : undefined
}

/**
 * The `runtimeConfig.public` values from swerve.config, on both sides: at the top, and
 * under `public` as Nuxt has them (`useRuntimeConfig().public.apiBase`).
 */
export function useRuntimeConfig(): Record<string, any> & { public: Record<string, any> } {
  return runtimeConfigOf(useApp())
}

export function runtimeConfigOf(app: SwerveApp): Record<string, any> & { public: Record<string, any> } {
  return (app._runtimeConfig ??= { ...app.payload.config, public: app.payload.config, app: appConfigOf(app) })
}

/**
 * Nuxt's `runtimeConfig.app`: the base the app is served under (`/` at the root) and where the
 * build's files are; modules read it (@nuxt/image's `useImage()` joins paths to `baseURL`).
 */
function appConfigOf(app: SwerveApp): { baseURL: string, buildAssetsDir: string, cdnURL: string } {
  const base = app.router?.options.history.base ?? ''
  return { baseURL: `${base}/`, buildAssetsDir: swervePrefix('/'), cdnURL: '' }
}
