/**
 * `.output/server/index.mjs`: a standalone Node server (no node_modules): static
 * files from ../public, everything else through the app's server. `PORT`,
 * `HOST`; `SWERVE_DATA_DIR` for the storage folder, `SWERVE_STORAGE=memory`
 * to keep nothing.
 */
import { fileURLToPath } from 'node:url'
import createApp from '#swerve/server-app'
import { appServing, createHandler, listen } from './serve.ts'

const app = createApp({ storage: process.env.SWERVE_STORAGE === 'memory' ? 'memory' : 'fs' })
const publicDir = fileURLToPath(new URL('../public/', import.meta.url))
const base = app.config.base
const http = await listen(createHandler({ publicDir, ...appServing(app) }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: process.env.HOST ?? '127.0.0.1',
})
console.log(`[swerve] listening on ${http.origin}${base}`)
const shutdown = () => {
  void http.close().then(() => app.close()).finally(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
