/**
 * The precache: workbox-build's manifest ({ url, revision }) in one cache
 * shared by every version, keyed by url (+ revision for unhashed files), so a
 * new build fetches only the files that changed. Each version's keys are
 * recorded; a version's files are deleted only once no open tab runs it.
 */
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'

export const PRECACHE = 'swerve-precache'
const RECORD = '__swerve/versions.json'

type VersionRecord = Record<string, string[]>

export function createPrecache(entries: PrecacheEntry[], scope: string, version: string) {
  const keyOf = (entry: PrecacheEntry) => {
    const url = new URL(entry.url, scope)
    if (entry.revision) url.searchParams.set('__swerve_rev', entry.revision)
    return url.href
  }
  /** Request URL (no query) → cache key. */
  const keys = new Map(entries.map(entry => [new URL(entry.url, scope).href, keyOf(entry)]))
  const recordUrl = new URL(RECORD, scope).href

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
      // Read the body now: unread bodies hold their connections, and past six of
      // them (HTTP/1.1's limit per host) the remaining fetches would wait forever.
      const body = await response.blob()
      return [keyOf(entry), new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })] as const
    }))
    await Promise.all(responses.map(([key, response]) => cache.put(key, response)))
  }

  async function readRecord(cache: Cache): Promise<VersionRecord> {
    const response = await cache.match(recordUrl)
    return response ? await response.json() as VersionRecord : {}
  }

  /**
   * Records this version's files and deletes those of versions no open tab runs.
   * `inUse` are the versions the open tabs report.
   */
  async function prune(inUse: Set<string>): Promise<void> {
    const cache = await caches.open(PRECACHE)
    const record = await readRecord(cache)
    record[version] = [...keys.values()]
    for (const other of Object.keys(record)) if (other !== version && !inUse.has(other)) delete record[other]
    const keep = new Set(Object.values(record).flat())
    keep.add(recordUrl)
    for (const request of await cache.keys()) {
      if (!keep.has(request.url)) await cache.delete(request)
    }
    await cache.put(recordUrl, new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json' } }))
  }

  /** Whether files of another build are still kept (so a prune could free something). */
  async function keepsOlderBuilds(): Promise<boolean> {
    const record = await readRecord(await caches.open(PRECACHE))
    return Object.keys(record).some(other => other !== version)
  }

  function match(url: URL): string | undefined {
    return keys.get(url.origin + url.pathname)
  }

  /** Any cached copy: the current version's, or an older one an open tab still loads. */
  async function respond(request: Request, key = match(new URL(request.url)) ?? request.url): Promise<Response> {
    const cache = await caches.open(PRECACHE)
    return (await cache.match(key)) ?? fetch(request)
  }

  return { install, prune, keepsOlderBuilds, match, respond }
}
