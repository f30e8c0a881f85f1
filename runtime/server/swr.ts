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
export function isKeepable(response: Response): boolean {
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

/** A URL's key in the store: the whole URL, query included, without its fragment. */
function keyOf(url: string): string {
  const key = new URL(url)
  key.hash = ''
  return key.href
}

/** Whether a kept render is older than `maxAge` seconds (or has no time). */
const isStale = (kept: Response, maxAge: number) => !(Date.now() - Number(kept.headers.get(RENDERED_AT)) < maxAge * 1000)

/** `cspNonce`: a kept page gets a fresh nonce each time it answers. */
export function createSwr(store: PageCacheStore, options: { cspNonce?: boolean } = {}) {
  /** URLs being rendered again: one background render per URL at a time. */
  const refreshing = new Set<string>()
  /** Renders being written to the store: the next request for the URL waits for its own. */
  const writing = new Map<string, Promise<void>>()

  async function keep(key: string, response: Response): Promise<boolean> {
    if (!isKeepable(response)) {
      await response.body?.cancel()
      return false
    }
    const headers = new Headers(response.headers)
    headers.set(RENDERED_AT, String(Date.now()))
    await store.put(key, new Response(await response.arrayBuffer(), { status: response.status, headers }))
    return true
  }

  /** Renders `key` again in the background, unless it already is. */
  function renderAgain(key: string, { request, render, waitUntil }: SwrRequest): void {
    if (refreshing.has(key)) return
    refreshing.add(key)
    // A request of its own: the visitor's is answered and may be gone.
    const again = new Request(key, { headers: request.headers })
    waitUntil(render(again).then(response => keep(key, response)).catch((error) => {
      console.error(`[swerve] swr: rendering ${new URL(key).pathname} again failed:`, error)
    }).finally(() => refreshing.delete(key)))
  }

  /** `key`'s kept render, once a render of it being written is in. */
  async function keptOf(key: string): Promise<Response | undefined> {
    await writing.get(key)
    return store.get(key)
  }

  /** Answers a page request: the kept render at once (rendered again when stale), or a render now. */
  async function answer(swr: SwrRequest): Promise<Response> {
    const { request, maxAge, render, waitUntil } = swr
    const key = keyOf(request.url)
    const kept = await keptOf(key)
    if (kept) {
      const stale = isStale(kept, maxAge)
      if (stale) renderAgain(key, swr)
      return withCacheHeader(options.cspNonce ? await renonceResponse(kept) : kept, stale ? 'stale' : 'hit')
    }
    const response = await render(request)
    if (request.method === 'GET' && isKeepable(response)) {
      const written = keep(key, response.clone()).then(() => {}, (error) => {
        console.error(`[swerve] swr: keeping ${new URL(key).pathname} failed:`, error)
      }).finally(() => writing.delete(key))
      writing.set(key, written)
      waitUntil(written)
    }
    return withCacheHeader(response, 'miss')
  }

  /**
   * A page the browser answered from the store itself (the worker's static routes,
   * docs/routing.md): renders it again in the background when its render is stale or gone.
   */
  async function shown(swr: SwrRequest): Promise<void> {
    const key = keyOf(swr.request.url)
    const kept = await keptOf(key)
    if (!kept || isStale(kept, swr.maxAge)) renderAgain(key, swr)
  }

  /** Renders `request` now and keeps it if it can be kept; whether it was. */
  async function fill(request: Request, render: SwrRequest['render']): Promise<boolean> {
    return keep(keyOf(request.url), await render(request))
  }

  return { answer, shown, fill }
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
