/**
 * The server's handlers, in order, and the two steps every answer takes: `respond` (the last
 * step of an answer) and `handleError` (the one place errors are handled). Free functions over
 * the server (runtime/server/app.ts), as h3's utilities are over an event.
 */
import { HTTPError, type H3, type H3Event } from 'h3'
import { toErrorResponse, toHTTPError } from '../shared/errors.ts'
import { createPipelineFetch, type LocalPipeline } from '../shared/fetch.ts'
import { isApiPath, isPageRequest, passResponse, swervePrefix } from '../shared/paths.ts'
import { redirectOf } from '../shared/route-rules.ts'
import { readBody } from './body.ts'
import { createBodyLimit } from './body-limit.ts'
import { callInContext } from './context.ts'
import { addRoutes, isRouteEvent } from './route-handlers.ts'
import { checkOrigin } from './security.ts'
import type { createServerStorage } from './storage.ts'
import type { PageRenderer, ServerParts, SwerveServer } from './types.ts'

/** What the handlers read of the server: the public server, its pages and itself as an in-process pipeline. */
export interface HandledServer extends SwerveServer {
  readonly storage: ReturnType<typeof createServerStorage>
  readonly pages?: PageRenderer
  readonly local: LocalPipeline
}

/** Every answer's last step: gives `beforeResponse` the body, hands `Set-Cookie` to the host, and makes strings HTML. */
export async function respond(server: SwerveServer, event: H3Event, body: unknown): Promise<unknown> {
  const context = { body }
  await server.hooks.callHook('beforeResponse', event, context)
  if (event.context.swerve) event.context.swerve.body = context.body
  // A worker's Response cannot carry Set-Cookie: take them while they are still on event.res.
  event.context.swerve?.setCookies?.push(...event.res.headers.getSetCookie())
  // As in Nitro: a string is HTML unless the handler said otherwise.
  if (typeof context.body === 'string' && !event.res.headers.has('content-type')) {
    event.res.headers.set('content-type', 'text/html; charset=utf-8')
  }
  return context.body
}

/** h3's `onError`: the error page for a page request, else the error as JSON; either through respond(). */
export async function handleError(server: HandledServer, error: unknown, event: H3Event): Promise<unknown> {
  const httpError = toHTTPError(error)
  // Logged once, here: an unhandled error with its stack, an HTTPError by its message.
  if (httpError.status >= 500) console.error(`[swerve] ${event.req.method} ${event.url.pathname}:`, httpError.unhandled ? httpError.cause ?? error : httpError.message)
  await server.hooks.callHook('error', httpError, { event })
  const { pages } = server
  const page = !!pages && !isRouteEvent(event) && isPageRequest(event.req, event.url.pathname, server.config.base)
  // Every answer goes through respond(): an error's too (docs/lifecycle.md).
  return respond(server, event, page ? await pages.renderError(event, httpError) : toErrorResponse(httpError))
}

/** Runs `fn` as the code of `server` handling `event` (useStorage(), $fetch …), and answers what it returns. */
async function answerWith(server: SwerveServer, event: H3Event, fn: () => unknown): Promise<unknown> {
  return respond(server, event, await callInContext({ server, event }, fn))
}

/** The server's handlers in order: the request hook, the origin check, a rule's redirect, the body limit, the app's middleware and routes, sync, and the pages. */
export function addHandlers(app: H3, server: HandledServer, parts: ServerParts): void {
  const { config, hooks } = server
  app.use(async function requestHook(event) {
    event.$fetch = createPipelineFetch(server.local, event)
    await hooks.callHook('request', event)
  })
  if (config.security.checkOrigin) app.use(checkOrigin)
  app.use(function routeRedirect(event) {
    // The request's rule, looked up once in fetch().
    const redirect = redirectOf(event.context.swerve?.rule ?? server.rulesFor(event.url.pathname))
    if (redirect) return respond(server, event, new Response(null, { status: redirect.status, headers: { location: redirect.to, 'cache-control': 'no-store' } }))
  })
  app.use(createBodyLimit(config.bodyLimit))
  for (const { handler } of parts.middleware) {
    app.use(async function serverMiddleware(event) {
      const body = await callInContext({ server, event }, () => handler(event))
      return body === undefined ? undefined : respond(server, event, body)
    })
  }
  addRoutes(app, config.base, parts.routes, (event, handler) => answerWith(server, event, () => handler(event)))
  addSyncRoute(app, server)
  app.all('/**', event => renderPage(server, event))
}

/** Synced storage bases: an ordinary route, after the app's middleware (docs/sync.md). */
function addSyncRoute(app: H3, server: HandledServer): void {
  const { sync } = server.storage
  if (!sync) return
  app.post(`${swervePrefix(server.config.base)}sync/:name`, async (event) => {
    const body = await readBody(event)
    return answerWith(server, event, () => sync.handle(event, decodeURIComponent(event.context.params!.name!), body, server.hooks))
  })
}

/**
 * What no middleware and no route answered: `api/` is the pipeline's (a JSON 404), a host
 * that can send the request on gets PASS, and anything else is a page.
 */
async function renderPage(server: HandledServer, event: H3Event): Promise<unknown> {
  const { pages } = server
  const notFound = () => new HTTPError({ status: 404, statusText: 'Not Found', message: `No route matches ${event.req.method} ${event.url.pathname}` })
  if (isApiPath(event.url.pathname, server.config.base)) throw notFound()
  // HEAD is never a navigation, yet on a page it answers like GET (docs/security.md): the worker's too.
  const headOfPage = event.req.method === 'HEAD' && !!pages?.matches(event)
  if (event.context.swerve?.passthrough && !headOfPage) return passResponse()
  if (!pages) throw notFound()
  if (event.req.method !== 'GET' && event.req.method !== 'HEAD') {
    throw new HTTPError({ status: 405, statusText: 'Method Not Allowed', message: `${event.req.method} is not allowed on a page. Allowed: GET, HEAD.`, headers: { allow: 'GET, HEAD' } })
  }
  return answerWith(server, event, () => pages.render(event))
}
