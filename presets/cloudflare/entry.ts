/**
 * `.output/server/index.mjs` for Cloudflare Workers (module syntax): the app's
 * server with storage on the KV namespace bound as `STORAGE` (memory without
 * one), and the bases swerve.config puts on D1 over it. Static files are Workers
 * Static Assets (`.output/wrangler.json`).
 */
import kvDriver from 'unstorage/drivers/cloudflare-kv-binding'
import { mounts } from '#swerve/virtual/storage'
import { createAppServer } from '../../runtime/app-server.ts'
import type { SwerveServer } from '../../runtime/server/types.ts'

let server: SwerveServer | undefined

export default {
  fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
    // Bindings arrive with the first request: the server starts then.
    server ??= createAppServer({
      storage: env.STORAGE ? kvDriver({ binding: env.STORAGE as never }) : undefined,
      mounts: Object.fromEntries(mounts.map(({ base, driver, options }) => [base, driver(options)])),
    })
    return server.fetch(request)
  },
}
