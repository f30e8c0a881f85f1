/**
 * Renders per second in Node: swerve's `app.mjs` and the hand-written baseline
 * (baseline.ts) taking turns, median of five seconds each after a second's
 * warm-up. Run by run.ts in a process of its own with `NODE_ENV=production`, as a Node host runs: the
 * baseline imports Vue from node_modules, which picks its production build from
 * that variable (swerve's bundle has the production build in it either way).
 *
 * `node --import tsx bench/throughput.ts <serverDir> '<pages as JSON>'` prints
 * `{ throughput, baseline }` as JSON.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { textOf } from '../runtime/internals/srvx.ts'
import { createBaseline } from './baseline.ts'
import { summarize } from './stats.ts'

type Fetch = (request: Request) => Response | Promise<Response>

const renderOf = (fetch: Fetch, path: string) => async () => bodyOf(await fetch(new Request(`http://localhost/${path}`, { headers: { accept: 'text/html' } })))

/**
 * The body as srvx's Node server writes it (runtime/internals/srvx.ts): an answer of srvx's
 * hands its string over. `text()` on one makes a web Response and reads it through a stream,
 * which no Node host does.
 */
const bodyOf = async (response: Response) => await textOf(response, true) ?? ''

/** Renders for `ms`: the count. */
async function rendersIn(render: () => Promise<string>, ms: number): Promise<number> {
  let renders = 0
  const until = performance.now() + ms
  while (performance.now() < until) {
    await render()
    renders++
  }
  return renders
}

/**
 * A server that has run a while: each side renders the page for a second before any is counted.
 * With 50 renders of warm-up (until 2026-12-06), V8 was still compiling in the counted
 * seconds, and the same build measured 1,345 and 1,895 renders/s of `/about` in two runs.
 */
const WARM_UP_MS = 1000
const ROUNDS = 5

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
  const swerveRender = renderOf(request => server.fetch(request), path)
  const baselineRender = renderOf(request => baselineApp.fetch(request), path)
  await rendersIn(swerveRender, WARM_UP_MS)
  if (baselined) await rendersIn(baselineRender, WARM_UP_MS)
  for (let i = 0; i < ROUNDS; i++) {
    swerveRuns.push(await rendersIn(swerveRender, 1000))
    if (baselined) baselineRuns.push(await rendersIn(baselineRender, 1000))
  }
  throughput[path] = summarize(swerveRuns).p50
  if (baselined) baseline[path] = summarize(baselineRuns).p50
}
process.stdout.write(JSON.stringify({ throughput, baseline }))
