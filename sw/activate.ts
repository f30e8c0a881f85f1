/** `activate`: other builds' caches go, navigation preload as configured, open tabs claimed, files no tab runs pruned. */
import { LEGACY_PRECACHE } from '../runtime/shared/cache-names.ts'
import { deleteOtherBuilds } from './precache.ts'
import type { WorkerHost } from './host.ts'
import { versionsInUse } from './builds-in-use.ts'

declare const self: ServiceWorkerGlobalScope

export function onActivate({ build, caches: kept, pipeline }: Pick<WorkerHost, 'build' | 'caches' | 'pipeline'>) {
  const { config } = build
  return (event: ExtendableEvent): void => {
    event.waitUntil((async () => {
      // Other builds' routed pages and swr renders: their workers, and their routes, are gone.
      await deleteOtherBuilds(build.scope, [build.routedCache, kept.pageCache.name, kept.renderCache.name])
      if (config.sw.navigation === 'network-first' && config.sw.navigationPreload) await self.registration.navigationPreload?.enable()
      else await self.registration.navigationPreload?.disable()
      await self.clients.claim()
      // Files cached under the name used before caches were named per scope.
      await caches.delete(LEGACY_PRECACHE)
      await kept.assets.prune(await versionsInUse(config.buildId))
      await pipeline.get().prune()
    })())
  }
}
