/**
 * The server: plugins, hooks, middleware, routes and, when the app has pages,
 * the renderer as its catch-all handler. Its one entry is
 * `fetch(request) → Promise<Response>`; every host (the worker, Node,
 * Cloudflare, the prerenderer, the tests) is a caller of it. Errors are
 * handled in one place, `handleError`.
 */
import { HTTPError, type H3, type H3Event } from 'h3'
import { createHooks } from 'hookable'
import { toErrorHTMLResponse, toErrorResponse, toHTTPError } from '../shared/errors.ts'
import { createPipelineFetch } from '../shared/fetch.ts'
import { isApiPath, isPageRequest, passResponse, swervePrefix } from '../shared/paths.ts'
import type { SwerveEventContext } from './event-context.ts'
import { createRouteRules, redirectOf, swrOf, toRemoteMatcher, type RouteRule } from '../shared/route-rules.ts'
import { readBody } from './body.ts'
import { createBodyLimit } from './body-limit.ts'
import { callInContext, registerServer, type AsyncContext, type ServerContext } from './context.ts'
import type { ServerHookable, ServerHooks } from './hooks.ts'
import { RoutesH3 } from '../internals/h3.ts'
import { addRoutes, isRouteEvent } from './route-handlers.ts'
import { checkOrigin, withAnswerHeaders } from './security.ts'
import { createServerStorage } from './storage.ts'
import { createSwr, memoryPageCache, type PageCacheStore } from './swr.ts'
import type { HostFetchOptions, PageRenderer, ServerConfig, ServerParts, StorageOptions, SwerveServer } from './types.ts'

export type * from './types.ts'

export interface ServerOptions extends ServerParts {
  config: ServerConfig
  storage?: StorageOptions
  /** The page renderer (Vue SSR): answers navigations and renders the error page. */
  pages?: PageRenderer
  /** An async context (Node's AsyncLocalStorage): the request stays known across `await`s. */
  asyncContext?: AsyncContext<ServerContext>
  /**
   * The worker: the routes the origin answers and this bundle lacks. With it, this server
   * leaves them and `worker: false` paths to the network, its code's `$fetch` included.
   */
  originRoutes?: string[]
  /** Where `swr`/`isr` pages are kept (default: memory); `false`: the host keeps them itself (the worker). */
  pageCache?: PageCacheStore | false
}

/** A request for the origin, from a host that has no copy of the route (the worker). */
async function fetchRemote(request: Request): Promise<Response> {
  try {
    // A plain Request: the pipeline's own may be a proxy over one (runtime/shared/request.ts).
    const { method, headers, body } = request
    return await globalThis.fetch(request.url, { method, headers, body, duplex: body ? 'half' : undefined } as RequestInit)
  } catch (error) {
    const path = new URL(request.url).pathname
    return toErrorResponse(new HTTPError({
      status: 503,
      statusText: 'Service Unavailable',
      message: `${path} is answered by the origin only, and the origin cannot be reached (offline?): ${(error as Error).message}`,
    }))
  }
}

