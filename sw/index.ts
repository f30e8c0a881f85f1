/**
 * The service-worker host (`sw.js`): install/activate, precache, fetch routing,
 * `prerender` and `swr` answers, updates. Routing, rendering and plugins live in
 * the pipeline (`sw-pipeline.js`, sw/pipeline.ts), imported when a request
 * first needs it.
 */
import config from '#swerve/virtual/config'
import entries from '#swerve/virtual/precache'
import { originRoutes, routes } from '#swerve/virtual/server-routes'
import { withAnswerHeaders } from '../runtime/server/security.ts'
import { createSwr } from '../runtime/server/swr.ts'
import { renonceResponse } from '../runtime/shared/csp.ts'
import { indexFileOf, pageOfIndexFile, PASS_HEADER } from '../runtime/shared/paths.ts'
import { createRouteRules, swrOf, swrPathsOf, toRemoteMatcher } from '../runtime/shared/route-rules.ts'
import type { WorkerBoot } from './boot.ts'
import type { Initiator } from './cookies.ts'
import { toRouteMatcher } from './match.ts'
import { createPrecache, deleteOtherBuilds, LEGACY_PRECACHE } from './precache.ts'
import { createPageCache } from './page-cache.ts'
import { PIPELINE_GLOBAL, SYNC_TAG, type WorkerPipeline } from './pipeline.ts'
import { versionsInUse } from './versions.ts'

declare const self: ServiceWorkerGlobalScope & { [PIPELINE_GLOBAL]?: () => WorkerPipeline }

/** Background Sync's event, where the browser has it. */
interface SyncEvent extends ExtendableEvent {
  tag: string
}

/** One rule of Chromium's static routing: navigations to these paths are answered from `cacheName`. */
interface RouterRule {
  condition: { or: { urlPattern: { pathname: string, search: string }, requestMode: 'navigate', requestMethod: 'GET' }[] }
  source: { cacheName: string }
}

/** Chromium's static routing (`InstallEvent.addRoutes`): requests the browser answers without the worker. */
interface RoutingInstallEvent extends ExtendableEvent {
  addRoutes?: (rules: RouterRule[]) => Promise<void>
}

/** A literal path as a URLPattern pathname: its pattern syntax escaped. */
const literalPattern = (pathname: string) => pathname.replace(/[\\:*(){}?+]/g, '\\$&')

/** The caches of routed `prerender` pages, one per build: `swerve-prerendered <build> <scope>`. */
const ROUTED_PREFIX = 'swerve-prerendered '

/** How long after a worker starts it syncs: its first answer goes first. */
const START_SYNC_DELAY_MS = 300

