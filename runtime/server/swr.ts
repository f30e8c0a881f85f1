/**
 * `swr`/`isr` route rules (docs/routing.md): a page's last render answers at
 * once, and when it is older than the rule's seconds the page is rendered again
 * in the background for the next visitor. Renders are kept per URL in the
 * host's store: memory in Node hosts, Cache Storage in the worker.
 */
import { renonceResponse } from '../shared/csp.ts'

export interface PageCacheStore {
  get: (key: string) => Promise<Response | undefined>
  put: (key: string, response: Response) => Promise<void>
}

/** When the kept render was made (ms since the epoch). */
const RENDERED_AT = 'x-swerve-rendered-at'
/** On every `swr` answer: `hit` (fresh), `stale` (re-rendering in the background) or `miss` (rendered now). */
export const CACHE_HEADER = 'x-swerve-cache'

export interface SwrRequest {
  request: Request
  /** Seconds a render stays fresh (0: re-render after every answer). */
  maxAge: number
  render: (request: Request) => Promise<Response>
  /** Keeps the background work alive (the worker's `event.waitUntil`). */
  waitUntil: (work: Promise<unknown>) => void
}

/** Only a plain 200 HTML page for anyone is kept: nothing that sets a cookie or says not to. */
function isKeepable(response: Response): boolean {
  const cacheControl = response.headers.get('cache-control') ?? ''
  return response.status === 200
    && !!response.headers.get('content-type')?.startsWith('text/html')
    && !response.headers.has('set-cookie')
    && !/no-store|private/.test(cacheControl)
}

function withCacheHeader(response: Response, state: 'hit' | 'stale' | 'miss'): Response {
  const headers = new Headers(response.headers)
  headers.delete(RENDERED_AT)
  headers.set(CACHE_HEADER, state)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/** `cspNonce`: a kept page gets a fresh nonce each time it answers. */
export function createSwr(store: PageCacheStore, options: { cspNonce?: boolean } = {}) {
  /** URLs being rendered again: one background render per URL at a time. */
  const refreshing = new Set<string>()
  /** Renders being written to the store: the next request for the URL waits for its own. */
  const writing = new Map<string, Promise<void>>()

  async function keep(key: string, response: Response): Promise<void> {
    if (!isKeepable(response)) return
    const headers = new Headers(response.headers)
    headers.set(RENDERED_AT, String(Date.now()))
    await store.put(key, new Response(await response.arrayBuffer(), { status: response.status, headers }))
  }

  return async function swr({ request, maxAge, render, waitUntil }: SwrRequest): Promise<Response> {
    const url = new URL(request.url)
    url.hash = ''
    const key = url.href
    await writing.get(key)
    const kept = await store.get(key)
    if (kept) {
      const age = Date.now() - Number(kept.headers.get(RENDERED_AT))
      const stale = !(age < maxAge * 1000)
      if (stale && !refreshing.has(key)) {
        refreshing.add(key)
        // A request of its own: the visitor's is answered and may be gone.
        const again = new Request(key, { headers: request.headers })
        waitUntil(render(again).then(response => keep(key, response)).catch((error) => {
          console.error(`[swerve] swr: rendering ${url.pathname} again failed:`, error)
        }).finally(() => refreshing.delete(key)))
      }
      return withCacheHeader(options.cspNonce ? await renonceResponse(kept) : kept, stale ? 'stale' : 'hit')
    }
    const response = await render(request)
    if (request.method === 'GET' && isKeepable(response)) {
      const written = keep(key, response.clone()).catch((error) => {
        console.error(`[swerve] swr: keeping ${url.pathname} failed:`, error)
      }).finally(() => writing.delete(key))
      writing.set(key, written)
      waitUntil(written)
    }
    return withCacheHeader(response, 'miss')
  }
}

/** Node hosts' store: the newest `limit` renders, in this process's memory. */
export function memoryPageCache(limit = 1000): PageCacheStore {
  const pages = new Map<string, { body: ArrayBuffer, status: number, headers: [string, string][] }>()
  return {
    async get(key) {
      const page = pages.get(key)
      return page && new Response(page.body, { status: page.status, headers: page.headers })
    },
    async put(key, response) {
      const headers: [string, string][] = []
      response.headers.forEach((value, name) => headers.push([name, value]))
      pages.delete(key)
      pages.set(key, { body: await response.arrayBuffer(), status: response.status, headers })
      if (pages.size > limit) pages.delete(pages.keys().next().value!)
    },
  }
}
