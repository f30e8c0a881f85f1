/**
 * The service-worker host: install/activate, precache, fetch routing and
 * updates. Routing, rendering and plugins live in the server it is given.
 */
import config from '#swerve/virtual/config'
import entries from '#swerve/virtual/precache'
import { routes } from '#swerve/virtual/server'
import type { SwerveServer } from '../runtime/server/types.ts'
import { PASS_HEADER } from '../runtime/shared/paths.ts'
import { applySetCookies, withCookies, type Initiator } from './cookies.ts'
import { toRouteMatcher } from './match.ts'
import { createPrecache, LEGACY_PRECACHE } from './precache.ts'
import { createIdempotency } from './idempotency.ts'
import type { WorkerStorage } from './storage.ts'
import { versionsInUse } from './versions.ts'

declare const self: ServiceWorkerGlobalScope

/** `storage`: the worker's IndexedDB, which makes unsafe requests happen once. */
export function hostInWorker(server: SwerveServer, storage?: WorkerStorage): void {
  const boot: { evaluated: number, firstFetch?: number, firstResponse?: number } = { evaluated: performance.now() }
  const scope = self.registration.scope
  const base = new URL(scope).pathname
  const assets = createPrecache(entries, scope, config.buildId)
  const isServerRoute = toRouteMatcher(base, routes.map(r => r.route))
  const assetPrefix = `${base}_swerve/`
  const idempotency = storage && createIdempotency(storage)

  self.addEventListener('install', (event) => {
    event.waitUntil(assets.install().catch((error) => {
      console.error(error.message)
      throw error
    }))
    if (config.sw.updates === 'auto') void self.skipWaiting()
  })

  self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
      if (config.sw.navigation === 'network-first' && config.sw.navigationPreload) await self.registration.navigationPreload?.enable()
      else await self.registration.navigationPreload?.disable()
      await self.clients.claim()
      // Files cached under the name used before caches were named per scope.
      await caches.delete(LEGACY_PRECACHE)
      await assets.prune(await versionsInUse(config.buildId))
      await idempotency?.prune()
    })())
  })

  // Best effort `close` hook: this worker was superseded by a newer one.
  self.serviceWorker?.addEventListener('statechange', () => {
    if (self.serviceWorker.state === 'redundant') void server.close()
  })

  self.addEventListener('message', (event) => {
    if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting()
    // Diagnostics: where this worker's start-up time went (npm run bench reads it).
    if (event.data?.type === 'SWERVE_BOOT') event.ports[0]?.postMessage(boot)
    // A tab of an older version closed or reloaded: its files may go now.
    if (event.data?.type === 'SWERVE_PRUNE') {
      event.waitUntil((async () => {
        if (await assets.keepsOlderBuilds()) await assets.prune(await versionsInUse(config.buildId))
      })())
    }
  })

  self.addEventListener('fetch', (event) => {
    const { request } = event
    const url = new URL(request.url)
    if (url.origin !== self.location.origin || !url.pathname.startsWith(base)) return
    // `worker: false` and `*.origin.ts` routes: the origin's, online or not; the worker never answers.
    if (server.isRemote?.(url.pathname)) return
    const pipeline = request.mode === 'navigate' || isServerRoute(url.pathname)
    // A Range on a static file is the network's to answer; the pipeline answers its own routes.
    if (request.headers.has('range') && !pipeline) return
    if (request.method === 'GET') {
      const key = assets.match(url)
      // Hashed client files of any version still cached (an open tab of version N loads its lazy chunks).
      if (key || url.pathname.startsWith(assetPrefix)) {
        event.respondWith(assets.respond(request, key))
        return
      }
    }
    if (request.mode === 'navigate') {
      event.respondWith(config.sw.navigation === 'network-first' ? networkFirst(event) : handle(event))
      return
    }
    if (pipeline) {
      event.respondWith(handle(event))
      return
    }
    // Anything else in scope: server middleware may answer it (as on a server); when
    // nothing in the pipeline does, the request goes to the network as it came.
    event.respondWith(handleOrPass(event))
  })

  async function handleOrPass(event: FetchEvent): Promise<Response> {
    const { request } = event
    // The pipeline may read the body (the body limit does): keep a copy for the network.
    const original = request.method === 'GET' || request.method === 'HEAD' ? request : request.clone()
    const response = await handle(event, { passthrough: true })
    return response.headers.has(PASS_HEADER) ? fetch(original) : response
  }

  /**
   * Whether this site started the request. Only this origin's pages send the worker
   * anything but navigations; a navigation names its initiator in `Origin` (unsafe
   * methods), else in its referrer, else by its client when that is one of this
   * origin's. Whatever the worker cannot tell is another site.
   */
  async function initiatorOf(event: FetchEvent): Promise<Initiator> {
    const { request } = event
    if (request.mode !== 'navigate') return 'same-site'
    const from = request.headers.get('origin') ?? (request.referrer || undefined)
    if (from !== undefined) return URL.canParse(from) && new URL(from).host === self.location.host ? 'same-site' : 'cross-site'
    return event.clientId && await self.clients.get(event.clientId) ? 'same-site' : 'cross-site'
  }

  async function handle(event: FetchEvent, options: { passthrough?: boolean } = {}): Promise<Response> {
    const { request } = event
    const fetchedAt = performance.now()
    // A build-time flag: a worker without the cookie bridge carries none of its code.
    const run = __SWERVE_SW_COOKIES__
      ? async () => {
        const setCookies: string[] = []
        const answer = await server.fetch(await withCookies(request, await initiatorOf(event)), { ...options, setCookies })
        await applySetCookies(setCookies)
        return answer
      }
      : () => server.fetch(request, options)
    const response = await (idempotency ? idempotency.handle(request, run) : run())
    // Where a cold start's time goes (ms since the worker started): script evaluated,
    // first request arrived, first request answered. Asked for with SWERVE_BOOT.
    boot.firstFetch ??= fetchedAt
    boot.firstResponse ??= performance.now()
    return response
  }

  /** `sw.navigation: 'network-first'`: the origin renders when it can; the worker when it cannot. */
  async function networkFirst(event: FetchEvent): Promise<Response> {
    try {
      const preloaded = await event.preloadResponse
      const response = preloaded ?? await fetch(event.request)
      if (response.status < 500) return response
    } catch {
      // Offline, or the origin is down: render here.
    }
    return handle(event)
  }
}
