/** `sw.js`: the app's server on IndexedDB, hosted by the service-worker host (sw/). */
import { createAppServer } from '../../runtime/pipeline.ts'
import { hostInWorker } from '../../sw/index.ts'
import { createWorkerStorage } from '../../sw/storage.ts'

const storage = createWorkerStorage()
hostInWorker(() => createAppServer({ storage: storage.driver, worker: true }), storage)
