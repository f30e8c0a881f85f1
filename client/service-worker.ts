/** Registers `<base>sw.js` and drives `useServiceWorker()` (docs/worker.md). */
import type { Router } from 'vue-router'
import { connectServiceWorker } from '../runtime/app/composables/service-worker.ts'
import { messageOf, postToWorker, reply, type ToPage } from '../runtime/shared/messages.ts'
import { isKillSwitch, leaveWorker } from './kill-switch.ts'

/** How often an open tab looks for a new worker, and how often navigations may. */
const CHECK_INTERVAL = 60 * 60 * 1000
const NAVIGATION_CHECK_GAP = 60 * 1000

export interface RegisterOptions {
  base: string
  updates: 'prompt' | 'auto'
  router: Router
  /** The build this page runs (from the payload): the worker keeps its files while it is open. */
  version: string
  /** A kill switch build (`--self-destroy`): the page removes the worker instead (client/kill-switch.ts). */
  selfDestroy?: boolean
}

export function registerServiceWorker({ base, updates, router, version, selfDestroy }: RegisterOptions): void {
  let registration: ServiceWorkerRegistration | undefined
  let reloading = false
  const state = connectServiceWorker(async () => {
    const waiting = registration?.waiting
    if (!waiting) return
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      if (reloading) return
      reloading = true
      location.reload()
    }, { once: true })
    postToWorker(waiting, { type: 'SKIP_WAITING' })
  })
  // Firefox's private windows, some policies, and plain http: hosts other than localhost.
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker) {
    const problem = 'this browser gives the page no service worker here (private browsing, a policy, or not a secure origin): the app works while online only, as far as its host serves it'
    console.warn(`[swerve] ${problem}`)
    state.failed(problem)
    return
  }
  const container = navigator.serviceWorker
  const scope = new URL(base, location.href).href
  if (selfDestroy) {
    void leaveWorker(scope)
    return
  }
  if (container.controller) state.controlled()
  container.addEventListener('controllerchange', () => state.controlled())

  container.addEventListener('message', (event) => {
    const message = messageOf<ToPage>(event.data)
    // The worker asks which build each tab runs before it deletes old files.
    if (message?.type === 'SWERVE_VERSION') reply(event.ports[0], 'SWERVE_VERSION', { version })
    // Cookies the worker could not keep itself (its Cookie Store API dropped them).
    if (message?.type === 'SWERVE_SET_COOKIE') for (const cookie of message.cookies) document.cookie = cookie
    // A kill switch removed the worker controlling this page: the page comes from the network
    // again. (A page already from the network registers the kill switch too: it stays.)
    if (message?.type === 'SWERVE_RELOAD' && message.scope === scope && container.controller && !reloading) {
      reloading = true
      location.reload()
    }
  })

  function watchInstalling(worker: ServiceWorker | null): void {
    if (!worker) return
    const check = () => {
      state.step(worker.state)
      if (worker.state !== 'installed') return
      if (container.controller) state.needRefresh.value = updates === 'prompt'
      else state.offlineReady.value = true
    }
    worker.addEventListener('statechange', check)
    check()
  }

  container.register(`${base}sw.js`, { scope: base }).then((reg: ServiceWorkerRegistration | undefined) => {
    // A register() patched to do nothing (test tools block workers so) resolves without one.
    if (!reg) throw new Error('registration was blocked')
    registration = reg
    // A kill switch waiting behind an old worker: this page finishes its work.
    if (reg.waiting) void isKillSwitch(reg.waiting).then(async (killed) => { if (killed) await leaveWorker(scope) })
    if (reg.waiting && container.controller) state.needRefresh.value = updates === 'prompt'
    else if (reg.active) state.offlineReady.value = true
    watchInstalling(reg.installing)
    reg.addEventListener('updatefound', () => watchInstalling(reg.installing))
    // This tab runs the newest build now: files of builds no tab runs can go.
    if (container.controller) postToWorker(container.controller, { type: 'SWERVE_PRUNE' })
    // The browser answered this page from the worker's routes, without the worker: a kept
    // `swr` render may be due to render again (docs/routing.md).
    if (answeredByRoute() && container.controller) postToWorker(container.controller, { type: 'SWERVE_SHOWN', url: location.href })
    checkForUpdates(reg, router)
  }).catch((error) => {
    console.error('[swerve] service worker registration failed:', error)
    state.failed(`the service worker could not be registered: ${(error as Error)?.message ?? error}`)
  })

  if (updates === 'auto') reloadOnUpdate(container, router)
}

/** Looks for a new worker every hour, and on navigations at most once a minute, while online. */
function checkForUpdates(reg: ServiceWorkerRegistration, router: Router): void {
  let lastCheck = Date.now()
  const check = (minimumGap: number) => {
    if (!navigator.onLine || Date.now() - lastCheck < minimumGap) return
    lastCheck = Date.now()
    void reg.update().catch(() => {})
  }
  setInterval(() => check(0), CHECK_INTERVAL)
  router.afterEach(() => check(NAVIGATION_CHECK_GAP))
}

/** `updates: 'auto'`: once a new worker takes over, the next navigation loads the page from it, on the new version. */
function reloadOnUpdate(container: ServiceWorkerContainer, router: Router): void {
  let controlled = !!container.controller
  let reloadOnNavigation = false
  container.addEventListener('controllerchange', () => {
    // The first worker claiming this tab is no update.
    if (!controlled) { controlled = true; return }
    if (reloadOnNavigation) return
    reloadOnNavigation = true
    router.beforeEach((to) => {
      location.assign(router.resolve(to).href)
      return false
    })
  })
}

/** Whether Navigation Timing says the browser's static routing answered this page from Cache Storage (Chromium). */
function answeredByRoute(): boolean {
  const [navigation] = performance.getEntriesByType('navigation') as (PerformanceNavigationTiming & { workerFinalSourceType?: string })[]
  return navigation?.workerFinalSourceType === 'cache'
}
