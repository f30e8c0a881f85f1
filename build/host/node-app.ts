/** `.output/server/app.mjs`: the pipeline for Node callers (prerender, preview, tests). */
import { server } from '../../runtime/server/entry.ts'

export default server
