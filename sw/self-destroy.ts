/**
 * The kill switch (`swerve build --self-destroy`, docs/worker.md#kill-switch): deletes
 * swerve's caches of this scope (never the app's storage), unregisters, and sends the
 * open tabs back to the network, with no click.
 *
 * It does all of it at install: an old worker still answering a request (a long poll,
 * a download) would keep it waiting, and a waiting kill switch does nothing. Once
 * unregistered, no new navigation is controlled; a tab of a build that knows
 * `SWERVE_RELOAD` reloads from the network at once, older tabs when the kill switch
 * activates (their worker then has nothing in flight). It acts again at `activate`, and
 * whenever a page asks whether it is a kill switch (`SWERVE_KILL_SWITCH`): a registration
 * a page registered again after the unregister (Chromium then keeps it) is removed then.
 */
import { isSwerveCacheOf } from '../runtime/shared/cache-names.ts'
import { messageOf, postToPage, reply, type ToWorker } from '../runtime/shared/messages.ts'

declare const self: ServiceWorkerGlobalScope

async function deleteCaches(): Promise<void> {
  const { scope } = self.registration
  const names = await caches.keys()
  await Promise.all(names.filter(name => isSwerveCacheOf(name, scope)).map(name => caches.delete(name)))
}

/** Unregisters, then sends each tab of this scope to the network. */
async function leave(): Promise<void> {
  const { scope } = self.registration
  await self.registration.unregister()
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  for (const tab of tabs) {
    if (!tab.url.startsWith(scope)) continue
    postToPage(tab, { type: 'SWERVE_RELOAD', scope })
    // A tab this worker controls can be navigated; the others' navigate() rejects.
    void (tab as WindowClient).navigate(tab.url).catch(() => {})
  }
}

self.addEventListener('install', (event) => {
  void self.skipWaiting()
  // unregister() is a job queued behind this install: awaited here, neither would end.
  event.waitUntil(deleteCaches().then(() => { void leave() }))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(deleteCaches().then(leave))
})

self.addEventListener('message', (event) => {
  if (messageOf<ToWorker>(event.data)?.type !== 'SWERVE_KILL_SWITCH') return
  reply(event.ports[0], 'SWERVE_KILL_SWITCH', { killSwitch: true })
  // The page removes the registration too; this covers a page that closes first.
  event.waitUntil(deleteCaches().then(() => { void self.registration.unregister() }))
})
