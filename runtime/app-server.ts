/**
 * The app as the build generated it, assembled into one server: its server
 * code, its pages (the renderer) and the build's config. Every host preset
 * calls this with what only the host knows (storage, an async context).
 */
// First: the app's modules below may read the runtime config as they load.
import './built-config.ts'
import * as app from '#swerve/virtual/app'
import clientAssets from '#swerve/virtual/client-assets'
import config from '#swerve/virtual/config'
import { middleware, originRoutes, plugins, routes, serverAssets } from '#swerve/virtual/server'
import type { Driver } from 'unstorage'
import type { AppEntry } from './app/create.ts'
import { createRenderer } from './app/render.ts'
import { createServer, type ServerOptions } from './server/app.ts'
import { withEnv, type Env } from './server/runtime-config.ts'
import type { SwerveServer } from './server/types.ts'

export interface HostOptions {
  /** The host's storage driver (memory when omitted). */
  storage?: Driver
  /** Bases on drivers of their own: swerve.config's `storage` (Node hosts). */
  mounts?: Record<string, Driver>
  /** How long a storage call may take before it answers 503 (ms). */
  storageTimeout?: number
  asyncContext?: ServerOptions['asyncContext']
  /** A Node host's environment: its `SWERVE_*` values override `runtimeConfig`. */
  env?: Env
  /** The worker: origin-only routes and `worker: false` paths are the network's (`server.isRemote`). */
  worker?: boolean
}

export function createAppServer(host: HostOptions = {}): SwerveServer {
  // A worker has no environment to read: its bundle leaves withEnv out.
  const runtimeConfig = (typeof __SWERVE_WORKER__ === 'undefined' || !__SWERVE_WORKER__) && host.env ? withEnv(config.runtimeConfig, host.env) : config.runtimeConfig
  return createServer({
    plugins,
    middleware,
    routes,
    pages: createRenderer(app as AppEntry, clientAssets, { ...config, runtimeConfig }),
    config: { base: config.base, dev: config.dev, bodyLimit: config.bodyLimit, security: config.security, routeRules: config.routeRules, runtimeConfig },
    // The worker syncs its copy of a synced base (sw/sync-engine.ts); every other host answers the sync route.
    storage: { driver: host.storage, mounts: host.mounts, assets: serverAssets, timeout: host.storageTimeout, synced: host.worker ? undefined : config.sync.bases, syncLimits: config.sync },
    asyncContext: host.asyncContext,
    // The worker leaves to the network what the origin answers (docs/routing.md).
    originRoutes: host.worker ? originRoutes : undefined,
    // The worker keeps `swr` pages in Cache Storage itself (sw/page-cache.ts).
    pageCache: host.worker ? false : undefined,
  })
}
