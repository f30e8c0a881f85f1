/** The worker's `swr` store (runtime/server/swr.ts): one Cache Storage cache per scope. */
import type { PageCacheStore } from '../runtime/server/swr.ts'

export const pageCacheName = (scope: string) => `swerve-swr ${scope}`

export function createPageCache(scope: string): PageCacheStore & { clear: () => Promise<boolean> } {
  const name = pageCacheName(scope)
  return {
    get: async key => await caches.match(key, { cacheName: name }) ?? undefined,
    put: async (key, response) => { await (await caches.open(name)).put(key, response) },
    // A new build's pages load other files: the old build's renders go with it.
    clear: () => caches.delete(name),
  }
}
