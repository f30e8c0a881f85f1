/**
 * The fetch under `$fetch` on both sides (fetch-core.ts makes it ofetch). Given a local
 * pipeline (worker, Node), a path like `/api/x` calls it directly, forwarding the incoming
 * request's headers and cookies; without one (the page) it is HTTP under the base, which
 * the worker answers. Other URLs (another origin, `//host/...`) go to the network.
 */
import { getProxyRequestHeaders, type H3Event } from 'h3'
import config from '#swerve/virtual/config'
import { createFetch, type NativeFetch } from './fetch-core.ts'
import { withBase } from './paths.ts'
import { withHeaders } from './request.ts'
import { textOf } from '../internals/srvx.ts'
import type { InternalFetch } from './typed-fetch.ts'

/** A pipeline to call in-process: the server's `fetch` and its base. */
export interface LocalPipeline {
  fetch: (request: Request) => Promise<Response>
  base: string
}

/** Settles with `work`, or rejects when `signal` aborts first (ofetch's `timeout`). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    signal.addEventListener('abort', abort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

/**
 * An in-process answer of a Node host is srvx's FastResponse: its body is read the fast way
 * (textOf) into an answer ofetch reads as any other. A failed one, or one asked for as bytes
 * or a stream, stays whole.
 */
async function settle(response: Response, responseType: unknown): Promise<Response> {
  if (import.meta.client || !response.ok || typeof (response as { _toNodeResponse?: unknown })._toNodeResponse !== 'function') return response
  if (responseType !== undefined && responseType !== 'json' && responseType !== 'text') return response
  const { status, statusText, headers } = response
  const text = await textOf(response, true)
  // An empty body reads as '' (ofetch's reading of any empty answer), no body as undefined.
  const answer = new Response(text === '' ? '' : null, { status, statusText, headers })
  if (!text) return answer
  // ofetch reads a body it finds under `_bodyInit` (its note for polyfilled fetches) with text().
  return Object.assign(answer, { _bodyInit: text, text: async () => text, json: async () => JSON.parse(text) })
}

/** The in-process call: the path under the pipeline's base, with `event`'s headers and cookies under the caller's. */
async function callLocal(local: LocalPipeline, event: H3Event | undefined, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(event ? getProxyRequestHeaders(event, { host: true }) : undefined)
  const own = init.headers instanceof Headers ? init.headers : new Headers(init.headers)
  own.forEach((value, name) => headers.set(name, value))
  headers.delete('content-length')
  const url = new URL(withBase(path, local.base), event?.url ?? 'http://localhost')
  const response = await abortable(local.fetch(withHeaders(new Request(url, { ...init, headers }), headers)), init.signal)
  return settle(response, (init as { responseType?: unknown }).responseType)
}

/**
 * The fetch under `$fetch`: `local` in-process (or HTTP when there is none), forwarding
 * `event`'s headers and cookies. `beforeHttp`: what an HTTP call under the base waits for
 * (the page on a static host: the worker); a reason it gives is answered as a 503.
 */
export function createPipelineNativeFetch(local?: LocalPipeline, event?: H3Event, beforeHttp?: () => Promise<string | undefined>): NativeFetch {
  return async function pipelineFetch(input, init) {
    if (typeof input !== 'string' || !input.startsWith('/') || input.startsWith('//')) return globalThis.fetch(input, init)
    // The page never has a pipeline: its bundle leaves this branch out, and h3 with it.
    if (!import.meta.client && local) return callLocal(local, event, input, init)
    const problem = await beforeHttp?.()
    if (problem) return Response.json({ status: 503, statusText: 'Service Unavailable', message: `${input} is answered by this app's service worker, and ${problem}` }, { status: 503, statusText: 'Service Unavailable' })
    return globalThis.fetch(withBase(input, config.base), init)
  }
}

/** `$fetch` (ofetch) over the pipeline's fetch. */
export function createPipelineFetch(local?: LocalPipeline, event?: H3Event, beforeHttp?: () => Promise<string | undefined>): InternalFetch {
  return createFetch(createPipelineNativeFetch(local, event, beforeHttp)) as unknown as InternalFetch
}