export function createServer(options: ServerOptions): SwerveServer {
  const { config, pages } = options
  const hooks = createHooks<ServerHooks>()
  let bootError: HTTPError | undefined

  async function handleError(error: unknown, event: H3Event): Promise<unknown> {
    const httpError = toHTTPError(error)
    // Logged once, here: an unhandled error with its stack, an HTTPError by its message.
    if (httpError.status >= 500) console.error(`[swerve] ${event.req.method} ${event.url.pathname}:`, httpError.unhandled ? httpError.cause ?? error : httpError.message)
    await hooks.callHook('error', httpError, { event })
    const page = !!pages && !isRouteEvent(event) && isPageRequest(event.req, event.url.pathname, config.base)
    // Every answer goes through respond(): an error's too (docs/lifecycle.md).
    return respond(event, page ? await pages.renderError(event, httpError) : toErrorResponse(httpError))
  }

  /** Every answer's last step: gives `beforeResponse` the body, hands `Set-Cookie` to the host, and makes strings HTML. */
  async function respond(event: H3Event, body: unknown): Promise<unknown> {
    const context = { body }
    await hooks.callHook('beforeResponse', event, context)
    if (event.context.swerve) event.context.swerve.body = context.body
    // A worker's Response cannot carry Set-Cookie: take them while they are still on event.res.
    event.context.swerve?.setCookies?.push(...event.res.headers.getSetCookie())
    // As in Nitro: a string is HTML unless the handler said otherwise.
    if (typeof context.body === 'string' && !event.res.headers.has('content-type')) {
      event.res.headers.set('content-type', 'text/html; charset=utf-8')
    }
    return context.body
  }

  const app = new RoutesH3({
    silent: true,
    onError: (error, event) => handleError(error, event),
    onResponse: async (response, event) => {
      await hooks.callHook('afterResponse', event, { body: event.context.swerve?.body ?? response.body })
    },
  })
  const rulesFor = createRouteRules(config.routeRules, config.base)
  const isRemote = options.originRoutes && toRemoteMatcher(rulesFor, config.base, options.originRoutes)
  /** This server as a pipeline to call in-process (`$fetch` of its code, with or without a request). */
  const local = {
    fetch: (request: Request) => isRemote?.(new URL(request.url).pathname) ? fetchRemote(request) : dispatch(request, {}, true),
    base: config.base,
  }
  const storage = createServerStorage(options.storage)
  const server: SwerveServer = {
    app,
    hooks,
    config,
    storage,
    fetch,
    $fetch: createPipelineFetch(local),
    ready: Promise.resolve(),
    close: async () => {
      await hooks.callHook('close')
      await storage.dispose()
    },
    rulesFor,
    isRemote,
  }
  registerServer(server, options.asyncContext)
  const inContext = <T>(event: H3Event, fn: () => T) => callInContext({ server, event }, fn)

  addHandlers(app, { options, hooks, rulesFor, local, storage, respond, inContext })

  server.ready = runPlugins(server, options.plugins).then((error) => { bootError = error })

  // The worker's pipeline keeps no pages (its host does): its bundle leaves createSwr out.
  const { pageCache } = options
  const swr = (typeof __SWERVE_WORKER__ === 'undefined' || !__SWERVE_WORKER__) && pageCache !== false && createSwr(pageCache ?? memoryPageCache(), { cspNonce: config.security.cspNonce })

  function fetch(request: Request, fetchOptions: HostFetchOptions = {}): Promise<Response> {
    return dispatch(request, fetchOptions, false)
  }

  /** `inProcess`: a `$fetch` of this server's own code, whose caller reads only the status and body. */
  async function dispatch(request: Request, fetchOptions: HostFetchOptions, inProcess: boolean): Promise<Response> {
    const { pathname } = new URL(request.url)
    const rule = rulesFor(pathname)
    const maxAge = swrOf(rule)
    if (swr && maxAge !== undefined && request.method === 'GET' && isPageRequest(request, pathname, config.base)) {
      return swr.answer({ request, maxAge, render: again => answer(again, pathname, rule, fetchOptions), waitUntil: work => void work })
    }
    return answer(request, pathname, rule, fetchOptions, inProcess)
  }

  async function answer(request: Request, pathname: string, rule: RouteRule, fetchOptions: HostFetchOptions, inProcess = false): Promise<Response> {
    const start = performance.now()
    await server.ready
    const response = bootError
      ? (isPageRequest(request, pathname, config.base) ? toErrorHTMLResponse(bootError) : toErrorResponse(bootError))
      : await app.request(request, undefined, { swerve: { setCookies: fetchOptions.setCookies, passthrough: fetchOptions.passthrough, rule } satisfies SwerveEventContext })
    // The answer as it is: timing and the rule's and security headers are for a browser (and cost a Headers each).
    if (inProcess) return response
    return withAnswerHeaders(withTiming(response, start), rule.headers)
  }

  return server
}

