import { defineCommand } from 'citty'
import { consola } from 'consola'
import { loadConfig } from '../config.ts'
import { scanApp } from '../scan.ts'
import { writeTypes } from '../types.ts'

export default defineCommand({
  meta: { name: 'prepare', description: 'Write .swerve/types and .swerve/tsconfig.json (for tsc and editors)' },
  args: { root: { type: 'positional', description: 'App folder', default: '.', required: false } },
  async run({ args }) {
    const config = await loadConfig(args.root)
    await writeTypes(config.root, scanApp(config.root))
    consola.success(`Types written to ${config.root}/.swerve`)
  },
})
