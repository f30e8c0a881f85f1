import { defineCommand } from 'citty'
import { consola } from 'consola'
import { build } from '../build.ts'

export default defineCommand({
  meta: { name: 'build', description: 'Build the app into .output/' },
  args: {
    root: { type: 'positional', description: 'App folder', default: '.', required: false },
    preset: { type: 'string', description: 'The server beside the worker: node (default), cloudflare or static' },
    'self-destroy': { type: 'boolean', description: 'Emit a sw.js that unregisters itself and deletes swerve caches', default: false },
  },
  async run({ args }) {
    try {
      await build(args.root, { selfDestroy: args['self-destroy'], preset: args.preset })
    } catch (error) {
      consola.error((error as Error).message ?? error)
      process.exit(1)
    }
  },
})
