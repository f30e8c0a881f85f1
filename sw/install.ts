/**
 * `install`: the pipeline and the precache, then the pages the browser can answer
 * without the worker (Chromium's static routing, docs/routing.md).
 */
import { pageOfIndexFile } from '../runtime/shared/paths.ts'
import { pageRequest, type WorkerHost } from './host.ts'

declare const self: ServiceWorkerGlobalScope

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

export function onInstall(host: WorkerHost) {
  return (event: ExtendableEvent): void => {
    event.waitUntil((async () => {
      // Synchronous, and only allowed here for a script the browser has not kept yet.
      try {
        importScripts(host.build.pipelineUrl)
      } catch (error) {
        throw new Error(`[swerve] install failed: ${host.build.pipelineUrl} could not be imported (${(error as Error).message})`)
      }
      await host.caches.assets.install()
      await routePages(host, event as RoutingInstallEvent)
    })().catch((error) => {
      console.error(error.message)
      throw error
    }))
    if (host.build.config.sw.updates === 'auto') void self.skipWaiting()
  }
}

/**
 * Pages the browser can answer from Cache Storage without starting the worker, where it
 * has static routing (Chromium): `prerender` pages, kept again under their own paths,
 * and `swr` pages with an exact path, rendered now into this build's `swr` store. The
 * fetch handler answers them elsewhere, and when the routes are refused. A page that
 * needs a fresh CSP nonce on each answer is never routed (docs/routing.md).
 */
async function routePages(host: WorkerHost, event: RoutingInstallEvent): Promise<void> {
  const rendered = await renderSwrPages(host)
  if (!event.addRoutes || host.build.config.security.cspNonce) return
  const rules = [
    { paths: await keepPrerendered(host), cacheName: host.build.routedCache },
    { paths: rendered, cacheName: host.caches.pageCache.name },
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
    await caches.delete(host.build.routedCache)
  }
}

/** Each `prerender` page again under the paths the fetch handler answers it for (`/about` and `/about/`); those kept. */
async function keepPrerendered({ build: { entries, base, scope, routedCache }, routing: { rulesFor }, caches: { assets } }: WorkerHost): Promise<string[]> {
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
async function renderSwrPages({ build, caches, routing, pipeline }: WorkerHost): Promise<string[]> {
  const kept = await Promise.all(routing.swrPaths().map(async (path) => {
    try {
      return await caches.swr.fill(pageRequest(new URL(path, build.scope)), pipeline.render) ? path : undefined
    } catch (error) {
      console.warn(`[swerve] swr: rendering ${path} at install failed:`, error)
      return undefined
    }
  }))
  return kept.filter(path => path !== undefined)
}
