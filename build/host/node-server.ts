/**
 * `.output/server/index.mjs`: a standalone Node server (no node_modules): static
 * files from ../public, everything else through the pipeline.
 */
import { fileURLToPath } from 'node:url'
import { createNodeServer } from './serve.ts'
import server from '#swerve/server-app'

const publicDir = fileURLToPath(new URL('../public/', import.meta.url))
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '127.0.0.1'

const http = createNodeServer({ publicDir, app: server, base: server.config.base })
http.listen(port, host, () => {
  console.log(`[swerve] listening on http://${host}:${port}${server.config.base}`)
})
const shutdown = () => {
  http.close()
  void server.close().finally(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
