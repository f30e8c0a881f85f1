/** `sw-pipeline.js`: the app's server for the worker, required by `sw.js` when a request needs it (sw/scripts.ts). */
import config from '#swerve/virtual/config'
import { createAppServer } from '../../runtime/pipeline.ts'
import { createWorkerPipeline, type WorkerPipeline } from '../../sw/pipeline.ts'

// A factory: the host creates the pipeline once, when a request first needs it.
export const createPipeline = (): WorkerPipeline => createWorkerPipeline(storage => createAppServer({ storage, worker: true }), { base: config.base, synced: config.sync.bases })
