/**
 * What the worker's parts share (sw/index.ts wires them), in four parts: this build's
 * facts, its caches, its routing, and the pipeline, evaluated on first use so a cold start
 * that a `prerender` or `swr` page answers runs none of it.
 */
import config from '#swerve/virtual/config'
import entries from '#swerve/virtual/precache'
import runtimeCaching from '#swerve/virtual/runtime-caching'
import { compiledRules, swrPaths } from '#swerve/virtual/route-rules'
import { originRoutes, routes } from '#swerve/virtual/server-routes'
import { withAnswerHeaders } from '../runtime/server/security.ts'
import { createSwr } from '../runtime/server/swr.ts'
import { pageOfIndexFile } from '../runtime/shared/paths.ts'
import { createRouteRules, toRemoteMatcher, type RouteRule } from '../runtime/shared/route-rules.ts'
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

/** This build's facts: its config, precache entries, scope, and where its start went. */
export interface WorkerBuild {
  config: typeof config
  entries: typeof entries
  scope: string
  /** The scope's path: the app's base as this worker sees it. */
  base: string
  boot: WorkerBoot
  /** This build's pipeline script (`sw-pipeline.js?v=<build>`). */
  pipelineUrl: string
  /** This build's cache of routed `prerender` pages. */
  routedCache: string
}

/** What the worker keeps: the precache, `swr` renders and their store, and kept renders. */
export interface WorkerCaches {
  assets: ReturnType<typeof createPrecache>
  pageCache: ReturnType<typeof createPageCache>
  /** Pages rendered here, kept until what they read changes (`sw.renderCache`). */
  renderCache: ReturnType<typeof createRenderCache>
  swr: ReturnType<typeof createSwr>
}

/** What route() decides from (sw/route.ts), and the rules and pages it reads. */
export interface WorkerRouting {
  facts: RouteFacts
  rulesFor: (pathname: string) => RouteRule
  runtimeCaching: typeof runtimeCaching
  /**
   * `swr` pages with an exact path, as URLs spell them (`/caf%C3%A9`): rendered at install,
   * and routed where the browser can. The build found them; spelled when first needed.
   */
  swrPaths: () => string[]
}

/** The pipeline (`sw-pipeline.js`), evaluated on first use, and what runs through it. */
export interface PipelineLoader {
  /** The pipeline, evaluated and created on first use. */
  get: () => WorkerPipeline
  /** The pipeline, if a request has needed it yet. */
  loaded: () => WorkerPipeline | undefined
  /** A render the worker makes itself (at install, or again in the background): as the site's own navigation. */
  render: (request: Request) => Promise<Response>
  /** Whether this build syncs storage bases (docs/sync.md). */
  syncs: boolean
  /** Synced storage: each worker start syncs once, after its first answer. */
  syncOnStart: (event: ExtendableEvent) => void
  /** Notes when the first request was answered (a `timings` build's SWERVE_BOOT). */
  answered: (response: Response) => Response
}

/** What the worker's parts share, in four parts: each handler takes those it reads. */
export interface WorkerHost {
  build: WorkerBuild
  caches: WorkerCaches
  routing: WorkerRouting
  pipeline: PipelineLoader
}

/** A navigation's request for `url`, as the worker makes one to render a page itself. */
export const pageRequest = (url: URL) => new Request(url, { headers: { accept: 'text/html' } })

export function createHost(): WorkerHost {
  const scope = self.registration.scope
  const base = new URL(scope).pathname
  const build: WorkerBuild = {
    config,
    entries,
    scope,
    base,
    boot: { evaluated: __SWERVE_TIMINGS__ ? performance.now() : 0 },
    // This build's pipeline: imported at install, which keeps it with the worker; later
    // imports read the kept copy, offline too.
    pipelineUrl: new URL(`sw-pipeline.js?v=${config.buildId}`, self.location.href).href,
    routedCache: `${ROUTED_PREFIX}${config.buildId} ${scope}`,
  }
  // The build compiled the rules: this start compiles none.
  const rulesFor = createRouteRules(compiledRules, base)
  // A prerendered page is kept with the headers it answers with (its revision is the build's).
  const assets = createPrecache(entries, scope, config.buildId, (entry, response) => entry.url.endsWith('index.html')
    ? withAnswerHeaders(response, rulesFor(base + pageOfIndexFile(entry.url)).headers)
    : response)
  const pageCache = createPageCache(config.buildId, scope)
  const caches: WorkerCaches = { assets, pageCache, renderCache: createRenderCache(config.buildId, scope), swr: createSwr(pageCache, { cspNonce: config.security.cspNonce }) }
  return { build, caches, routing: createRouting(build, rulesFor, assets), pipeline: createPipelineLoader(build) }
}

function createRouting({ base, scope }: WorkerBuild, rulesFor: (pathname: string) => RouteRule, assets: WorkerCaches['assets']): WorkerRouting {
  let swrUrls: string[] | undefined
  return {
    facts: {
      origin: self.location.origin,
      base,
      // `worker: false` and `*.origin.ts` routes: the origin's, online or not; the worker never answers.
      isRemote: toRemoteMatcher(rulesFor, base, originRoutes),
      isServerRoute: toServerRouteMatcher(base, routes),
      isPrecached: url => assets.match(url) !== undefined,
      rulesFor,
      isRuntime: runtimeCaching?.matches,
    },
    rulesFor,
    runtimeCaching,
    swrPaths: () => swrUrls ??= swrPaths.map(path => new URL(base + path.slice(1), scope).pathname),
  }
}

function createPipelineLoader({ boot, pipelineUrl }: WorkerBuild): PipelineLoader {
  let pipeline: WorkerPipeline | undefined
  // `__SWERVE_SYNC__ &&` before each use: a build without sync drops every branch.
  let startSync = __SWERVE_SYNC__ && config.sync.bases.length > 0
  const get = (): WorkerPipeline => {
    if (pipeline) return pipeline
    if (!self[PIPELINE_GLOBAL]) importScripts(pipelineUrl)
    if (__SWERVE_TIMINGS__) boot.pipelineImported ??= performance.now()
    pipeline = self[PIPELINE_GLOBAL]!()
    if (__SWERVE_TIMINGS__) boot.pipelineCreated ??= performance.now()
    return pipeline
  }
  return {
    get,
    loaded: () => pipeline,
    render: request => get().handle(request, async () => 'same-site'),
    syncs: __SWERVE_SYNC__ && config.sync.bases.length > 0,
    syncOnStart(event) {
      if (!__SWERVE_SYNC__ || !startSync) return
      startSync = false
      event.waitUntil(new Promise(resolve => setTimeout(resolve, START_SYNC_DELAY_MS)).then(() => get().sync?.sync()))
    },
    answered(response) {
      if (__SWERVE_TIMINGS__) boot.firstResponse ??= performance.now()
      return response
    },
  }
}
