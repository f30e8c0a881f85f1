/**
 * Renders per second in Node: swerve's `app.mjs` and the hand-written baseline
 * (baseline.ts) taking turns, median of three seconds each. Run by run.ts in a
 * process of its own with `NODE_ENV=production`, as a Node host runs: the
 * baseline imports Vue from node_modules, which picks its production build from
 * that variable (swerve's bundle has the production build in it either way).
 *
 * `node --import tsx bench/throughput.ts <serverDir> '<pages as JSON>'` prints
 * `{ throughput, baseline }` as JSON.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createBaseline } from './baseline.ts'
import { summarize } from './stats.ts'

type Fetch = (request: Request) => Response | Promise<Response>

/** Full renders of `path` in one second, after 50 to warm up. */
async function rendersPerSecond(fetch: Fetch, path: string): Promise<number> {
  const render = async () => (await fetch(new Request(`http://localhost/${path}`, { headers: { accept: 'text/html' } }))).text()
  for (let i = 0; i < 50; i++) await render()
  let renders = 0
  const until = performance.now() + 1000
  while (performance.now() < until) {
    await render()
    renders++
  }
  return renders
}

const [serverDir, pagesJson] = process.argv.slice(2)
const pages = JSON.parse(pagesJson!) as { path: string, baselined: boolean }[]
const { createApp } = await import(pathToFileURL(join(serverDir!, 'app.mjs')).href)
const server = createApp({ storage: 'memory' })
const baselineApp = createBaseline()
const throughput: Record<string, number> = {}
const baseline: Record<string, number> = {}
for (const { path, baselined } of pages) {
  const swerveRuns: number[] = []
  const baselineRuns: number[] = []
  for (let i = 0; i < 3; i++) {
    swerveRuns.push(await rendersPerSecond(request => server.fetch(request), path))
    if (baselined) baselineRuns.push(await rendersPerSecond(request => baselineApp.fetch(request), path))
  }
  throughput[path] = summarize(swerveRuns).p50
  if (baselined) baseline[path] = summarize(baselineRuns).p50
}
process.stdout.write(JSON.stringify({ throughput, baseline }))
