/**
 * The precache: workbox-build's manifest ({ url, revision }), one cache shared
 * by every version, keyed by url + revision so a new build fetches only the
 * files whose revision changed.
 */
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'

export const PRECACHE = 'swerve-precache'

export function createPrecache(entries: PrecacheEntry[], scope: string) {
  const keyOf = (entry: PrecacheEntry) => {
    const url = new URL(entry.url, scope)
    if (entry.revision) url.searchParams.set('__swerve_rev', entry.revision)
    return url.href
  }
  /** Request URL (no query) → cache key. */
  const keys = new Map(entries.map(entry => [new URL(entry.url, scope).href, keyOf(entry)]))

  async function install(): Promise<void> {
    const cache = await caches.open(PRECACHE)
    const cached = new Set((await cache.keys()).map(request => request.url))
    const missing = entries.filter(entry => !cached.has(keyOf(entry)))
    // All or nothing: fetch everything first, write only when every file arrived.
    const responses = await Promise.all(missing.map(async (entry) => {
      const url = new URL(entry.url, scope).href
      let response: Response
      try {
        response = await fetch(url, { cache: 'no-cache' })
      } catch (error) {
        throw new Error(`[swerve] precache failed: ${url} could not be fetched (${(error as Error).message})`)
      }
      if (!response.ok) throw new Error(`[swerve] precache failed: ${url} answered ${response.status}`)
      return [keyOf(entry), response] as const
    }))
    await Promise.all(responses.map(([key, response]) => cache.put(key, response)))
  }

  /** Keeps the current entries and those `keep` names (still used by open tabs); deletes the rest. */
  async function prune(keep: Set<string> = new Set()): Promise<void> {
    const cache = await caches.open(PRECACHE)
    const current = new Set(keys.values())
    for (const request of await cache.keys()) {
      if (!current.has(request.url) && !keep.has(request.url)) await cache.delete(request)
    }
  }

  function match(url: URL): string | undefined {
    return keys.get(url.origin + url.pathname)
  }

  async function respond(key: string, request: Request): Promise<Response> {
    const cache = await caches.open(PRECACHE)
    return (await cache.match(key)) ?? fetch(request)
  }

  return { install, prune, match, respond, keys }
}
