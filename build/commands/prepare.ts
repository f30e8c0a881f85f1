import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'prepare', description: 'Write .swerve/types and .swerve/tsconfig.json (for tsc and editors)' },
  args: { root: { type: 'positional', description: 'App folder', default: '.', required: false } },
  async run({ args }) {
    // Loaded here, not at the top: `swerve --help` loads nothing but citty.
    const { consola } = await import('consola')
    const [{ loadConfig }, { scanApp }, { writeTypes }, { createAutoImports }] = await Promise.all([import('../config.ts'), import('../scan.ts'), import('../types.ts'), import('../imports.ts')])
    const config = await loadConfig(args.root)
    const scan = scanApp(config.root, config.layers, config.modules)
    await writeTypes(config.root, scan, await createAutoImports(scan, { enabled: config.imports, pinia: config.integrations.pinia, modules: config.modules }))
    consola.success(`Types written to ${config.root}/.swerve`)
  },
})