export function hostInWorker(): void {
  const boot: WorkerBoot = { evaluated: performance.now() }
  const scope = self.registration.scope
  const base = new URL(scope).pathname
  const isServerRoute = toRouteMatcher(base, routes)
  const assetPrefix = `${base}_swerve/`
  const syncPrefix = `${assetPrefix}sync/`
  // `__SWERVE_SYNC__ &&` before each use: a build without sync drops every branch.
  const syncs = config.sync.bases.length > 0
  let startSync = __SWERVE_SYNC__ && syncs
  // This build's pipeline: imported at install, which keeps it with the worker; later
  // imports read the kept copy, offline too.
  const pipelineUrl = new URL(`sw-pipeline.js?v=${config.buildId}`, self.location.href).href
  const rulesFor = createRouteRules(config.routeRules, base)
  // `worker: false` and `*.origin.ts` routes: the origin's, online or not; the worker never answers.
  const isRemote = toRemoteMatcher(rulesFor, base, originRoutes)
  // A prerendered page is kept with the headers it answers with (its revision is the build's).
  const assets = createPrecache(entries, scope, config.buildId, (entry, response) => entry.url.endsWith('index.html')
    ? withAnswerHeaders(response, rulesFor(base + pageOfIndexFile(entry.url)).headers)
    : response)
  const routedCache = `${ROUTED_PREFIX}${config.buildId} ${scope}`
  const pageCache = createPageCache(config.buildId, scope)
  const swr = createSwr(pageCache, { cspNonce: config.security.cspNonce })
  // `swr` pages with an exact path, as URLs spell them (`/caf%C3%A9`): rendered at install, and routed
  // where the browser can. Found when first needed (install, SWERVE_SHOWN), not on every start.
  let swrPaths: string[] | undefined
  const swrPathsNow = () => swrPaths ??= swrPathsOf(config.routeRules).map(path => new URL(base + path.slice(1), scope).pathname)
  let pipeline: WorkerPipeline | undefined
  /** The pipeline, evaluated and created on first use: a cold start that a `prerender` or `swr` page answers runs none of it. */
  function pipelineOf(): WorkerPipeline {
    if (pipeline) return pipeline
    if (!self[PIPELINE_GLOBAL]) importScripts(pipelineUrl)
    boot.pipelineImported ??= performance.now()
    pipeline = self[PIPELINE_GLOBAL]!()
    boot.pipelineCreated ??= performance.now()
    return pipeline
  }

  self.addEventListener('install', (event) => {
    event.waitUntil((async () => {
      // Synchronous, and only allowed here for a script the browser has not kept yet.
      try {
        importScripts(pipelineUrl)
      } catch (error) {
        throw new Error(`[swerve] install failed: ${pipelineUrl} could not be imported (${(error as Error).message})`)
      }
      await assets.install()
      await routePages(event as RoutingInstallEvent)
    })().catch((error) => {
      console.error(error.message)
      throw error
    }))
    if (config.sw.updates === 'auto') void self.skipWaiting()
  })

  /**
   * Pages the browser can answer from Cache Storage without starting the worker, where it
   * has static routing (Chromium): `prerender` pages, kept again under their own paths,
   * and `swr` pages with an exact path, rendered now into this build's `swr` store. The
   * fetch handler answers them elsewhere, and when the routes are refused. A page that
   * needs a fresh CSP nonce on each answer is never routed (docs/routing.md).
   */
  async function routePages(event: RoutingInstallEvent): Promise<void> {
    const rendered = await renderSwrPages()
    if (!event.addRoutes || config.security.cspNonce) return
    const rules = [
      { paths: await keepPrerendered(), cacheName: routedCache },
      { paths: rendered, cacheName: pageCache.name },
    ].filter(rule => rule.paths.length).map(({ paths, cacheName }): RouterRule => ({
      // One rule per cache: Chromium takes at most 255 of them, and an `or` of many conditions.
      condition: { or: paths.map(path => ({ urlPattern: { pathname: literalPattern(path), search: '' }, requestMode: 'navigate', requestMethod: 'GET' })) },
      source: { cacheName },
    }))
    if (!rules.length) return
    try {
      await event.addRoutes(rules)
    } catch (error) {
      console.warn(`[swerve] prerender and swr pages stay with the worker: the browser refused their routes (${(error as Error).message})`)
      await caches.delete(routedCache)
    }
  }

  /** Each `prerender` page again under the paths the fetch handler answers it for (`/about` and `/about/`); those kept. */
  async function keepPrerendered(): Promise<string[]> {
    const pages = entries.flatMap((entry) => {
      if (!entry.url.endsWith('index.html')) return []
      const page = base + pageOfIndexFile(entry.url)
      const paths = page === base ? [page] : [page.slice(0, -1), page]
      return paths.filter(path => rulesFor(path).prerender).map(path => ({ path, file: new URL(entry.url, scope) }))
    })
    if (!pages.length) return []
    const cache = await caches.open(routedCache)
    const kept = await Promise.all(pages.map(async ({ path, file }) => {
      const response = await assets.cached(file)
      if (response) await cache.put(new URL(path, scope).href, response)
      return response ? path : undefined
    }))
    return kept.filter(path => path !== undefined)
  }

  /**
   * Each exact `swr` path rendered into this build's store, so its first visit is
   * answered at once too (with `x-swerve-cache: hit`); the paths kept. A page that does
   * not render a plain `200` is left to the fetch handler.
   */
  async function renderSwrPages(): Promise<string[]> {
    const kept = await Promise.all(swrPathsNow().map(async (path) => {
      try {
        return await swr.fill(pageRequest(new URL(path, scope)), render) ? path : undefined
      } catch (error) {
        console.warn(`[swerve] swr: rendering ${path} at install failed:`, error)
        return undefined
      }
    }))
    return kept.filter(path => path !== undefined)
  }

  /** A render the worker makes itself (at install, or again in the background): as the site's own navigation. */
  const render = (request: Request) => pipelineOf().handle(request, async () => 'same-site')
  const pageRequest = (url: URL) => new Request(url, { headers: { accept: 'text/html' } })

  self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
      // Other builds' routed pages and swr renders: their workers, and their routes, are gone.
      await deleteOtherBuilds(scope, [routedCache, pageCache.name])
      if (config.sw.navigation === 'network-first' && config.sw.navigationPreload) await self.registration.navigationPreload?.enable()
      else await self.registration.navigationPreload?.disable()
      await self.clients.claim()
      // Files cached under the name used before caches were named per scope.
      await caches.delete(LEGACY_PRECACHE)
      await assets.prune(await versionsInUse(config.buildId))
      await pipelineOf().prune()
    })())
  })

  // Best effort `close` hook: this worker was superseded by a newer one.
  self.serviceWorker?.addEventListener('statechange', () => {
    if (self.serviceWorker.state === 'redundant') void pipeline?.close()
  })

  /** Synced storage: each worker start syncs once, after its first answer (docs/sync.md). */
  function syncOnStart(event: ExtendableEvent): void {
    if (!startSync) return
    startSync = false
    event.waitUntil(new Promise(resolve => setTimeout(resolve, START_SYNC_DELAY_MS)).then(() => pipelineOf().sync?.sync()))
  }

  if (__SWERVE_SYNC__ && syncs) {
    // Background Sync: the network is back; a rejection asks the browser to try again later.
    self.addEventListener('sync', ((event: SyncEvent) => {
      if (event.tag !== SYNC_TAG) return
      event.waitUntil(pipelineOf().sync!.sync().then((done) => {
        if (!done) throw new Error('[swerve] sync incomplete: the browser retries later')
      }))
    }) as EventListener)
  }

  self.addEventListener('message', (event) => {
    if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting()
    // useSync(): a tab asks for a sync (came online, its interval, sync()) or for the state.
    if (__SWERVE_SYNC__ && syncs && (event.data?.type === 'SWERVE_SYNC' || event.data?.type === 'SWERVE_SYNC_STATE')) {
      const engine = pipelineOf().sync!
      event.waitUntil((async () => {
        if (event.data.type === 'SWERVE_SYNC') await engine.sync()
        else syncOnStart(event)
        event.ports[0]?.postMessage({ type: 'SWERVE_SYNC_STATE', states: await engine.states() })
      })())
    }
    // Diagnostics: this worker's build and where its start-up time went (npm run bench and swerve/playwright read it).
    if (event.data?.type === 'SWERVE_BOOT') event.ports[0]?.postMessage({ ...boot, buildId: config.buildId })
    // A tab shows a page the browser answered from a route (routePages): a `swr` render may be due again.
    if (event.data?.type === 'SWERVE_SHOWN' && typeof event.data.url === 'string' && URL.canParse(event.data.url)) {
      const url = new URL(event.data.url)
      if (url.origin === self.location.origin && !url.search && swrPathsNow().includes(url.pathname)) {
        event.waitUntil(swr.shown({ request: pageRequest(url), maxAge: swrOf(rulesFor(url.pathname))!, render, waitUntil: work => event.waitUntil(work) }))
      }
    }
    // A tab of an older version closed or reloaded: its files may go now.
    if (event.data?.type === 'SWERVE_PRUNE') {
      event.waitUntil((async () => {
        if (await assets.keepsOlderBuilds()) await assets.prune(await versionsInUse(config.buildId))
      })())
    }
  })

  self.addEventListener('fetch', (event) => {
    // Where a cold start's time goes (ms since the worker started): script evaluated, first
    // request arrived, first request answered. Asked for with SWERVE_BOOT.
    boot.firstFetch ??= performance.now()
    const { request } = event
    const url = new URL(request.url)
    if (url.origin !== self.location.origin || !url.pathname.startsWith(base)) return
    if (__SWERVE_SYNC__) syncOnStart(event)
    if (isRemote(url.pathname) || url.pathname.startsWith(syncPrefix)) return
    const forPipeline = request.mode === 'navigate' || isServerRoute(url.pathname)
    // A Range on a static file is the network's to answer; the pipeline answers its own routes.
    if (request.headers.has('range') && !forPipeline) return
    if (request.method === 'GET') {
      const key = assets.match(url)
      // Hashed client files of any version still cached (an open tab of version N loads its lazy chunks).
      if (key || url.pathname.startsWith(assetPrefix)) {
        event.respondWith(assets.respond(request, key))
        return
      }
    }
    if (request.mode === 'navigate') {
      const rule = rulesFor(url.pathname)
      const maxAge = swrOf(rule)
      if (rule.prerender && request.method === 'GET') {
        event.respondWith(prerendered(event))
        return
      }
      if (maxAge !== undefined && request.method === 'GET') {
        event.respondWith(swr.answer({ request, maxAge, render: again => handle(event, {}, again), waitUntil: work => event.waitUntil(work) }).then(answered))
        return
      }
      event.respondWith(config.sw.navigation === 'network-first' ? networkFirst(event) : handle(event))
      return
    }
    if (forPipeline) {
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

  /** Notes when the first request was answered (SWERVE_BOOT). */
  function answered(response: Response): Response {
    boot.firstResponse ??= performance.now()
    return response
  }

  /** `prerender: true`: the page as the build rendered it, from the precache; rendered here only if it is missing. */
  async function prerendered(event: FetchEvent): Promise<Response> {
    const url = new URL(event.request.url)
    const kept = await assets.cached(new URL(indexFileOf(url.pathname), url))
    if (!kept) return handle(event)
    // Kept with its answer headers at install: handed back as it is, unless it needs a fresh nonce.
    return answered(config.security.cspNonce ? await renonceResponse(kept) : kept)
  }

  /** The pipeline's answer to `request` (the event's own unless given: `swr` renders again with a copy). */
  async function handle(event: FetchEvent, options: { passthrough?: boolean } = {}, request = event.request): Promise<Response> {
    const pipeline = pipelineOf()
    const response = await pipeline.handle(request, () => initiatorOf(event), options)
    // A synced write pushes soon: the worker stays up for it.
    const pushing = pipeline.sync?.scheduled()
    if (pushing) event.waitUntil(pushing)
    return answered(response)
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
