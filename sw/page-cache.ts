/** The worker's `swr` store (runtime/server/swr.ts): one Cache Storage cache per build and scope. */
import type { PageCacheStore } from '../runtime/server/swr.ts'
import { isSwerveCacheOf } from './precache.ts'

const PREFIX = 'swerve-swr '

export function createPageCache(buildId: string, scope: string): PageCacheStore & { name: string, pruneOthers: () => Promise<void> } {
  const name = `${PREFIX}${buildId} ${scope}`
  return {
    name,
    get: async key => await caches.match(key, { cacheName: name }) ?? undefined,
    put: async (key, response) => { await (await caches.open(name)).put(key, response) },
    // A render names its build's files: other builds' renders go when this build activates.
    async pruneOthers() {
      for (const other of await caches.keys()) {
        if (other !== name && other.startsWith(PREFIX) && isSwerveCacheOf(other, scope)) await caches.delete(other)
      }
    },
  }
}
