/**
 * The worker's `swr` store (runtime/server/swr.ts): one Cache Storage cache per build and
 * scope, since a render names its build's files (sw/index.ts deletes the others').
 */
import type { PageCacheStore } from '../runtime/server/swr.ts'

export function createPageCache(buildId: string, scope: string): PageCacheStore & { name: string } {
  const name = `swerve-swr ${buildId} ${scope}`
  return {
    name,
    get: async key => await caches.match(key, { cacheName: name }) ?? undefined,
    put: async (key, response) => { await (await caches.open(name)).put(key, response) },
  }
}
