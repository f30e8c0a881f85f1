/**
 * `$fetch` (SPEC §6). In the pipeline (worker, Node) a path like `/api/x` calls
 * the server app directly, forwarding the incoming request's headers; in the
 * page it is HTTP, which the worker answers (fetch-core.ts parses JSON,
 * serialises bodies and throws on 4xx/5xx).
 */
import { getProxyRequestHeaders, type H3Event } from 'h3'
import { createFetch } from './fetch-core.ts'
import type { InternalFetch } from './typed-fetch.ts'
import { withHeaders } from './request.ts'

type LocalFetch = (request: Request) => Promise<Response>

let localFetch: LocalFetch | undefined
let localBase = '/'
let currentEvent: H3Event | undefined

/** Called by the server host: from now on `$fetch('/…')` stays in-process. */
export function setLocalFetch(fetch: LocalFetch | undefined, base = '/'): void {
  localFetch = fetch
  localBase = base
}

/** Sets the event `$fetch` forwards headers from, for the synchronous part of `fn`. */
export function withEvent<T>(event: H3Event | undefined, fn: () => T): T {
  const previous = currentEvent
  currentEvent = event
  try {
    return fn()
  } finally {
    currentEvent = previous
  }
}

export function withBase(path: string, base: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || base === '/' || path.startsWith(base)) return path
  return base.replace(/\/$/, '') + path
}

function fetchFrom(event: H3Event | undefined) {
  return function pipelineFetch(path: string, init?: RequestInit): Promise<Response> {
    if (!path.startsWith('/') || path.startsWith('//')) return globalThis.fetch(path, init)
    const target = withBase(path, import.meta.client ? clientBase() : localBase)
    if (import.meta.client || !localFetch) return globalThis.fetch(target, init)
    const headers = new Headers(event ? getProxyRequestHeaders(event, { host: true }) : undefined)
    new Headers(init?.headers).forEach((value, name) => headers.set(name, value))
    headers.delete('content-length')
    const url = new URL(target, event?.url ?? 'http://localhost')
    return localFetch(withHeaders(new Request(url, { ...init, headers }), headers))
  }
}

function clientBase(): string {
  return (globalThis as any).__SWERVE_BASE__ ?? '/'
}

/** `$fetch` bound to an event: headers and cookies of that request go along. */
export function createRequestFetch(event: H3Event | undefined): InternalFetch {
  return createFetch(fetchFrom(event)) as unknown as InternalFetch
}

const eventless = createFetch((input, init) => fetchFrom(currentEvent)(input, init))

export const $fetch = eventless as unknown as InternalFetch
