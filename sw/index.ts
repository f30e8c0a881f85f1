/**
 * The service-worker host (`sw.js`), in parts: sw/host.ts holds what they share,
 * sw/install.ts and sw/activate.ts the lifecycle, sw/answers.ts the fetch handler
 * (sw/route.ts decides), sw/messages.ts what tabs ask. Routing, rendering and
 * plugins live in the pipeline (`sw-pipeline.js`, sw/worker-pipeline.ts), imported when
 * a request first needs it. docs/architecture.md draws a request's path.
 */
import { onActivate } from './activate.ts'
import { onFetch } from './answers.ts'
import { createHost } from './host.ts'
import { onInstall } from './install.ts'
import { onMessage, onSync } from './messages.ts'

declare const self: ServiceWorkerGlobalScope

export function hostInWorker(): void {
  const host = createHost()
  self.addEventListener('install', onInstall(host))
  self.addEventListener('activate', onActivate(host))
  self.addEventListener('message', onMessage(host))
  self.addEventListener('fetch', onFetch(host))
  if (__SWERVE_SYNC__ && host.pipeline.syncs) self.addEventListener('sync', onSync(host.pipeline) as EventListener)
  // Best effort `close` hook: this worker was superseded by a newer one.
  self.serviceWorker?.addEventListener('statechange', () => {
    if (self.serviceWorker.state === 'redundant') void host.pipeline.loaded()?.close()
  })
}
