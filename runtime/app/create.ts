/** Creates the Vue app, router, head and context for one render (server) or one page (client). */
import { createApp, createSSRApp, reactive, type Component } from 'vue'
import type { RouterHistory } from 'vue-router'
import type { VueHeadClient } from '@unhead/vue'
import { createHooks } from 'hookable'
import type { H3Event } from 'h3'
import type { BuiltConfig } from '#swerve/virtual/config'
import { httpFetch } from './composables/fetch.ts'
import { runtimeConfigOf } from './composables/state.ts'
import { toErrorShape } from '../shared/errors.ts'
import { APP_KEY, callWithApp, setPageApp, useApp, type AppHooks, type Payload, type SwerveApp } from './context.ts'
import type { Page } from './page.ts'
import { runPlugins, type AppPlugin } from './plugins.ts'
import { createRoot } from './root.ts'
import { createAppRouter, firstNavigation, type RouterEntry } from './app-router.ts'

/** What the build generates in `#swerve/virtual/app`. */
export interface AppEntry extends RouterEntry {
  App?: Component
  ErrorPage?: Component
  /** `<SwerveLayout>`, when the app has layouts: the default app wraps the page in it. */
  Layout?: Component
  layouts?: Record<string, () => Promise<any>>
  /** `app.config.ts`'s default export. */
  appConfig?: Record<string, unknown>
  plugins: { name: string, plugin: AppPlugin }[]
  /** Set by the build when the app's files use page transitions or keep-alive. */
  wrapPage?: SwerveApp['_wrapPage']
}

export interface CreateAppOptions {
  isServer: boolean
  history: RouterHistory
  head: VueHeadClient<any>
  payload: Payload
  event?: H3Event
  config: BuiltConfig
  /** Client: hydrate the server HTML (false: render from scratch). */
  hydrate?: boolean
  /** Client: the browser page (client/page.ts). */
  page?: Page
}

/**
 * In the page, until hydration ends, an error no component handled goes to `app:error` and
 * shows the error page, as in Nuxt; an app's own `vueApp.config.errorHandler` (set in a
 * plugin) replaces this. After hydration Vue reports such errors itself.
 */
function handleHydrationErrors(app: SwerveApp): void {
  const handleVueError = async (error: unknown) => {
    await app.hooks.callHook('app:error', error)
    app.payload.error ||= toErrorShape(error)
  }
  app.vueApp.config.errorHandler = handleVueError
  app.hooks.hookOnce('app:mounted', () => {
    if (app.vueApp.config.errorHandler === handleVueError) app.vueApp.config.errorHandler = undefined
  })
}

export async function createSwerveApp(entry: AppEntry, options: CreateAppOptions): Promise<SwerveApp> {
  const Root = createRoot(entry.App, entry.ErrorPage, entry.Layout)
  // The server only renders to a string (no renderer runs), so it leaves out Vue's hydration code.
  const vueApp = !import.meta.server && options.hydrate ? createSSRApp(Root) : createApp(Root)
  let resolveReady!: () => void
  const ready = new Promise<void>(resolve => (resolveReady = resolve))

  const hooks = createHooks<AppHooks>()
  const app = {
    vueApp,
    head: options.head,
    hooks,
    isServer: options.isServer,
    isClient: !options.isServer,
    payload: options.isServer ? options.payload : reactive(options.payload),
    event: options.event,
    // The server's is bound to the request (its headers and cookies go along); the page's is HTTP.
    $fetch: options.event?.$fetch ?? httpFetch,
    isHydrating: !options.isServer && !!options.hydrate,
    isProcessingMiddleware: false,
    get $config() { return runtimeConfigOf(this as unknown as SwerveApp) },
    // Nuxt's shortcuts: `useNuxtApp().hook('page:finish', …)`.
    hook: hooks.hook.bind(hooks),
    _page: options.page,
    _layouts: entry.layouts,
    _wrapPage: entry.wrapPage,
    _appConfigSource: entry.appConfig,
    provide(name: string, value: unknown) {
      const key = `$${name}` as const
      ;(app as SwerveApp)[key] = value
      vueApp.config.globalProperties[key] = value
    },
    runWithContext: <T>(fn: () => T) => callWithApp(app as SwerveApp, fn),
  } as unknown as SwerveApp

  // Hooks run in the app's context, one after another, so composables work inside them.
  hooks.callHook = ((name: keyof AppHooks, ...args: unknown[]) => hooks.callHookWith(async (callbacks, hookArgs) => {
    for (const callback of callbacks) await callWithApp(app, () => callback(...(hookArgs as unknown[])))
  }, name, args as never)) as typeof hooks.callHook

  if (!options.isServer) {
    setPageApp(app)
    handleHydrationErrors(app)
    // As in Nuxt, the page's code (and a test driving it) can reach the app: `window.useNuxtApp().isHydrating`.
    ;(globalThis as { useNuxtApp?: () => SwerveApp }).useNuxtApp ||= useApp
  }
  vueApp.provide(APP_KEY, app)
  vueApp.config.globalProperties.$swerve = app
  // Built-in plugins first: head, then router .
  if (Object.keys(options.config.head).length) options.head.push(options.config.head as any)
  vueApp.use(options.head)
  app.router = createAppRouter(app, entry, options.history, ready)
  // In the page, installing the router starts the first navigation; its guards wait for `ready`.
  app.firstNavigation = firstNavigation(app.router)
  vueApp.use(app.router)

  try {
    await runPlugins(app, entry.plugins)
    await app.hooks.callHook('app:created', app)
  } catch (error) {
    // A failing plugin (or createError thrown in one) shows the error page with its status.
    // In the page, an error the server already rendered stays: hydration matches its markup.
    void app.hooks.callHook('app:error', error)
    app.payload.error ||= toErrorShape(error)
  } finally {
    resolveReady()
  }
  return app
}
