/**
 * The service-worker host (SPEC §5): install/activate, precache, fetch routing
 * and updates. Routing, rendering and plugins live in the pipeline.
 */
import precache from '#swerve/virtual/precache'
import { routes } from '#swerve/virtual/server'
import { server } from '../runtime/server/entry.ts'
import { createPrecache } from './precache.ts'
import { toRouteMatcher } from './match.ts'
import { applySetCookies, withCookies } from './cookies.ts'

declare const self: ServiceWorkerGlobalScope

const scope = self.registration.scope
const base = new URL(scope).pathname
const assets = createPrecache(precache.entries, scope)
const isServerRoute = toRouteMatcher(base, routes.map(r => r.route))

self.addEventListener('install', (event) => {
  event.waitUntil(assets.install().catch((error) => {
    console.error(error.message)
    throw error
  }))
  if (precache.updates === 'auto') void self.skipWaiting()
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await self.clients.claim()
    await assets.prune()
  })())
})

// Best effort `close` hook: this worker was superseded by a newer one.
self.serviceWorker?.addEventListener('statechange', () => {
  if (self.serviceWorker.state === 'redundant') void server.close()
})

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting()
})

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || !url.pathname.startsWith(base)) return
  if (request.headers.has('range')) return
  const key = request.method === 'GET' ? assets.match(url) : undefined
  if (key) {
    event.respondWith(assets.respond(key, request))
    return
  }
  if (request.mode === 'navigate' || isServerRoute(url.pathname)) {
    event.respondWith(handle(request))
  }
})

async function handle(request: Request): Promise<Response> {
  const setCookies: string[] = []
  const response = await server.fetch(await withCookies(request), { setCookies })
  await applySetCookies(setCookies)
  return response
}
