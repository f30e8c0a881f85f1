import { defineCommand } from 'citty'
import { consola } from 'consola'
import { serveArgs } from './args.ts'
import { createDevServer } from '../dev/index.ts'

export default defineCommand({
  meta: { name: 'dev', description: 'Development server: rebuilds on change, hot-replaces Vue templates, reloads the rest' },
  args: {
    ...serveArgs,
    sw: { type: 'boolean', description: 'Render pages through the service worker instead of Node', default: false },
  },
  async run({ args }) {
    try {
      const server = await createDevServer(args.root, { port: Number(args.port), host: args.host, sw: args.sw })
      const stop = () => { void server.close().then(() => process.exit(0)) }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    } catch (error) {
      consola.error((error as Error).message ?? error)
      process.exit(1)
    }
  },
})
