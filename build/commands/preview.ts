import { join, resolve } from 'node:path'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { defineCommand } from 'citty'
import { serveArgs } from './args.ts'

export default defineCommand({
  meta: { name: 'preview', description: 'Serve .output with the Node server, or as a static host (--static)' },
  args: {
    ...serveArgs,
    static: { type: 'boolean', description: 'Serve .output/public as a plain static host', default: false },
  },
  async run({ args }) {
    // Loaded here, not at the top: `swerve --help` loads nothing but citty.
    const { consola } = await import('consola')
    const [{ loadConfig }, { appServing, createHandler, listen }] = await Promise.all([import('../config.ts'), import('../../presets/node/serve.ts')])
    const config = await loadConfig(resolve(args.root))
    const publicDir = join(config.outDir, 'public')
    const appFile = join(config.outDir, 'server/app.mjs')
    if (!existsSync(publicDir)) {
      consola.error(`Nothing to preview: ${publicDir} does not exist. Run \`swerve build ${args.root}\` first.`)
      process.exit(1)
    }
    if (!args.static && !existsSync(appFile)) {
      consola.error(`No Node server in ${config.outDir} (built for another preset?): use --static, or build with --preset node.`)
      process.exit(1)
    }
    const app = args.static ? undefined : (await import(pathToFileURL(appFile).href)).createApp()
    const server = await listen(createHandler({ publicDir, ...(app ? appServing(app) : { base: config.base, cspNonce: config.csp.nonce }) }), { port: Number(args.port), hostname: args.host })
    consola.success(`Preview${args.static ? ' (static)' : ''} on ${server.origin}${config.base}`)
    const stop = () => { void server.close().then(() => app?.close()).finally(() => process.exit(0)) }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  },
})
