import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'build', description: 'Build the app into .output/' },
  args: {
    root: { type: 'positional', description: 'App folder', default: '.', required: false },
    preset: { type: 'string', description: 'The server beside the worker: node (default), cloudflare or static' },
    'self-destroy': { type: 'boolean', description: 'Emit a sw.js that unregisters itself and deletes swerve caches', default: false },
    json: { type: 'boolean', description: 'Print one JSON summary on stdout instead of progress', default: false },
  },
  async run({ args }) {
    // Loaded here, not at the top: `swerve --help` loads nothing but citty.
    const { consola } = await import('consola')
    const { build } = await import('../build.ts')
    try {
      // The environment's SWERVE_* and NUXT_* values are built in: the worker has no environment to read.
      const result = await build(args.root, { selfDestroy: args['self-destroy'], preset: args.preset, quiet: args.json, env: process.env })
      if (args.json) {
        process.stdout.write(`${JSON.stringify({
          outDir: result.config.outDir,
          preset: result.config.preset,
          pages: result.scan.pages.length,
          serverRoutes: result.scan.serverRoutes.length,
          prerendered: result.prerendered,
          durationMs: Math.round(result.durationMs),
        })}\n`)
      }
    } catch (error) {
      if (args.json) process.stdout.write(`${JSON.stringify({ error: (error as Error).message ?? String(error) })}\n`)
      else consola.error((error as Error).message ?? error)
      process.exit(1)
    }
  },
})
