/** `sw-pipeline.js`: the app's server for the worker, loaded by `sw.js` when a request needs it. */
import config from '#swerve/virtual/config'
import { originRoutes } from '#swerve/virtual/server'
import { createAppServer } from '../../runtime/app-server.ts'
import type { HostProfile } from '../../runtime/host-profile.ts'
import { createWorkerPipeline, PIPELINE_GLOBAL } from '../../sw/worker-pipeline.ts'

declare const self: ServiceWorkerGlobalScope & Record<string, unknown>

/** The worker: what the origin answers goes to the network, `swr` pages stay in Cache Storage, synced bases sync their copy. */
const WORKER_PROFILE: HostProfile = { originRoutes, keepsPages: false, answersSync: false, readsEnv: false }

// A factory: evaluating this file (at install, to keep it) starts nothing.
self[PIPELINE_GLOBAL] = () => createWorkerPipeline(storage => createAppServer({ storage, profile: WORKER_PROFILE }), { base: config.base, synced: config.sync.bases, renderCache: config.sw.renderCache })
