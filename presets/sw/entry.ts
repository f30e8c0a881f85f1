/** `sw.js`: the service-worker host (sw/); the app's server is `sw-pipeline.js`, imported when first needed. */
import { hostInWorker } from '../../sw/index.ts'

hostInWorker()