interface HandlerParts {
  options: ServerOptions
  hooks: ServerHookable
  rulesFor: (pathname: string) => RouteRule
  local: Parameters<typeof createPipelineFetch>[0]
  storage: ReturnType<typeof createServerStorage>
  respond: (event: H3Event, body: unknown) => Promise<unknown>
  inContext: <T>(event: H3Event, fn: () => T) => T
}

/** The server's handlers in order: the request hook, the origin check, a rule's redirect, the body limit, the app's middleware and routes, sync, and the pages. */
function addHandlers(app: H3, { options, hooks, rulesFor, local, storage, respond, inContext }: HandlerParts): void {
  const { config, pages } = options
  app.use(async function requestHook(event) {
    event.$fetch = createPipelineFetch(local, event)
    await hooks.callHook('request', event)
  })
  if (config.security.checkOrigin) app.use(checkOrigin)
  app.use(function routeRedirect(event) {
    // The request's rule, looked up once in fetch().
    const redirect = redirectOf(event.context.swerve?.rule ?? rulesFor(event.url.pathname))
    if (redirect) return respond(event, new Response(null, { status: redirect.status, headers: { location: redirect.to, 'cache-control': 'no-store' } }))
  })
  app.use(createBodyLimit(config.bodyLimit))
  for (const { handler } of options.middleware) {
    app.use(async function serverMiddleware(event) {
      const body = await inContext(event, () => handler(event))
      return body === undefined ? undefined : respond(event, body)
    })
  }
  addRoutes(app, config.base, options.routes, async (event, handler) => respond(event, await inContext(event, () => handler(event))))
  // Synced storage bases: an ordinary route, after the app's middleware (docs/sync.md).
  const { sync } = storage
  if (sync) {
    app.post(`${swervePrefix(config.base)}sync/:name`, async (event) => {
      const body = await readBody(event)
      return respond(event, await inContext(event, () => sync.handle(event, decodeURIComponent(event.context.params!.name!), body, hooks)))
    })
  }
  // What no middleware and no route answered: `api/` is the pipeline's (a JSON 404), a
  // host that can send the request on gets PASS, and anything else is a page.
  app.all('/**', async function renderPage(event) {
    const notFound = () => new HTTPError({ status: 404, statusText: 'Not Found', message: `No route matches ${event.req.method} ${event.url.pathname}` })
    if (isApiPath(event.url.pathname, config.base)) throw notFound()
    // HEAD is never a navigation, yet on a page it answers like GET (docs/security.md): the worker's too.
    const headOfPage = event.req.method === 'HEAD' && !!pages?.matches(event)
    if (event.context.swerve?.passthrough && !headOfPage) return passResponse()
    if (!pages) throw notFound()
    if (event.req.method !== 'GET' && event.req.method !== 'HEAD') {
      throw new HTTPError({ status: 405, statusText: 'Method Not Allowed', message: `${event.req.method} is not allowed on a page. Allowed: GET, HEAD.`, headers: { allow: 'GET, HEAD' } })
    }
    return respond(event, await inContext(event, () => pages.render(event)))
  })
}

/** Runs the server plugins in order; the first that throws stops them, and its error is the boot error every request answers. */
async function runPlugins(server: SwerveServer, plugins: ServerOptions['plugins']): Promise<HTTPError | undefined> {
  for (const { name, plugin } of plugins) {
    try {
      await callInContext({ server }, () => plugin(server))
    } catch (error) {
      const message = `Server plugin ${name} failed: ${(error as Error)?.message ?? error}`
      console.error(`[swerve] ${message}`)
      const bootError = new HTTPError({ status: 500, statusText: 'Server Plugin Failed', message })
      await server.hooks.callHook('error', bootError, { tags: ['plugin'] })
      return bootError
    }
  }
}

/** `Server-Timing: ssr` since `start`. */
function withTiming(response: Response, start: number): Response {
  const timing = `ssr;dur=${(performance.now() - start).toFixed(1)}`
  try {
    response.headers.append('server-timing', timing)
    return response
  } catch {
    // A handler's Response may have immutable headers (one from fetch()): copy it to add ours.
    const copy = new Response(response.body, response)
    copy.headers.append('server-timing', timing)
    return copy
  }
}
