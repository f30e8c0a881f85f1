/** The browser entry: plugins, guards, hydrate `#app`, register the worker (docs/lifecycle.md). */
import { createWebHistory } from 'vue-router'
import { createHead } from '@unhead/vue/client'
import * as appEntry from '#swerve/virtual/app'
import config from '#swerve/virtual/config'
import { createSwerveApp, type AppEntry } from '../runtime/app/create.ts'
import type { Payload } from '../runtime/app/context.ts'
import { parsePayload, PAYLOAD_ID } from '../runtime/app/payload.ts'
import { page } from './page.ts'
import { registerServiceWorker } from './service-worker.ts'

const entry = appEntry as unknown as AppEntry
const { base } = config

function readPayload(): Payload {
  const element = document.getElementById(PAYLOAD_ID)
  if (element?.textContent) return parsePayload(element.textContent)
  return { data: {}, state: {}, error: null, serverRendered: false, buildId: config.buildId, config: config.runtimeConfig.public }
}

async function start(): Promise<void> {
  // Payload plugins define the types the payload holds: they run before it is read.
  for (const { plugin } of entry.plugins) if ((plugin as { payload?: boolean }).payload) await (plugin as { setup: (app: unknown) => unknown }).setup(undefined)
  const payload = readPayload()
  // 200.html / 404.html stand in for pages that were not prerendered: render this URL here.
  const hydrate = payload.serverRendered && !payload.fallback
  if (payload.fallback) payload.error = null
  const app = await createSwerveApp(entry, { isServer: false, history: createWebHistory(base), head: createHead(), payload, hydrate, config, page })
  await app.firstNavigation
  await app.hooks.callHook('app:beforeMount', app)
  // Hydration ends when the root Suspense resolves: async setup (await useAsyncData …)
  // runs on after mount() returns, and must still read the payload.
  const resolved = new Promise<unknown>(resolve => app.hooks.hookOnce('app:suspense:resolve', resolve))
  app.vueApp.mount('#app')
  await resolved
  app.isHydrating = false
  await app.hooks.callHook('app:mounted', app)
  // A signal tests can wait for (docs/lifecycle.md): the page is hydrated and interactive.
  document.documentElement.setAttribute('data-swerve-hydrated', '')
  if (import.meta.dev) void import('./dev.ts').then(dev => dev.connectDevServer(app))
  // In dev without --sw, no worker may serve a stale build: remove any left from a build.
  if (import.meta.dev && !config.sw.enabled) void navigator.serviceWorker?.getRegistrations().then(all => all.forEach(r => void r.unregister()))
  if (config.sw.enabled) registerServiceWorker({ base, updates: config.sw.updates, router: app.router, version: payload.buildId, selfDestroy: config.sw.selfDestroy })
  // Synced storage: its own chunk, loaded only by apps that sync.
  if (config.sw.enabled && config.sync.bases.length) void import('./sync-driver.ts').then(sync => sync.startSync(config.sync.interval))
}

start().catch((error) => {
  console.error('[swerve] the app failed to start:', error)
})
