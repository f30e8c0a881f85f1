/** Registers `<base>sw.js` and drives `useServiceWorker()` (SPEC §5 "updates"). */
import type { Router } from 'vue-router'
import { connectServiceWorker } from '../runtime/app/composables/service-worker.ts'

/** How often an open tab looks for a new worker, and how often navigations may. */
const CHECK_INTERVAL = 60 * 60 * 1000
const NAVIGATION_CHECK_GAP = 60 * 1000

export function registerServiceWorker(base: string, updates: 'prompt' | 'auto', router: Router): void {
  if (!('serviceWorker' in navigator)) return
  const container = navigator.serviceWorker
  let registration: ServiceWorkerRegistration | undefined
  let reloading = false

  const state = connectServiceWorker(async () => {
    const waiting = registration?.waiting
    if (!waiting) return
    container.addEventListener('controllerchange', () => {
      if (reloading) return
      reloading = true
      location.reload()
    }, { once: true })
    waiting.postMessage({ type: 'SKIP_WAITING' })
  })

  function watchInstalling(worker: ServiceWorker | null): void {
    if (!worker) return
    const check = () => {
      if (worker.state !== 'installed') return
      if (container.controller) state.needRefresh.value = true
      else state.offlineReady.value = true
    }
    worker.addEventListener('statechange', check)
    check()
  }

  container.register(`${base}sw.js`, { scope: base }).then((reg) => {
    registration = reg
    if (reg.waiting && container.controller) state.needRefresh.value = true
    else if (reg.active) state.offlineReady.value = true
    watchInstalling(reg.installing)
    reg.addEventListener('updatefound', () => watchInstalling(reg.installing))
    let lastCheck = Date.now()
    const check = (minimumGap: number) => {
      if (!navigator.onLine || Date.now() - lastCheck < minimumGap) return
      lastCheck = Date.now()
      void reg.update().catch(() => {})
    }
    setInterval(() => check(0), CHECK_INTERVAL)
    router.afterEach(() => check(NAVIGATION_CHECK_GAP))
  }).catch((error) => {
    console.error('[swerve] service worker registration failed:', error)
  })

  if (updates === 'auto') {
    // The new worker activated by itself: the next navigation lands on the new version.
    container.addEventListener('controllerchange', () => { state.needRefresh.value = false })
  }
}
