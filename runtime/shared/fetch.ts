/**
 * The `$fetch` behind both sides (fetch-core.ts parses JSON, serialises bodies
 * and throws on 4xx/5xx). Given a local pipeline (worker, Node), a path like
 * `/api/x` calls it directly, forwarding the incoming request's headers and
 * cookies; without one (the page) it is HTTP under the base, which the worker
 * answers.
 */
import { getProxyRequestHeaders, type H3Event } from 'h3'
import config from '#swerve/virtual/config'
import { createFetch } from './fetch-core.ts'
import { withBase } from './paths.ts'
import { withHeaders } from './request.ts'
import type { InternalFetch } from './typed-fetch.ts'

/** A pipeline to call in-process: the server's `fetch` and its base. */
export interface LocalPipeline {
  fetch: (request: Request) => Promise<Response>
  base: string
}

/**
 * `$fetch` over `local` (or HTTP when there is none), forwarding `event`'s headers and
 * cookies. `beforeHttp`: what an HTTP call under the base waits for (the page on a static
 * host: the worker); a reason it gives is answered as a 503.
 */
export function createPipelineFetch(local?: LocalPipeline, event?: H3Event, beforeHttp?: () => Promise<string | undefined>): InternalFetch {
  async function pipelineFetch(path: string, init?: RequestInit): Promise<Response> {
    if (!path.startsWith('/') || path.startsWith('//')) return globalThis.fetch(path, init)
    // The page never has a pipeline: its bundle leaves this branch out, and h3 with it.
    if (!import.meta.client && local) {
      const headers = new Headers(event ? getProxyRequestHeaders(event, { host: true }) : undefined)
      new Headers(init?.headers).forEach((value, name) => headers.set(name, value))
      headers.delete('content-length')
      const url = new URL(withBase(path, local.base), event?.url ?? 'http://localhost')
      return local.fetch(withHeaders(new Request(url, { ...init, headers }), headers))
    }
    const problem = await beforeHttp?.()
    if (problem) return Response.json({ status: 503, statusText: 'Service Unavailable', message: `${path} is answered by this app's service worker, and ${problem}` }, { status: 503, statusText: 'Service Unavailable' })
    return globalThis.fetch(withBase(path, config.base), init)
  }
  // `.native`: ofetch's name for the plain fetch underneath, which Nuxt modules call (@nuxt/icon).
  return Object.assign(createFetch(pipelineFetch), { native: pipelineFetch }) as unknown as InternalFetch
}
