/** `sw.js`: the app's server on IndexedDB, hosted by the service-worker host (sw/). */
import indexedbDriver from 'unstorage/drivers/indexedb'
import { createAppServer } from '../../runtime/pipeline.ts'
import { hostInWorker } from '../../sw/index.ts'

hostInWorker(createAppServer({ storage: indexedbDriver({ dbName: 'swerve-storage', storeName: 'kv' }) }))
