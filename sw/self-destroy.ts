/**
 * The kill switch (`swerve build --self-destroy`): unregisters, deletes
 * swerve's caches (never the app's storage) and leaves pages to the network.
 */
import { isSwerveCacheOf } from './precache.ts'

declare const self: ServiceWorkerGlobalScope

self.addEventListener('install', () => { void self.skipWaiting() })

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys()
    await Promise.all(names.filter(name => isSwerveCacheOf(name, self.registration.scope)).map(name => caches.delete(name)))
    await self.registration.unregister()
    const clients = await self.clients.matchAll({ type: 'window' })
    for (const client of clients) void (client as WindowClient).navigate(client.url)
  })())
})
