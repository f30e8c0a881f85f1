/** `activate`: other builds' caches go, navigation preload as configured, open tabs claimed, files no tab runs pruned. */
import { LEGACY_PRECACHE } from '../runtime/shared/cache-names.ts'
import { deleteOtherBuilds } from './precache.ts'
import type { WorkerHost } from './host.ts'
import { versionsInUse } from './builds-in-use.ts'

declare const self: ServiceWorkerGlobalScope

export function onActivate(host: WorkerHost) {
  const { config } = host
  return (event: ExtendableEvent): void => {
    event.waitUntil((async () => {
      // Other builds' routed pages and swr renders: their workers, and their routes, are gone.
      await deleteOtherBuilds(host.scope, [host.routedCache, host.pageCache.name, host.renderCache.name])
      if (config.sw.navigation === 'network-first' && config.sw.navigationPreload) await self.registration.navigationPreload?.enable()
      else await self.registration.navigationPreload?.disable()
      await self.clients.claim()
      // Files cached under the name used before caches were named per scope.
      await caches.delete(LEGACY_PRECACHE)
      await host.assets.prune(await versionsInUse(config.buildId))
      await host.pipeline().prune()
    })())
  }
}
