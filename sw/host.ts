/**
 * What the worker's parts share (sw/index.ts wires them): this build's facts, its
 * caches, and the pipeline, evaluated on first use so a cold start that a `prerender`
 * or `swr` page answers runs none of it.
 */
import config from '#swerve/virtual/config'
import entries from '#swerve/virtual/precache'
import runtimeCaching from '#swerve/virtual/runtime-caching'
import { compiledRules, swrPaths } from '#swerve/virtual/route-rules'
import { originRoutes, routes } from '#swerve/virtual/server-routes'
import { withAnswerHeaders } from '../runtime/server/security.ts'
import { createSwr } from '../runtime/server/swr.ts'
import { pageOfIndexFile } from '../runtime/shared/paths.ts'
import { createRouteRules, toRemoteMatcher } from '../runtime/shared/route-rules.ts'
import type { WorkerBoot } from './boot.ts'
import { createPageCache } from './page-cache.ts'
import { PIPELINE_GLOBAL, type WorkerPipeline } from './worker-pipeline.ts'
import { createPrecache } from './precache.ts'
import { createRenderCache } from './render-cache.ts'
import { toServerRouteMatcher, type RouteFacts } from './route.ts'

declare const self: ServiceWorkerGlobalScope & { [PIPELINE_GLOBAL]?: () => WorkerPipeline }

/** The caches of routed `prerender` pages, one per build: `swerve-prerendered <build> <scope>`. */
const ROUTED_PREFIX = 'swerve-prerendered '

/** How long after a worker starts it syncs: its first answer goes first. */
const START_SYNC_DELAY_MS = 300

export type WorkerHost = ReturnType<typeof createHost>

export function createHost() {
  const boot: WorkerBoot = { evaluated: __SWERVE_TIMINGS__ ? performance.now() : 0 }
  const scope = self.registration.scope
  const base = new URL(scope).pathname
  // This build's pipeline: imported at install, which keeps it with the worker; later
  // imports read the kept copy, offline too.
  const pipelineUrl = new URL(`sw-pipeline.js?v=${config.buildId}`, self.location.href).href
  // The build compiled the rules: this start compiles none.
  const rulesFor = createRouteRules(compiledRules, base)
  // A prerendered page is kept with the headers it answers with (its revision is the build's).
  const assets = createPrecache(entries, scope, config.buildId, (entry, response) => entry.url.endsWith('index.html')
    ? withAnswerHeaders(response, rulesFor(base + pageOfIndexFile(entry.url)).headers)
    : response)
  const pageCache = createPageCache(config.buildId, scope)
  const facts: RouteFacts = {
    origin: self.location.origin,
    base,
    // `worker: false` and `*.origin.ts` routes: the origin's, online or not; the worker never answers.
    isRemote: toRemoteMatcher(rulesFor, base, originRoutes),
    isServerRoute: toServerRouteMatcher(base, routes),
    isPrecached: url => assets.match(url) !== undefined,
    rulesFor,
    isRuntime: runtimeCaching?.matches,
  }
  let pipeline: WorkerPipeline | undefined
  let swrUrls: string[] | undefined
  // `__SWERVE_SYNC__ &&` before each use: a build without sync drops every branch.
  let startSync = __SWERVE_SYNC__ && config.sync.bases.length > 0

  const host = {
    config,
    entries,
    scope,
    base,
    boot,
    facts,
    rulesFor,
    assets,
    pageCache,
    /** Pages rendered here, kept until what they read changes (`sw.renderCache`). */
    renderCache: createRenderCache(config.buildId, scope),
    pipelineUrl,
    routedCache: `${ROUTED_PREFIX}${config.buildId} ${scope}`,
    runtimeCaching,
    swr: createSwr(pageCache, { cspNonce: config.security.cspNonce }),
    syncs: __SWERVE_SYNC__ && config.sync.bases.length > 0,
    /** The pipeline, if a request has needed it yet. */
    loadedPipeline: () => pipeline,
    /** The pipeline, evaluated and created on first use. */
    pipeline(): WorkerPipeline {
      if (pipeline) return pipeline
      if (!self[PIPELINE_GLOBAL]) importScripts(pipelineUrl)
      if (__SWERVE_TIMINGS__) boot.pipelineImported ??= performance.now()
      pipeline = self[PIPELINE_GLOBAL]!()
      if (__SWERVE_TIMINGS__) boot.pipelineCreated ??= performance.now()
      return pipeline
    },
    /**
     * `swr` pages with an exact path, as URLs spell them (`/caf%C3%A9`): rendered at install,
     * and routed where the browser can. The build found them; spelled when first needed.
     */
    swrPaths: () => swrUrls ??= swrPaths.map(path => new URL(base + path.slice(1), scope).pathname),
    /** A render the worker makes itself (at install, or again in the background): as the site's own navigation. */
    render: (request: Request) => host.pipeline().handle(request, async () => 'same-site'),
    pageRequest: (url: URL) => new Request(url, { headers: { accept: 'text/html' } }),
    /** Synced storage: each worker start syncs once, after its first answer (docs/sync.md). */
    syncOnStart(event: ExtendableEvent): void {
      if (!__SWERVE_SYNC__ || !startSync) return
      startSync = false
      event.waitUntil(new Promise(resolve => setTimeout(resolve, START_SYNC_DELAY_MS)).then(() => host.pipeline().sync?.sync()))
    },
    /** Notes when the first request was answered (a `timings` build's SWERVE_BOOT). */
    answered(response: Response): Response {
      if (__SWERVE_TIMINGS__) boot.firstResponse ??= performance.now()
      return response
    },
  }
  return host
}
