/**
 * Which server and which request the code running now belongs to, for the
 * free functions (`useStorage()`, `$fetch`, `useRequestFetch()`). Request state lives
 * on the event and host state on the server object; this only points at them.
 *
 * Synchronously this works everywhere. Across `await`s it needs an async
 * context: hosts that have one (Node's AsyncLocalStorage) pass it to
 * `createServer`; the worker has none, so after an `await` use `event.$fetch`
 * or `useRequestFetch()` there.
 */
import type { H3, H3Event } from 'h3'
import type { SwerveServer } from './types.ts'

export interface ServerContext {
  server: SwerveServer
  event?: H3Event
}

/** The part of Node's AsyncLocalStorage this needs. */
export interface AsyncContext<T> {
  getStore: () => T | undefined
  run: <R>(store: T, fn: () => R) => R
}

/*
 * Module state, and why it stays here rather than on a server: this is how free functions
 * (`useStorage()`, `$fetch`) find the server and request their code runs for, as unctx does
 * for Nitro, so it cannot live on what it finds. It only points at servers: request state is
 * on the event, host state on the server.
 */
/** The context of the code running synchronously now. */
let current: ServerContext | undefined
/** The server a host started last: what code outside any request (a timer, a plugin's callback) reaches. */
let hostServer: SwerveServer | undefined
const servers = new WeakMap<H3, SwerveServer>()
/** Each server's host's async context. */
const asyncContextOf = new WeakMap<SwerveServer, AsyncContext<ServerContext>>()
/**
 * Every host's async context (a process has one or a few): each holds the server with the
 * event, so after an `await` a request finds its own server, whichever host made it.
 */
const asyncContexts = new Set<AsyncContext<ServerContext>>()

export function registerServer(server: SwerveServer, hostAsyncContext?: AsyncContext<ServerContext>): void {
  servers.set(server.app, server)
  if (hostAsyncContext) {
    asyncContextOf.set(server, hostAsyncContext)
    asyncContexts.add(hostAsyncContext)
  }
  hostServer = server
}

/** The server whose pipeline handles `event`. */
export function serverOf(event: H3Event): SwerveServer {
  const server = servers.get(event.app as H3)
  if (!server) throw new Error('[swerve] this event does not belong to a swerve server.')
  return server
}

/** Runs `fn` as code of `context.server` (and of `context.event`, when given). */
export function callInContext<T>(context: ServerContext, fn: () => T): T {
  const previous = current
  current = context
  try {
    // A server whose host has none (a test's, beside a Node host) runs in another host's, as before.
    const asyncContext = asyncContextOf.get(context.server) ?? asyncContexts.values().next().value
    return asyncContext ? asyncContext.run(context, fn) : fn()
  } finally {
    current = previous
  }
}

export function tryUseContext(): ServerContext | undefined {
  if (current) return current
  for (const asyncContext of asyncContexts) {
    const context = asyncContext.getStore()
    if (context) return context
  }
  return hostServer && { server: hostServer }
}

/** The h3 event of the request being handled, where the host can tell (see above). */
export function tryUseEvent(): H3Event | undefined {
  return tryUseContext()?.event
}

export function useServer(): SwerveServer {
  const context = tryUseContext()
  if (!context) throw new Error('[swerve] no swerve server has started in this process yet.')
  return context.server
}
