/**
 * `fetch`: route() decides (sw/route.ts); these answer. Requests the worker leaves
 * to the network get no `respondWith`, so the browser fetches them as it would
 * without a worker.
 */
import { renonceResponse } from '../runtime/shared/csp.ts'
import { indexFileOf, PASS_HEADER } from '../runtime/shared/paths.ts'
import { swrOf } from '../runtime/shared/route-rules.ts'
import { cookieHeaderOf, type Initiator } from './cookies.ts'
import type { WorkerHost } from './host.ts'
import type { HandleOptions } from './worker-pipeline.ts'
import { route } from './route.ts'

declare const self: ServiceWorkerGlobalScope

export function onFetch(host: WorkerHost) {
  const { build: { config, boot }, caches: { assets, swr }, routing, pipeline: loader } = host

  /** The pipeline's answer to `request` (the event's own unless given: `swr` renders again with a copy). */
  async function handle(event: FetchEvent, options: HandleOptions = {}, request = event.request): Promise<Response> {
    const pipeline = loader.get()
    const response = await pipeline.handle(request, () => initiatorOf(event), options)
    // A synced write pushes soon: the worker stays up for it.
    const pushing = pipeline.sync?.scheduled()
    if (pushing) event.waitUntil(pushing)
    return loader.answered(response)
  }

  /** Anything else in scope: server middleware may answer it (as on a server); else the network, as it came. */
  async function handleOrPass(event: FetchEvent): Promise<Response> {
    const { request } = event
    // The pipeline may read the body (the body limit does): keep a copy for the network.
    const original = request.method === 'GET' || request.method === 'HEAD' ? request : request.clone()
    let response: Response
    try {
      response = await handle(event, { passthrough: true })
    } catch (error) {
      // The pipeline could not decide (it failed to start, say): the request goes on as it came,
      // rather than as a rejected respondWith, which Firefox reports to the page as the worker's error.
      console.error('[swerve] passing a request on after the pipeline failed:', error)
      return fromNetwork(original)
    }
    return response.headers.has(PASS_HEADER) ? fromNetwork(original) : response
  }

  /** `prerender: true`: the page as the build rendered it, from the precache; rendered here only if it is missing. */
  async function prerendered(event: FetchEvent): Promise<Response> {
    const url = new URL(event.request.url)
    const kept = await assets.cached(new URL(indexFileOf(url.pathname), url))
    if (!kept) return handle(event)
    // Kept with its answer headers at install: handed back as it is, unless it needs a fresh nonce.
    return loader.answered(config.security.cspNonce ? await renonceResponse(kept) : kept)
  }

  /** `swr`: the kept render, rendered again in the background when stale. */
  function stale(event: FetchEvent): Promise<Response> {
    const maxAge = swrOf(routing.rulesFor(new URL(event.request.url).pathname))!
    const answer = swr.answer({ request: event.request, maxAge, render: again => handle(event, {}, again), waitUntil: work => event.waitUntil(work) })
    return answer.then(loader.answered)
  }

  return (event: FetchEvent): void => {
    // Where a cold start's time goes (a `timings` build's SWERVE_BOOT).
    if (__SWERVE_TIMINGS__) boot.firstFetch ??= performance.now()
    if (__SWERVE_SYNC__) loader.syncOnStart(event)
    const { request } = event
    const url = new URL(request.url)
    switch (route(request, routing.facts, url)) {
      case 'network':
        return
      case 'asset':
        return event.respondWith(assets.respond(request, assets.match(url)))
      case 'prerender':
        return event.respondWith(prerendered(event))
      case 'swr':
        return event.respondWith(stale(event))
      case 'runtime':
        return event.respondWith(routing.runtimeCaching!.handle(event))
      case 'pipeline':
        return event.respondWith(request.mode !== 'navigate' ? handle(event) : config.sw.navigation === 'network-first' ? networkFirst(event, handle) : rendered(host, event, handle))
      case 'pass':
        return event.respondWith(handleOrPass(event))
    }
  }
}

/**
 * A navigation the pipeline answers: its kept render while what that read is unchanged
 * (sw/render-cache.ts), else a render (`handle`), kept for the next one.
 */
async function rendered({ build: { config, boot }, caches: { renderCache }, routing, pipeline }: WorkerHost, event: FetchEvent, handle: (event: FetchEvent, options?: HandleOptions) => Promise<Response>): Promise<Response> {
  const { request } = event
  const keep = config.sw.renderCache && request.method === 'GET' && routing.rulesFor(new URL(request.url).pathname).cache !== false
  if (!keep) return handle(event)
  const cookies = async () => __SWERVE_SW_COOKIES__ ? cookieHeaderOf(request, await initiatorOf(event)) : ''
  const note = __SWERVE_TIMINGS__ ? (step: 'renderFound' | 'renderChecked') => { boot[step] ??= performance.now() } : undefined
  const kept = await renderCache.lookup(request, cookies, { cspNonce: config.security.cspNonce, note }).catch((error: unknown) => {
    console.error('[swerve] reading a kept render failed:', error)
    return undefined
  })
  if (kept) return pipeline.answered(kept)
  return handle(event, { keep: renderCache.name, waitUntil: work => event.waitUntil(work) })
}

/** `sw.navigation: 'network-first'`: the origin renders when it can; the worker (`render`) when it cannot. */
async function networkFirst(event: FetchEvent, render: (event: FetchEvent) => Promise<Response>): Promise<Response> {
  try {
    const preloaded = await event.preloadResponse
    const response = preloaded ?? await fetch(event.request)
    if (response.status < 500) return response
  } catch {
    // Offline, or the origin is down: render here.
  }
  return render(event)
}

/**
 * The network's answer to a request the worker passes on, or, when there is none (offline,
 * the host down), a failure the page meets as it would without a worker: a network error
 * for its own `fetch()`, a 504 for a file the document loads (an image, the favicon). A
 * rejected `respondWith` would do the same, but browsers report it as the worker's failure
 * (Firefox: "A ServiceWorker intercepted the request and encountered an unexpected error").
 */
async function fromNetwork(request: Request): Promise<Response> {
  try {
    return await fetch(request)
  } catch {
    return request.destination === '' ? Response.error() : new Response(null, { status: 504, statusText: 'Gateway Timeout' })
  }
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
