import { defineCommand } from 'citty'
import { serveArgs } from './args.ts'

export default defineCommand({
  meta: { name: 'dev', description: 'Development server: rebuilds on change, hot-replaces Vue templates, reloads the rest' },
  args: {
    ...serveArgs,
    sw: { type: 'boolean', description: 'Render pages through the service worker instead of Node', default: false },
  },
  async run({ args }) {
    // Loaded here, not at the top: `swerve --help` loads nothing but citty.
    const { consola } = await import('consola')
    const { createDevServer } = await import('../dev/index.ts')
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
