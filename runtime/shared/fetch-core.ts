/**
 * The fetch behind `$fetch` (docs/guide.md): query strings, JSON bodies with their
 * Content-Type, JSON or text responses, and a FetchError (status, statusText,
 * data) for 4xx/5xx. Written here rather than taken from ofetch: these are the
 * only parts swerve uses, and ofetch with ufo and destr cost ~10 KB minified in
 * both the worker and the page (see the benchmark's byte budgets).
 */
import { UNSAFE_METHODS } from './request.ts'
import { textOf } from '../internals/srvx.ts'

export interface FetchOptions extends Omit<RequestInit, 'body'> {
  body?: BodyInit | Record<string, unknown> | unknown[] | null
  query?: Record<string, unknown>
  /** Alias of `query`. */
  params?: Record<string, unknown>
  responseType?: 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream'
}

export class FetchError<T = any> extends Error {
  override name = 'FetchError'
  constructor(message: string, readonly status: number, readonly statusText: string, readonly data: T, readonly response: Response) {
    super(message)
  }

  get statusCode(): number {
    return this.status
  }
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>

function isJSONBody(body: unknown): body is Record<string, unknown> | unknown[] {
  if (body === null || typeof body !== 'object') return false
  if (Array.isArray(body) || typeof (body as { toJSON?: unknown }).toJSON === 'function') return true
  const prototype = Object.getPrototypeOf(body)
  return prototype === Object.prototype || prototype === null
}

function withQuery(url: string, query: Record<string, unknown> | undefined): string {
  if (!query) return url
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))
  }
  const text = search.toString()
  return text ? `${url}${url.includes('?') ? '&' : '?'}${text}` : url
}

async function readBody(response: Response, type: FetchOptions['responseType'], method: string, ok: boolean): Promise<unknown> {
  if (response.status === 204 || method === 'HEAD') return undefined
  if (type === 'stream' || type === 'blob' || type === 'arrayBuffer') {
    if (!response.body) return undefined
    return type === 'stream' ? response.body : type === 'blob' ? response.blob() : response.arrayBuffer()
  }
  const json = type === 'json' || (response.headers.get('content-type') ?? '').includes('json')
  const text = await textOf(response, ok)
  if (text === undefined) return undefined
  if (type === 'text' || !text) return type === 'text' ? text : undefined
  if (json) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

export function createFetch(fetch: Fetch) {
  return async function $fetch(request: string, options: FetchOptions = {}): Promise<any> {
    const { query, params, responseType, body, ...init } = options
    const method = (init.method ?? 'GET').toUpperCase()
    const url = withQuery(request, query ?? params)
    const headers = new Headers(init.headers)
    let payload = body as BodyInit | null | undefined
    // A retry of the same call (Chromium resends to a restarted worker) is then answered, not run again.
    if (UNSAFE_METHODS.has(method) && !headers.has('idempotency-key')) headers.set('idempotency-key', crypto.randomUUID())
    if (isJSONBody(body)) {
      payload = JSON.stringify(body)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
      if (!headers.has('accept')) headers.set('accept', 'application/json')
    }
    const response = await fetch(url, { ...init, method, headers, body: payload })
    const { ok, status, statusText } = response
    const data = await readBody(response, responseType, method, ok)
    if (!ok) throw new FetchError(`[${method}] "${url}": ${status} ${statusText}`.trim(), status, statusText, data, response)
    return data
  }
}
