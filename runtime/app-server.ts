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
import { middleware, plugins, routes, serverAssets } from '#swerve/virtual/server'
import { compiledRules } from '#swerve/virtual/route-rules'
import type { Driver } from 'unstorage'
import type { AppEntry } from './app/create.ts'
import { createRenderer } from './app/render.ts'
import { ORIGIN_PROFILE, type HostProfile } from './host-profile.ts'
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
  /** What kind of host this is (runtime/host-profile.ts): an origin unless the preset says otherwise. */
  profile?: HostProfile
}

export function createAppServer(host: HostOptions = {}): SwerveServer {
  const profile = host.profile ?? ORIGIN_PROFILE
  // `__SWERVE_WORKER__`: the worker's bundle leaves withEnv out.
  const runtimeConfig = (typeof __SWERVE_WORKER__ === 'undefined' || !__SWERVE_WORKER__) && profile.readsEnv && host.env ? withEnv(config.runtimeConfig, host.env) : config.runtimeConfig
  return createServer({
    plugins,
    middleware,
    routes,
    pages: createRenderer(app as AppEntry, clientAssets, { ...config, runtimeConfig }),
    config: { base: config.base, dev: config.dev, bodyLimit: config.bodyLimit, security: config.security, routeRules: config.routeRules, runtimeConfig },
    storage: { driver: host.storage, mounts: host.mounts, assets: serverAssets, timeout: host.storageTimeout, synced: profile.answersSync ? config.sync.bases : undefined, syncLimits: config.sync },
    compiledRules,
    asyncContext: host.asyncContext,
    profile,
  })
}
