import { defineCommand } from 'citty'
import { consola } from 'consola'

export default defineCommand({
  meta: { name: 'dev', description: 'Development server (not available yet)' },
  args: { root: { type: 'positional', default: '.', required: false } },
  run() {
    consola.error('swerve dev is not implemented yet; use `swerve build` and `swerve preview`.')
    process.exit(1)
  },
})
