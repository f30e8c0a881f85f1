/**
 * The server pipeline (SPEC §4): plugins, hooks, middleware, routes, render.
 * Its one entry is `fetch(request) → Promise<Response>`; the worker, the Node
 * server, the prerenderer and the tests are all callers of it.
 */
import { H3, HTTPError, type EventHandler, type H3Event } from 'h3'
import { createBodyLimit } from './body-limit.ts'
import { createHooks } from 'hookable'
import { createRequestFetch, setLocalFetch, withEvent } from '../shared/fetch.ts'
import { toErrorHTMLResponse, toErrorResponse, toHTTPError } from './errors.ts'
import type { ServerHookable, ServerHooks } from './hooks.ts'
import { addRoutes, type RouteEntry } from './routes.ts'

export interface ServerConfig {
  base: string
  dev: boolean
  bodyLimit: number
  runtimeConfig: Record<string, unknown>
}

export interface SwerveServer {
  app: H3
  hooks: ServerHookable
  config: ServerConfig
  fetch: (request: Request, options?: FetchOptions) => Promise<Response>
  /** Settles when every server plugin has run. */
  ready: Promise<void>
  /** Runs the `close` hook (Node shutdown, worker superseded). */
  close: () => Promise<void>
}

export interface FetchOptions {
  /**
   * Receives the response's `Set-Cookie` values. A browser drops them from a
   * Response built in a worker, so the worker host applies them itself.
   */
  setCookies?: string[]
}

export type ServerPlugin = (server: SwerveServer) => void | Promise<void>

/** Renders a navigation (Vue SSR); `error` asks for the error page. */
export type Renderer = (event: H3Event, error?: HTTPError) => Promise<Response>

export interface ServerEntry {
  plugins: { name: string, plugin: ServerPlugin }[]
  middleware: { name: string, handler: EventHandler }[]
  routes: RouteEntry[]
  /** Builds the page renderer once the server exists (it calls the server's hooks). */
  renderer?: (server: SwerveServer) => Renderer
  config: ServerConfig
}

declare module 'h3' {
  interface H3Event {
    /** `$fetch` that forwards this request's headers and cookies. */
    $fetch: ReturnType<typeof createRequestFetch>
  }
}

/** `/api` and below (under the base): API routes, never pages. */
function isApiPath(pathname: string, base: string): boolean {
  return pathname === `${base}api` || pathname.startsWith(`${base}api/`)
}

function apiNotFound(event: H3Event): HTTPError {
  return new HTTPError({ status: 404, statusText: 'Not Found', message: `No API route matches ${event.req.method} ${event.url.pathname}` })
}

function isPageRequest(request: Request, pathname: string, base: string): boolean {
  const method = request.method
  if (method !== 'GET' && method !== 'HEAD') return false
  if (isApiPath(pathname, base)) return false
  const accept = request.headers.get('accept') ?? ''
  return accept === '' || accept.includes('text/html') || accept.includes('*/*')
}

export function createServer(entry: ServerEntry): SwerveServer {
  const { config } = entry
  const hooks = createHooks<ServerHooks>()
  let bootError: HTTPError | undefined

  let renderer: Renderer | undefined

  async function handleError(error: unknown, event: H3Event): Promise<Response> {
    const httpError = toHTTPError(error)
    if (httpError.status >= 500 && !event.context.swerveErrorLogged) {
      event.context.swerveErrorLogged = true
      console.error(`[swerve] ${event.req.method} ${event.url.pathname}:`, (error as Error)?.message ?? error)
    }
    await hooks.callHook('error', httpError, { event })
    const page = !!renderer && !event.context.swerveRoute && isPageRequest(event.req, event.url.pathname, config.base)
    if (renderer && page && !event.context.swerveRendering) {
      try {
        return await renderer(event, httpError)
      } catch (renderError) {
        console.error('[swerve] the error page failed to render:', renderError)
      }
    }
    return page ? toErrorHTMLResponse(httpError) : toErrorResponse(httpError)
  }

  async function answer(event: H3Event, body: unknown): Promise<unknown> {
    const context = { body }
    await hooks.callHook('beforeResponse', event, context)
    event.context.swerveBody = context.body
    // h3 drops event.res once it builds the Response: take the cookies for the host now.
    const setCookies = event.context.swerveSetCookies as string[] | undefined
    setCookies?.push(...event.res.headers.getSetCookie())
    // As in Nitro: a string is HTML unless the handler said otherwise.
    if (typeof context.body === 'string' && !event.res.headers.has('content-type')) {
      event.res.headers.set('content-type', 'text/html; charset=utf-8')
    }
    return context.body
  }

  const app = new H3({
    onError: (error, event) => handleError(error, event),
    onResponse: async (response, event) => {
      await hooks.callHook('afterResponse', event, { body: event.context.swerveBody ?? response.body })
    },
  })

  const server: SwerveServer = {
    app,
    hooks,
    config,
    fetch,
    ready: Promise.resolve(),
    close: async () => { await hooks.callHook('close') },
  }

  app.use(async function requestHook(event) {
    event.$fetch = createRequestFetch(event)
    await hooks.callHook('request', event)
  })
  app.use(createBodyLimit(config.bodyLimit))
  for (const { handler } of entry.middleware) {
    app.use(async function serverMiddleware(event) {
      const body = await withEvent(event, () => handler(event))
      return body === undefined ? undefined : answer(event, body)
    })
  }
  addRoutes(app, config.base, entry.routes, async (event, handler) => answer(event, await withEvent(event, () => handler(event))))
  if (entry.renderer) {
    const render = entry.renderer(server)
    renderer = render
    app.get('/**', async function renderPage(event) {
      if (isApiPath(event.url.pathname, config.base)) throw apiNotFound(event)
      return answer(event, await render(event))
    })
    // Pages answer GET and HEAD; another method on a page path is a 405 (API paths stay 404).
    app.all('/**', function pageMethodNotAllowed(event) {
      if (isApiPath(event.url.pathname, config.base)) throw apiNotFound(event)
      throw new HTTPError({ status: 405, statusText: 'Method Not Allowed', message: `${event.req.method} is not allowed on a page. Allowed: GET, HEAD.`, headers: { allow: 'GET, HEAD' } })
    })
  }

  server.ready = (async () => {
    for (const { name, plugin } of entry.plugins) {
      try {
        await plugin(server)
      } catch (error) {
        const message = `Server plugin ${name} failed: ${(error as Error)?.message ?? error}`
        console.error(`[swerve] ${message}`)
        bootError = new HTTPError({ status: 500, statusText: 'Server Plugin Failed', message })
        await hooks.callHook('error', bootError, { tags: ['plugin'] })
        return
      }
    }
  })()

  async function fetch(request: Request, options: FetchOptions = {}): Promise<Response> {
    const start = performance.now()
    await server.ready
    let response = bootError
      ? bootErrorResponse(request, bootError)
      : await app.request(request, undefined, { swerveSetCookies: options.setCookies })
    const timing = `ssr;dur=${(performance.now() - start).toFixed(1)}`
    try {
      response.headers.append('server-timing', timing)
    } catch {
      response = new Response(response.body, response)
      response.headers.append('server-timing', timing)
    }
    return response
  }

  function bootErrorResponse(request: Request, error: HTTPError): Response {
    const page = isPageRequest(request, new URL(request.url).pathname, config.base)
    return page ? toErrorHTMLResponse(error) : toErrorResponse(error)
  }

  setLocalFetch(fetch, config.base)
  return server
}
