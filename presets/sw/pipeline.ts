/** `sw-pipeline.js`: the app's server for the worker, loaded by `sw.js` when a request needs it. */
import config from '#swerve/virtual/config'
import { createAppServer } from '../../runtime/app-server.ts'
import { createWorkerPipeline, PIPELINE_GLOBAL } from '../../sw/worker-pipeline.ts'

declare const self: ServiceWorkerGlobalScope & Record<string, unknown>

// A factory: evaluating this file (at install, to keep it) starts nothing.
self[PIPELINE_GLOBAL] = () => createWorkerPipeline(storage => createAppServer({ storage, worker: true }), { base: config.base, synced: config.sync.bases, renderCache: config.sw.renderCache })
