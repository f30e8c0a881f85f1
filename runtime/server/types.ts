/** The server's shapes, apart from its code, so hosts, the renderer and helpers share them without import cycles. */
import type { EventHandler, H3, H3Event, HTTPError } from 'h3'
import type { Driver, StorageValue } from 'unstorage'
import type { RouteRule, RouteRules } from '../shared/route-rules.ts'
import type { InternalFetch } from '../shared/typed-fetch.ts'
import type { ServerHookable } from './hooks.ts'

declare module 'h3' {
  interface H3Event {
    /** `$fetch` that forwards this request's headers and cookies, after `await`s too. */
    $fetch: InternalFetch
  }
}

export interface Security {
  /** 403 for an unsafe method whose Origin is another site. */
  checkOrigin: boolean
  /** A per-response nonce on swerve's scripts and styles, and a CSP header. */
  cspNonce: boolean
}

export interface ServerConfig {
  base: string
  dev: boolean
  bodyLimit: number
  security: Security
  /** `routeRules` from swerve.config (runtime/shared/route-rules.ts). */
  routeRules?: RouteRules
  runtimeConfig: Record<string, unknown> & { public: Record<string, unknown> }
}

/** `useStorage(base)`: unstorage's names, with swerve's errors (400, 503, 507). */
export interface SwerveStorage {
  getItem: <T = StorageValue>(key: string) => Promise<T | null>
  setItem: (key: string, value: StorageValue) => Promise<void>
  /** A value as bytes (`Uint8Array`), as unstorage keeps them (base64 on drivers without raw support). */
  getItemRaw: <T = Uint8Array>(key: string) => Promise<T | null>
  setItemRaw: (key: string, value: Uint8Array | ArrayBuffer | string) => Promise<void>
  hasItem: (key: string) => Promise<boolean>
  removeItem: (key: string) => Promise<void>
  getKeys: (base?: string) => Promise<string[]>
  clear: (base?: string) => Promise<void>
}

export interface StorageOptions {
  /** The host's driver: IndexedDB in the worker, files in Node, KV on Cloudflare; memory by default. */
  driver?: Driver
  /** `server/assets/**` as text, mounted read-only at `assets:server`. */
  assets?: Record<string, string>
  /** How long a storage call may take before it answers 503 (ms, default 10 000). */
  timeout?: number
  /** Bases on drivers of their own (`storage` in swerve.config, Node hosts): base → driver. */
  mounts?: Record<string, Driver>
  /** Bases replicated to the devices (`sync: true`): this server answers their sync route. */
  synced?: string[]
  /** Changes in one sync answer at most (default 1,000), and days a tombstone is kept (default 30). */
  syncLimits?: { pageSize?: number, tombstoneDays?: number }
}

export interface ServerStorage {
  use: (base?: string) => SwerveStorage
  /** Closes the drivers' connections (Redis). */
  dispose: () => Promise<void>
}

/** An API or server route, as the build generated it. */
export interface RouteEntry {
  /** rou3 pattern, without the base: `/api/users/:id` */
  route: string
  /** Upper-case method, or undefined for any method. */
  method?: string
  file?: string
  handler: () => Promise<EventHandler>
}

/** Renders pages: registered on the server as its catch-all handler and its error page. */
export interface PageRenderer {
  render: (event: H3Event) => Promise<Response>
  /** Never throws: a failing error page falls back to a bare one. */
  renderError: (event: H3Event, error: HTTPError) => Promise<Response>
  /** Whether a page route matches the request's path. */
  matches: (event: H3Event) => boolean
}

/** What a host (the worker, a Node server) tells `server.fetch()` besides the request. */
export interface HostFetchOptions {
  /**
   * Receives the response's `Set-Cookie` values. A browser drops them from a
   * Response built in a worker, so the worker host applies them itself.
   */
  setCookies?: string[]
  /**
   * The host can send the request elsewhere (the worker: to the network). When no
   * middleware answers, no route matches and it is neither a page nor under `api/`,
   * the answer is `PASS` (runtime/shared/paths.ts) instead of a 404 page.
   */
  passthrough?: boolean
}

export interface SwerveServer {
  app: H3
  hooks: ServerHookable
  config: ServerConfig
  storage: ServerStorage
  fetch: (request: Request, options?: HostFetchOptions) => Promise<Response>
  /** `$fetch` into this server with no request to forward (a plugin at start-up). */
  $fetch: InternalFetch
  /** Settles when every server plugin has run. */
  ready: Promise<void>
  /** Runs the `close` hook (Node shutdown, worker superseded). */
  close: () => Promise<void>
  /** `routeRules` for a path, compiled once: the Node host's file serving reads them too. */
  rulesFor: (pathname: string) => RouteRule
  /** The worker's server: whether a path is the origin's (`worker: false`, origin-only routes), never answered here. */
  isRemote?: (pathname: string) => boolean
}

export type ServerPlugin = (server: SwerveServer) => void | Promise<void>

/** What the build generated (`#swerve/virtual/server`): the app's own server code. */
export interface ServerParts {
  plugins: { name: string, plugin: ServerPlugin }[]
  middleware: { name: string, handler: EventHandler }[]
  routes: RouteEntry[]
}
