/**
 * A revisit of a rendered page (docs/worker.md#render-cache): the demo built with the render
 * cache on, each rendered page visited until its render is kept, then visited again with the
 * worker running (warm) and after ServiceWorker.stopAllWorkers (cold), taking turns with the
 * floor answering the same HTML from Cache Storage. Every revisit must come from the render
 * cache (`x-swerve-cache: hit`), else the bench fails: a render would be measured instead.
 * `npm run bench` runs it; alone: `node --import tsx bench/revisit.ts` (BENCH_ROUNDS, BENCH_COLD_ROUNDS).
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { copyOf } from '../test/helpers.ts'
import { openBench, partP50, type BenchBrowser, type BootParts } from './browser.ts'
import { ms, ratio, summarize } from './stats.ts'

/** The demo's rendered pages, as bench/run.ts names them. */
export const REVISITED = [
  { name: '[id] (/notes/welcome, useFetch)', path: 'notes/welcome' },
  { name: 'data (/, useAsyncData + $fetch)', path: '' },
] as const

export interface RevisitRow {
  name: string
  warm: { swerve: number[], floor: number[] }
  cold: { swerve: number[], floor: number[] }
  /** Inside swerve's worker, and the floor's, on each cold revisit. */
  coldParts: BootParts[]
  floorParts: BootParts[]
}

/** A revisit of `path`, failing unless the render cache answered it. */
async function revisit(bench: BenchBrowser, path: string, start: (path: string) => Promise<number>): Promise<number> {
  const took = await start(path)
  const cache = bench.lastCache()
  if (cache !== 'hit') throw new Error(`the revisit of /${path} was not answered from the render cache (x-swerve-cache: ${cache ?? 'none'}): the revisit rows would measure a render`)
  return took
}

/** Visits `path` until the worker answers it from its render cache (a render is kept just after it answers). */
async function untilKept(bench: BenchBrowser, path: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await bench.navigate(path)
    if (bench.lastCache() === 'hit') return
  }
  throw new Error(`/${path} was never answered from the render cache after 10 visits`)
}

export async function benchRevisit(log: (line: string) => void, rounds: number, coldRounds: number): Promise<RevisitRow[]> {
  log(`Revisits of rendered pages, render cache on: ${rounds} warm and ${coldRounds} cold per page, against the floor…`)
  const app = copyOf('demo')
  try {
    const result = await app.build({ timings: true })
    // The floor keeps each page as the Node app renders it: the same HTML the worker keeps.
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const server = createApp({ storage: 'memory' })
    const floorPages = Object.fromEntries(REVISITED.map(p => [`/floor/${p.path}`, `/rendered/${p.path}`]))
    const bench = await openBench(join(result.config.outDir, 'public'), floorPages, request => server.fetch(request))
    const rows: RevisitRow[] = REVISITED.map(({ name }) => ({ name, warm: { swerve: [], floor: [] }, cold: { swerve: [], floor: [] }, coldParts: [], floorParts: [] }))
    try {
      for (const { path } of REVISITED) {
        await untilKept(bench, path)
        for (let i = 0; i < 5; i++) { await revisit(bench, path, bench.navigate); await bench.navigate(`floor/${path}`) }
      }
      for (let i = 0; i < rounds; i++) {
        for (const [j, { path }] of REVISITED.entries()) {
          rows[j]!.warm.swerve.push(await revisit(bench, path, bench.navigate))
          rows[j]!.warm.floor.push(await bench.navigate(`floor/${path}`))
        }
      }
      for (let i = 0; i < coldRounds; i++) {
        for (const [j, { path }] of REVISITED.entries()) {
          rows[j]!.cold.swerve.push(await revisit(bench, path, bench.coldStart))
          const boot = await bench.boot()
          if (boot) rows[j]!.coldParts.push(boot)
          rows[j]!.cold.floor.push(await bench.coldStart(`floor/${path}`))
          const floorBoot = await bench.boot()
          if (floorBoot) rows[j]!.floorParts.push(floorBoot)
        }
      }
    } finally {
      await bench.close()
      await server.close?.()
    }
    return rows
  } finally {
    app.remove()
  }
}

/** The targets: each revisit, warm and cold, within 1.1× the floor's p50 in the same rounds. */
export function revisitTargets(rows: RevisitRow[]): { name: string, met: boolean, value: string }[] {
  return rows.flatMap(row => (['warm', 'cold'] as const).map((kind) => {
    const swerve = summarize(row[kind].swerve).p50
    const floor = summarize(row[kind].floor).p50
    return { name: `a revisit of a rendered page (${kind}) ${row.name}, from the render cache, p50 ≤ 1.1× floor`, met: swerve <= 1.1 * floor, value: ratio(swerve, floor) }
  }))
}

/** The rows as a table, and where a cold revisit's time went inside the worker. */
export function revisitLines(rows: RevisitRow[]): string[] {
  const lines = ['| revisit, from the render cache | swerve p50 | swerve p95 | floor p50 | floor p95 | p50 ratio |', '| --- | --- | --- | --- | --- | --- |']
  for (const row of rows) {
    for (const kind of ['warm', 'cold'] as const) {
      const swerve = summarize(row[kind].swerve)
      const floor = summarize(row[kind].floor)
      lines.push(`| ${row.name}, ${kind} (n=${swerve.n}) | ${ms(swerve.p50)} | ${ms(swerve.p95)} | ${ms(floor.p50)} | ${ms(floor.p95)} | ${ratio(swerve.p50, floor.p50)} |`)
    }
  }
  const parts = rows.flatMap(row => row.coldParts)
  const floor = rows.flatMap(row => row.floorParts)
  const before = parts.filter(p => p.imported !== undefined && p.imported < p.answered).length
  lines.push('', `inside swerve's worker on a cold revisit (p50, ms from the worker's start): script evaluated ${ms(partP50(parts, 'evaluated'))}, request arrived ${ms(partP50(parts, 'fetch'))}, answered ${ms(partP50(parts, 'answered'))} later (kept page found ${ms(partP50(parts, 'found'))} after the request, its inputs checked ${ms(partP50(parts, 'checked'))} after that; the pipeline imported before the answer in ${before} of ${parts.length})`)
  lines.push(`inside the floor's worker: script evaluated ${ms(partP50(floor, 'evaluated'))}, request arrived ${ms(partP50(floor, 'fetch'))}, answered ${ms(partP50(floor, 'answered'))} later`)
  return lines
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await benchRevisit(console.log, Number(process.env.BENCH_ROUNDS ?? 60), Number(process.env.BENCH_COLD_ROUNDS ?? 30))
  for (const line of revisitLines(rows)) console.log(line)
  for (const t of revisitTargets(rows)) console.log(`| ${t.name} | ${t.value} | ${t.met ? 'met' : 'NOT MET'} |`)
  process.exit(0)
}
