import { defineCommand } from 'citty'

export default defineCommand({
  meta: { name: 'init', description: 'Write a starter app: a page, a layout, an API route' },
  args: { dir: { type: 'positional', description: 'Folder for the app (made if missing)', default: '.', required: false } },
  async run({ args }) {
    // Loaded here, not at the top: `swerve --help` loads nothing but citty.
    const { consola } = await import('consola')
    const [{ init }, { version }] = await Promise.all([import('../init.ts'), import('../paths.ts')])
    const result = await init(args.dir, version).catch((error: Error) => {
      consola.error(error.message)
      process.exit(1)
    })
    consola.success(`Wrote ${result.written.join(', ')}`)
    if (result.kept.length) consola.info(`Kept as they were: ${result.kept.join(', ')}`)
    const cd = args.dir === '.' ? '' : `cd ${args.dir} && `
    consola.box(`Next:\n  ${cd}npm install\n  npx swerve dev`)
  },
})
