/**
 * The server, shaped like h3's app: one class whose seam is `fetch(request) → Promise<Response>`,
 * and free functions for its handlers (runtime/server/handlers.ts). It runs plugins, hooks,
 * middleware, routes and, when the app has pages, the renderer as its catch-all handler.
 * Every host (the worker, Node, Cloudflare, the prerenderer, the tests) is a caller of
 * `fetch`. Errors are handled in one place, `handleError`.
 */
import { HTTPError } from 'h3'
import { createHooks } from 'hookable'
import { toErrorHTMLResponse, toErrorResponse } from '../shared/errors.ts'
import { createPipelineFetch, type LocalPipeline } from '../shared/fetch.ts'
import { isPageRequest } from '../shared/paths.ts'
import type { SwerveEventContext } from './event-context.ts'
import { ORIGIN_PROFILE, type HostProfile } from '../host-profile.ts'
import { createRouteRules, swrOf, toRemoteMatcher, type CompiledRules, type RouteRule } from '../shared/route-rules.ts'
import { callInContext, registerServer, type AsyncContext, type ServerContext } from './context.ts'
import { addHandlers, handleError, type HandledServer } from './handlers.ts'
import type { ServerHookable, ServerHooks } from './hooks.ts'
import { RoutesH3 } from '../internals/h3.ts'
import { withAnswerHeaders } from './security.ts'
import { createServerStorage } from './storage.ts'
import { createSwr, memoryPageCache, type PageCacheStore } from './swr.ts'
import type { HostFetchOptions, PageRenderer, ServerConfig, ServerParts, StorageOptions, SwerveServer } from './types.ts'
import type { InternalFetch } from '../shared/typed-fetch.ts'

export type * from './types.ts'

export interface ServerOptions extends ServerParts {
  config: ServerConfig
  storage?: StorageOptions
  /** The page renderer (Vue SSR): answers navigations and renders the error page. */
  pages?: PageRenderer
  /** An async context (Node's AsyncLocalStorage): the request stays known across `await`s. */
  asyncContext?: AsyncContext<ServerContext>
  /**
   * What kind of host runs this server (runtime/host-profile.ts), decided by its preset: an
   * origin by default. The worker's leaves the origin's routes and `worker: false` paths to
   * the network, its code's `$fetch` included, and keeps no `swr` pages (its host does).
   */
  profile?: HostProfile
  /** `config.routeRules` as the build compiled them (`#swerve/virtual/route-rules`); without them, compiled on first use. */
  compiledRules?: CompiledRules
  /** Where `swr`/`isr` pages are kept, when the profile keeps them (default: memory). */
  pageCache?: PageCacheStore
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

export class Server implements HandledServer {
  readonly app: RoutesH3
  readonly hooks: ServerHookable = createHooks<ServerHooks>()
  readonly config: ServerConfig
  readonly storage: ReturnType<typeof createServerStorage>
  readonly pages?: PageRenderer
  readonly rulesFor: (pathname: string) => RouteRule
  readonly isRemote?: (pathname: string) => boolean
  /** This server as a pipeline to call in-process (`$fetch` of its code, with or without a request). */
  readonly local: LocalPipeline
  readonly $fetch: InternalFetch
  ready: Promise<void>
  /** The first server plugin's failure: every request answers it. */
  private bootError: HTTPError | undefined
  /** `swr`/`isr` pages kept here; the worker's host keeps them itself (its bundle leaves createSwr out). */
  private readonly swr: ReturnType<typeof createSwr> | false

  constructor(options: ServerOptions) {
    const { config } = options
    this.config = config
    this.pages = options.pages
    this.app = new RoutesH3({
      silent: true,
      onError: (error, event) => handleError(this, error, event),
      onResponse: async (response, event) => {
        await this.hooks.callHook('afterResponse', event, { body: event.context.swerve?.body ?? response.body })
      },
    })
    this.rulesFor = createRouteRules(options.compiledRules ?? config.routeRules, config.base)
    const { originRoutes, keepsPages } = options.profile ?? ORIGIN_PROFILE
    const isRemote = originRoutes && toRemoteMatcher(this.rulesFor, config.base, originRoutes)
    this.isRemote = isRemote
    this.local = {
      fetch: request => isRemote && isRemote(new URL(request.url).pathname) ? fetchRemote(request) : this.dispatch(request, {}, true),
      base: config.base,
    }
    this.$fetch = createPipelineFetch(this.local)
    this.storage = createServerStorage(options.storage)
    // `__SWERVE_WORKER__`: the worker's bundle leaves createSwr out.
    this.swr = (typeof __SWERVE_WORKER__ === 'undefined' || !__SWERVE_WORKER__) && keepsPages && createSwr(options.pageCache ?? memoryPageCache(), { cspNonce: config.security.cspNonce })
    registerServer(this, options.asyncContext)
    addHandlers(this.app, this, options)
    this.ready = runPlugins(this, options.plugins).then((error) => { this.bootError = error })
  }

  /** The server's one entry: a request in, its answer out. Bound, so a host may pass it on alone. */
  readonly fetch = (request: Request, options: HostFetchOptions = {}): Promise<Response> => this.dispatch(request, options, false)

  /** Runs the `close` hook (Node shutdown, worker superseded), then closes storage. */
  readonly close = async (): Promise<void> => {
    await this.hooks.callHook('close')
    await this.storage.dispose()
  }

  /** `inProcess`: a `$fetch` of this server's own code, whose caller reads only the status and body. */
  private dispatch(request: Request, options: HostFetchOptions, inProcess: boolean): Promise<Response> {
    const { pathname } = new URL(request.url)
    const rule = this.rulesFor(pathname)
    const maxAge = swrOf(rule)
    const { swr } = this
    if (swr && maxAge !== undefined && request.method === 'GET' && isPageRequest(request, pathname, this.config.base)) {
      return swr.answer({ request, maxAge, render: again => this.answer(again, pathname, rule, options, false), waitUntil: work => void work })
    }
    return this.answer(request, pathname, rule, options, inProcess)
  }

  private async answer(request: Request, pathname: string, rule: RouteRule, options: HostFetchOptions, inProcess: boolean): Promise<Response> {
    const start = performance.now()
    await this.ready
    const { bootError } = this
    const response = bootError
      ? (isPageRequest(request, pathname, this.config.base) ? toErrorHTMLResponse(bootError) : toErrorResponse(bootError))
      : await this.app.request(request, undefined, { swerve: { setCookies: options.setCookies, passthrough: options.passthrough, rule } satisfies SwerveEventContext })
    // The answer as it is: timing and the rule's and security headers are for a browser (and cost a Headers each).
    if (inProcess) return response
    return withAnswerHeaders(withTiming(response, start), rule.headers)
  }
}

export function createServer(options: ServerOptions): SwerveServer {
  return new Server(options)
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
