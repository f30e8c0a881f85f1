/**
 * Serving `.output` from Node with srvx: static files as a static host would
 * (srvx/static: no path outside the folder, ETags, ranges), then the pipeline
 * when there is one, else `404.html` like a static host. Used by the
 * standalone server, `swerve preview`, `swerve dev` and the tests.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serve } from 'srvx/node'
import { staticMiddleware } from 'srvx/static'
import { withAnswerHeaders } from '../../runtime/server/security.ts'
import type { SwerveServer } from '../../runtime/server/types.ts'
import { renonceResponse } from '../../runtime/shared/csp.ts'
import { HASHED_FILE, pageOfIndexFile, PASS_HEADER, passResponse, SWERVE_DIR } from '../../runtime/shared/paths.ts'

export type FetchHandler = (request: Request) => Promise<Response>

export interface ServeOptions {
  /** Static files, served under `base`. */
  publicDir?: string
  base: string
  /** The pipeline; without it, unknown paths get 404.html (or 200.html) like a static host. */
  fetch?: FetchHandler
  /** Overrides Cache-Control for static files (tests: `no-store`, so only the worker's cache can answer). */
  cacheControl?: (pathname: string) => string
  /**
   * With a pipeline, which pages are sent as their prerendered file (`routeRules`
   * `prerender: true`); every other HTML file is left to the pipeline, which renders
   * fresh. Prerendered HTML of other pages is for static hosts' first visits.
   */
  prerendered?: (pathname: string) => boolean
  /** `routeRules` headers for a path, added to the files served (the pipeline adds them to its own answers). */
  ruleHeaders?: (pathname: string) => Record<string, string> | undefined
  /** `csp: { nonce: true }`: prerendered pages get a fresh nonce and the policy, as rendered ones do. */
  cspNonce?: boolean
  /** Answers a request before anything else (tests count or block requests with it). */
  intercept?: (request: Request) => Response | undefined | Promise<Response | undefined>
}

/** What swerve answers; TRACE (which echoes credentials back) and the rest are a 405 here. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const EXTRA_TYPES: Record<string, string> = { '.webmanifest': 'application/manifest+json' }
/** A hostname (or an IPv6 literal) and an optional port: nothing that could bend the request URL. */
const VALID_HOST = /^(?:[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*|\[[\da-f:.]+\])(?::(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|\d{1,4}))?$/i

function defaultCacheControl(pathname: string): string {
  return HASHED_FILE.test(pathname) && pathname.includes(`/${SWERVE_DIR}/`) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** What a Node host serves for `app`: its pipeline, its base, its CSP, and its `prerender: true` pages as files. */
export function appServing(app: SwerveServer): Omit<ServeOptions, 'publicDir'> {
  const { rulesFor } = app
  return {
    base: app.config.base,
    cspNonce: app.config.security.cspNonce,
    prerendered: path => rulesFor(path).prerender === true,
    ruleHeaders: path => rulesFor(path).headers,
    fetch: request => app.fetch(request),
  }
}

export function createHandler(options: ServeOptions): FetchHandler {
  const { publicDir, base } = options
  /**
   * srvx reads an HTML file and hands it here (its file closed) when a page needs more
   * than sending: with a pipeline, a page that is not `prerender: true` is the pipeline's
   * to render (PASS), and with `cspNonce` a prerendered page gets a fresh nonce.
   */
  async function renderHTML({ html, request }: { html: string, request: Request }): Promise<Response> {
    // `/about/index.html` is the page `/about/` (the worker precaches prerendered pages by file).
    const path = base + pageOfIndexFile(new URL(request.url).pathname.slice(1))
    if (options.fetch && !options.prerendered?.(path)) return passResponse()
    const page = new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
    return options.cspNonce ? renonceResponse(page) : page
  }
  const files = publicDir
    ? staticMiddleware({ dir: publicDir, compress: false, renderHTML: options.fetch || options.cspNonce ? renderHTML : undefined })
    : undefined
  const cacheControl = options.cacheControl ?? defaultCacheControl
  const plainText = (status: number, text: string, headers: Record<string, string> = {}) => new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } })
  const notFound = () => plainText(404, 'Not Found')

  async function serveFile(request: Request, url: URL): Promise<Response | undefined> {
    if (!files || (request.method !== 'GET' && request.method !== 'HEAD') || !url.pathname.startsWith(base)) return undefined
    const inner = new Request(new URL(`/${url.pathname.slice(base.length)}${url.search}`, url), { method: request.method, headers: request.headers })
    const response = await files(inner as Parameters<typeof files>[0], () => undefined as unknown as Response)
    if (!response || response.headers.has(PASS_HEADER)) return undefined
    response.headers.set('cache-control', cacheControl(url.pathname))
    const type = EXTRA_TYPES[url.pathname.slice(url.pathname.lastIndexOf('.'))]
    if (type) response.headers.set('content-type', type)
    return response
  }

  /** What a static host sends for a path it has no file for. */
  function fallback(request: Request, url: URL): Response {
    const page = publicDir && url.pathname.startsWith(base) && [join(publicDir, '404.html'), join(publicDir, '200.html')].find(existsSync)
    if (!page) return notFound()
    const body = request.method === 'HEAD' ? null : readFileSync(page)
    return new Response(body, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } })
  }

  /** The host's own answer (a file, a refusal, the static fallback); undefined: the pipeline's to answer. */
  async function hostAnswer(request: Request): Promise<Response | undefined> {
    const intercepted = await options.intercept?.(request)
    if (intercepted) return intercepted
    // Checked before anything reads the request: its URL is built from the Host, and
    // Node's Request refuses some methods outright.
    if (!METHODS.includes(request.method)) {
      return plainText(405, `Method Not Allowed: ${request.method}.`, { allow: METHODS.join(', ') })
    }
    if (!VALID_HOST.test(request.headers.get('host') ?? '')) return plainText(400, 'Bad Request: the Host header is not a hostname[:port].')
    const url = new URL(request.url)
    const file = await serveFile(request, url)
    if (file) return file
    return options.fetch ? undefined : fallback(request, url)
  }
  // Rule and security headers on the host's answers; the pipeline adds them to its own.
  return async (request) => {
    const own = await hostAnswer(request)
    return own ? withAnswerHeaders(own, options.ruleHeaders?.(new URL(request.url).pathname)) : options.fetch!(request)
  }
}

export interface Listening {
  /** `http://host:port` */
  origin: string
  close: () => Promise<void>
}

/** Listens on `port` (0: a free one) and `hostname` with srvx's Node adapter. */
export async function listen(fetch: FetchHandler, options: { port?: number, hostname?: string } = {}): Promise<Listening> {
  const server = serve({ fetch, port: options.port ?? 0, hostname: options.hostname ?? '127.0.0.1', silent: true, gracefulShutdown: false })
  await server.ready()
  return {
    origin: new URL(server.url!).origin,
    close: () => server.close(true),
  }
}
