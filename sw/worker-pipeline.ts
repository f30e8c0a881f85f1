/**
 * The worker's pipeline side (`sw-pipeline.js`): the app's server on IndexedDB,
 * the cookie bridge, and unsafe requests run once. The host (sw/index.ts)
 * imports it when a request first needs it, so a cold start that the precache
 * or a kept `swr` render answers evaluates none of it (docs/worker.md).
 */
import type { Driver } from 'unstorage'
import type { HostFetchOptions, SwerveServer } from '../runtime/server/types.ts'
import { applySetCookies, withCookies, type Initiator } from './cookies.ts'
import { createIdempotency } from './idempotency.ts'
import { createWorkerStorage } from './idb-storage.ts'
import { keepRender, watchRender, watchUntracked, withWatchedHeaders } from './render-keep.ts'
import { postToPage, type ToPage } from '../runtime/shared/messages.ts'
import { createSync, type SyncEngine } from './sync-engine.ts'

declare const self: ServiceWorkerGlobalScope

export interface WorkerPipeline {
  /**
   * The server's answer; `initiator` is asked only when cookies go along. `keep`: a render
   * cache's name, where a navigation's render is kept with what it read (sw/render-keep.ts).
   */
  handle: (request: Request, initiator: () => Promise<Initiator>, options?: HandleOptions) => Promise<Response>
  /** Drops idempotency records old enough that no retry can come. */
  prune: () => Promise<void>
  close: () => Promise<void>
  /** Synced storage bases (docs/sync.md); absent when the app syncs none. */
  sync?: SyncEngine
}

export type HandleOptions = Pick<HostFetchOptions, 'passthrough'> & { keep?: string, waitUntil?: (work: Promise<unknown>) => void }

export interface WorkerPipelineOptions {
  /** The app's base path. */
  base: string
  /** Storage bases replicated to the origin. */
  synced: string[]
  /** Whether navigations' renders may be kept (`sw.renderCache`): watches what they use. */
  renderCache?: boolean
}

/** A navigation whose render may be kept: what it uses besides storage, and the cookies it was given. */
interface Keeping {
  watch: ReturnType<typeof watchRender>
  cookie: string
}

/** Posts a message to every tab of this worker's scope. */
async function broadcast(message: ToPage): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window' })) postToPage(client, message)
}

/** What `sw-pipeline.js` leaves on the worker's global scope for the host. */
export const PIPELINE_GLOBAL = '__swervePipeline'
/** The Background Sync tag the worker registers after a synced write. */
export const SYNC_TAG = 'swerve-sync'

export function createWorkerPipeline(createServer: (storage: Driver) => SwerveServer, options: WorkerPipelineOptions): WorkerPipeline {
  let sync: SyncEngine | undefined
  const storage = createWorkerStorage({
    synced: options.synced,
    onChange(base) {
      sync?.changed(base)
      // Where the browser has Background Sync, it wakes the worker to push when the network is back.
      void (self.registration as ServiceWorkerRegistration & { sync?: { register: (tag: string) => Promise<void> } }).sync?.register(SYNC_TAG).catch(() => {})
    },
  })
  if (__SWERVE_SYNC__ && options.synced.length) {
    sync = createSync({ storage, bases: options.synced, base: options.base, origin: self.location.origin, broadcast: message => void broadcast(message) })
  }
  if (options.renderCache) watchUntracked(globalThis)
  const server = createServer(storage.driver)
  const idempotency = createIdempotency(storage)
  /** What the last render of each page URL read from storage: its next render's reads start at once. */
  const readsOf = new Map<string, string[]>()

  /**
   * A page's render reads storage only after the app, its router and its first components are
   * set up (about a millisecond of a warm render), then waits for IndexedDB. Reads the last
   * render of the URL made are started with the request instead (docs/performance.md).
   */
  async function readingAhead(request: Request, run: (keeping?: Keeping) => Promise<Response>, options: HandleOptions): Promise<Response> {
    if (request.mode !== 'navigate') return run()
    const url = request.url.split('#')[0]!
    const known = readsOf.get(url)
    if (known) storage.readAhead(known)
    const reads = storage.record()
    const keeping = options.keep && request.method === 'GET' ? { watch: watchRender(), cookie: '' } : undefined
    try {
      const response = await run(keeping)
      if (keeping) {
        const kept = keepRender(options.keep!, request, keeping.cookie, reads, keeping.watch, response.clone())
          .catch((error: unknown) => console.error('[swerve] keeping a render failed:', error))
        options.waitUntil?.(kept)
      }
      return response
    } finally {
      reads.stop()
      keeping?.watch.stop()
      if (readsOf.size >= 200) readsOf.clear()
      readsOf.set(url, [...reads.names])
    }
  }

  return {
    sync,
    handle(request, initiator, options = {}) {
      const { keep: _keep, waitUntil: _waitUntil, ...fetchOptions } = options
      /** The request as the server reads it: with its cookies, and its header reads noted when kept. */
      const seen = async (keeping?: Keeping) => {
        const given = __SWERVE_SW_COOKIES__ ? await withCookies(request, await initiator()) : request
        if (!keeping) return given
        keeping.cookie = given.headers.get('cookie') ?? ''
        return withWatchedHeaders(given, keeping.watch)
      }
      // A build-time flag: a worker without the cookie bridge carries none of its code.
      const run = __SWERVE_SW_COOKIES__
        ? async (keeping?: Keeping) => {
          const setCookies: string[] = []
          const answer = await server.fetch(await seen(keeping), { ...fetchOptions, setCookies })
          await applySetCookies(setCookies)
          return answer
        }
        : async (keeping?: Keeping) => server.fetch(await seen(keeping), fetchOptions)
      return readingAhead(request, keeping => idempotency.handle(request, () => run(keeping)), options)
    },
    prune: () => idempotency.prune(),
    close: () => server.close(),
  }
}
