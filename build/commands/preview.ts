import { join, resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { defineCommand } from 'citty'
import { consola } from 'consola'
import { serveArgs } from './args.ts'
import { loadConfig } from '../config.ts'
import { createNodeServer } from '../host/serve.ts'

export default defineCommand({
  meta: { name: 'preview', description: 'Serve .output with the Node server, or as a static host (--static)' },
  args: {
    ...serveArgs,
    static: { type: 'boolean', description: 'Serve .output/public as a plain static host', default: false },
  },
  async run({ args }) {
    const config = await loadConfig(resolve(args.root))
    const publicDir = join(config.outDir, 'public')
    if (!existsSync(publicDir)) {
      consola.error(`Nothing to preview: ${publicDir} does not exist. Run \`swerve build ${args.root}\` first.`)
      process.exit(1)
    }
    const app = args.static ? undefined : (await import(pathToFileURL(join(config.outDir, 'server/app.mjs')).href)).default
    const server = createNodeServer({ publicDir, base: config.base, app })
    const port = Number(args.port)
    server.listen(port, args.host, () => {
      consola.success(`Preview${args.static ? ' (static)' : ''} on http://${args.host}:${port}${config.base}`)
    })
    const stop = () => server.close(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  },
})
