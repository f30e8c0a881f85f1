/** Nuxt's app-level helpers: `onNuxtReady`, `reloadNuxtApp`, `useRuntimeHook`, `updateAppConfig`. */
import { getCurrentScope, onScopeDispose } from 'vue'
import { useApp, type AppHooks, type SwerveApp } from '../context.ts'
import { pageOf } from '../page.ts'
import { useAppConfig } from './app-config.ts'


/** Client: runs `callback` once the app has hydrated and the browser is idle. Never on the server. */
export function onNuxtReady(callback: (app: SwerveApp) => unknown): void {
  if (import.meta.server) return
  const app = useApp()
  const { whenIdle } = pageOf(app)
  if (app.isHydrating) app.hooks.hookOnce('app:suspense:resolve', () => { whenIdle(() => callback(app)) })
  else whenIdle(() => callback(app))
}

export interface ReloadNuxtAppOptions {
  /** Where to load (default: the page's URL). */
  path?: string
  /** Milliseconds during which a second reload is ignored (default 10000), unless `force`. */
  ttl?: number
  force?: boolean
  /** Accepted; swerve's state is not kept across a reload. */
  persistState?: boolean
}

const RELOAD_KEY = 'nuxt:reload'

/** Client: a full reload of the page (or of `path`). A reload within `ttl` of the last one is skipped. */
export function reloadNuxtApp(options: ReloadNuxtAppOptions = {}): void {
  if (import.meta.server) return
  const page = pageOf(useApp())
  const storage = page.session()
  const last = JSON.parse(storage?.getItem(RELOAD_KEY) ?? 'null') as { expires: number, path?: string } | null
  if (!options.force && last && last.expires > Date.now() && last.path === options.path) return
  storage?.setItem(RELOAD_KEY, JSON.stringify({ expires: Date.now() + (options.ttl ?? 10_000), path: options.path }))
  if (options.path && options.path !== page.url()) page.go(options.path)
  else page.reload()
}

/** Hooks `name` for as long as the calling component (or effect scope) lives. */
export function useRuntimeHook<Name extends keyof AppHooks>(name: Name, fn: AppHooks[Name]): void {
  const unhook = useApp().hooks.hook(name, fn as any)
  if (getCurrentScope()) onScopeDispose(unhook)
}

function deepAssign(target: Record<string, any>, source: Record<string, any>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key]
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)) deepAssign(current, value)
    else target[key] = value
  }
}

/** Merges `partial` into `useAppConfig()`, deeply; every reader sees the change. */
export function updateAppConfig(partial: Record<string, unknown>): void {
  deepAssign(useAppConfig(), partial)
}
