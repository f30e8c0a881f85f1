/** `.output/server/app.mjs`: the pipeline for Node callers (prerender, preview, tests). */
import { setStorageDriver } from './node-storage.ts'
import { server } from '../../runtime/server/entry.ts'

export { setStorageDriver }
export default server
