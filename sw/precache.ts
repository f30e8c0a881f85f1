/**
 * The precache: workbox-build's manifest ({ url, revision }) in one cache
 * shared by every version, keyed by url (+ revision for unhashed files), so a
 * new build fetches only the files that changed. Each version's keys are
 * recorded; a version's files are deleted only once no open tab runs it.
 *
 * Caches are named per scope (two apps on one origin never share one), and only
 * `install` creates one: a worker that outlived its cache (the kill switch
 * deleted it while an old tab was open) never brings it back.
 */
import { isSwerveCacheOf, precacheName } from '../runtime/shared/cache-names.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'

/**
 * Deletes the caches of other builds: each of `current` is this build's `<kind> <build> <scope>`,
 * and this scope's caches of the same kind but another build go (their workers are gone).
 */
export async function deleteOtherBuilds(scope: string, current: string[]): Promise<void> {
  const kinds = current.map(name => name.slice(0, name.indexOf(' ') + 1))
  for (const name of await caches.keys()) {
    if (!current.includes(name) && isSwerveCacheOf(name, scope) && kinds.some(kind => name.startsWith(kind))) await caches.delete(name)
  }
}

const RECORD = '__swerve/versions.json'

type VersionRecord = Record<string, string[]>

/** `__swerve_rev=…` as URLSearchParams writes it; a hex or base-36 revision needs no escaping. */
const revisionParam = (revision: string) => /^[\w.*-]+$/.test(revision) ? `__swerve_rev=${revision}` : new URLSearchParams({ __swerve_rev: revision }).toString()

/** A file as the precache keeps it, or an error that names it. */
async function download(url: string): Promise<Response> {
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
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
}

/**
 * `prepare`: the response to keep for an entry (the worker gives prerendered pages their
 * answer headers here, so a navigation hands back the cached response as it is).
 */
export function createPrecache(entries: PrecacheEntry[], scope: string, version: string, prepare: (entry: PrecacheEntry, response: Response) => Response = (_, response) => response) {
  // The build writes each url as the URL parser would (build/precache.ts), so joining strings
  // gives what `new URL(url, scope)` would: a start makes no URL per file of the app.
  const root = new URL('./', scope).href
  const urlOf = (entry: PrecacheEntry) => root + entry.url
  const keyOf = (entry: PrecacheEntry, url = urlOf(entry)) => entry.revision ? `${url}?${revisionParam(entry.revision)}` : url
  /** Request URL (no query) → cache key. */
  const keys = new Map(entries.map((entry) => {
    const url = urlOf(entry)
    return [url, keyOf(entry, url)]
  }))
  const recordUrl = new URL(RECORD, scope).href
  const cacheName = precacheName(scope)
  /** The cache if it exists; `caches.open` would create it. */
  const existing = async () => await caches.has(cacheName) ? caches.open(cacheName) : undefined

  async function install(): Promise<void> {
    const cached = new Set(((await (await existing())?.keys()) ?? []).map(request => request.url))
    const missing = entries.filter(entry => !cached.has(keyOf(entry)))
    // All or nothing: fetch everything first, write only when every file arrived.
    const responses = await Promise.all(missing.map(async entry => [keyOf(entry), prepare(entry, await download(urlOf(entry)))] as const))
    const cache = await caches.open(cacheName)
    await Promise.all(responses.map(([key, response]) => cache.put(key, response)))
  }

  async function readRecord(cache: Cache | undefined): Promise<VersionRecord> {
    if (!cache) return {}
    const response = await cache.match(recordUrl)
    return response ? await response.json() as VersionRecord : {}
  }

  /**
   * Records this version's files and deletes those of versions no open tab runs.
   * `inUse` are the versions the open tabs report.
   */
  async function prune(inUse: Set<string>): Promise<void> {
    const cache = await existing()
    if (!cache) return
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
    const record = await readRecord(await existing())
    return Object.keys(record).some(other => other !== version)
  }

  function match(url: URL): string | undefined {
    return keys.get(url.origin + url.pathname)
  }

  /** Any cached copy: the current version's, or an older one an open tab still loads. */
  async function respond(request: Request, key = match(new URL(request.url)) ?? request.url): Promise<Response> {
    return (await caches.match(key, { cacheName })) ?? fetch(request)
  }

  /** This version's copy of `url`, if it is one of its files and cached. */
  async function cached(url: URL): Promise<Response | undefined> {
    const key = match(url)
    return key ? await caches.match(key, { cacheName }) : undefined
  }

  return { install, prune, keepsOlderBuilds, match, respond, cached }
}
