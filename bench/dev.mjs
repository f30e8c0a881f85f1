/**
 * The dev server's figures, measured as `swerve dev` runs: in a Node process of its own,
 * on the package's build (dist/), with no tsx. tsx's module hooks run for every import,
 * the rebuilt app's included, and under them each rebuild took 12–15 ms longer than it
 * does for a user (docs/performance.md). Plain JavaScript for that reason.
 *
 * `node bench/dev.mjs <app root>` starts the dev server twice (a first start, which bundles
 * the shared packages, then one that finds them kept), edits a page 12 times, and prints
 * `{ firstReadyMs, readyMs, rebuilds }` as JSON (the first two rebuilds left out: warm-up).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDevServer } from '../dist/build/dev/index.mjs'

const root = process.argv[2]
const page = join(root, 'app/pages/about.vue')

rmSync(fileURLToPath(new URL('../node_modules/.cache/swerve/deps', import.meta.url)), { recursive: true, force: true })
const first = await createDevServer(root, { port: 0, quiet: true })
const firstReadyMs = first.readyMs
await first.close()

const dev = await createDevServer(root, { port: 0, quiet: true })
for (let i = 0; i < 12; i++) {
  const rebuilt = dev.nextRebuild()
  const text = readFileSync(page, 'utf8')
  const next = text.replace(/About swerve( \d+)?</, `About swerve ${i}<`)
  if (next === text) throw new Error(`${page}: the heading to edit is gone`)
  writeFileSync(page, next)
  await rebuilt
}
const figures = { firstReadyMs, readyMs: dev.readyMs, rebuilds: dev.rebuilds.slice(2) }
await dev.close()
process.stdout.write(JSON.stringify(figures))
