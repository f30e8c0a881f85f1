/**
 * What kind of host an app's server runs in, decided once by its preset: the worker
 * (presets/sw/pipeline.ts) or an origin (every other preset; the default). The worker's
 * bundle is also built with `__SWERVE_WORKER__` true (build/bundle.ts): the same fact as a
 * constant, read only to leave out of that bundle what an origin alone runs.
 */
export interface HostProfile {
  /** Routes only the origin answers (docs/routing.md): this host sends them to the network (`server.isRemote`). */
  originRoutes?: string[]
  /** Keeps `swr` renders itself (in memory); the worker's host keeps them in Cache Storage (sw/page-cache.ts). */
  keepsPages: boolean
  /** Answers the sync route; the worker syncs its own copy of a synced base instead (sw/sync-engine.ts). */
  answersSync: boolean
  /** Reads `SWERVE_*` environment variables over `runtimeConfig`; a worker has no environment. */
  readsEnv: boolean
}

/** Node, workerd and every host that is the app's origin. */
export const ORIGIN_PROFILE: HostProfile = { keepsPages: true, answersSync: true, readsEnv: true }
