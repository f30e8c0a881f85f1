/**
 * `npm run bench`: the numbers users feel, in one run on this machine, against
 * the physical floor (a worker returning prerendered HTML from Cache Storage).
 * Prints a report and writes bench/results/latest.{json,md}.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync, brotliCompressSync } from 'node:zlib'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { copyOf } from '../test/helpers.ts'
import { openBench, partP50, serve, type BootParts, type ScriptStart } from './browser.ts'
import { benchScale, SCALES } from './scale.ts'
import { libraryFloor } from './library-floor.ts'
import { benchRevisit, revisitLines, revisitTargets } from './revisit.ts'
import { kb, ms, ratio, summarize, type Summary } from './stats.ts'
import { benchSync } from './sync.ts'
import { benchSyncScale, type SyncScaleRow } from './sync-scale.ts'
import { benchSyncDevices } from './sync-devices.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60)
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 30)
const demo = fileURLToPath(new URL('../demo', import.meta.url))
const results = fileURLToPath(new URL('./results', import.meta.url))
/**
 * `kind`: how the worker answers — `prerender` and `swr` without rendering (routeRules).
 * `baselined`: bench/baseline.ts has the page, for Node's renders per second.
 */
const PAGES = [
  { name: 'prerender (/about)', path: 'about', kind: 'prerender', baselined: true },
  { name: 'swr (/kept: /about as swr: 3600)', path: 'kept', kind: 'swr', baselined: false },
  { name: '[id] (/notes/welcome, useFetch)', path: 'notes/welcome', kind: 'render', baselined: true },
  { name: 'data (/, useAsyncData + $fetch)', path: '', kind: 'render', baselined: true },
] as const
const log = (line = '') => console.log(line)
/** Cold starts traced for V8's code cache (a trace slows the start it records: these are not timed). */
const TRACED_STARTS = 3

/** Each worker script's figures, p50 over the traced starts (by file name: the host and the pipeline). */
function scriptStartsP50(runs: ScriptStart[][]) {
  const names = [...new Set(runs.flat().map(s => new URL(s.url).pathname.slice(1)))]
  return names.map((name) => {
    const starts = runs.flat().filter(s => new URL(s.url).pathname.slice(1) === name)
    const p50 = (field: 'body' | 'codeCache' | 'consumed' | 'waited' | 'compile' | 'run') => summarize(starts.map(s => s[field])).p50
    return { name, body: p50('body'), codeCache: p50('codeCache'), consumed: p50('consumed'), rejected: starts.some(s => s.rejected), waited: p50('waited'), compile: p50('compile'), run: p50('run') }
  })
}

function sizes(file: string) {
  const data = readFileSync(file)
  return { raw: data.length, gzip: gzipSync(data, { level: 9 }).length, brotli: brotliCompressSync(data).length }
}

async function main() {
  log('Building the demo (with /kept, a copy of /about under swr: 3600)…')
  const app = copyOf('demo')
  writeFileSync(join(app.root, 'app/pages/kept.vue'), readFileSync(join(demo, 'app/pages/about.vue')))
  app.edit('swerve.config.ts', "'/about': { prerender: true },", "'/about': { prerender: true },\n    '/kept': { swr: 3600 },")
  // The rows measure first renders: the render cache (docs/worker.md#render-cache) would answer
  // revisits (bench/revisit.ts measures those, in an app of its own with the cache on).
  app.edit('swerve.config.ts', '  routeRules: {', '  sw: { renderCache: false },\n  routeRules: {')
  const started = performance.now()
  // A `timings` build: its worker says where its start went (SWERVE_BOOT).
  const result = await app.build({ timings: true })
  const buildMs = performance.now() - started
  const publicDir = join(result.config.outDir, 'public')

  // A third worker renders a small page with the libraries alone (bench/library-floor.ts), taking turns with the others.
  const floorOfLibraries = await libraryFloor()
  const bench = await openBench(publicDir, Object.fromEntries(PAGES.map(p => [`/floor/${p.path}`, `/${p.path}`])), undefined, floorOfLibraries.worker)
  const library = { warm: [] as number[], cold: [] as number[] }
  const timings = bench.timings

  log(`Warm navigations: ${ROUNDS} per page, swerve and floor interleaved…`)
  const warm: Record<string, { swerve: number[], floor: number[] }> = {}
  for (const { path } of PAGES) {
    warm[path] = { swerve: [], floor: [] }
    for (let i = 0; i < 5; i++) { await bench.navigate(path); await bench.navigate(`floor/${path}`) }
  }
  for (let i = 0; i < 5; i++) await bench.navigate('library/')
  for (let i = 0; i < ROUNDS; i++) {
    for (const { path } of PAGES) {
      warm[path].swerve.push(await bench.navigate(path))
      warm[path].floor.push(await bench.navigate(`floor/${path}`))
    }
    library.warm.push(await bench.navigate('library/'))
  }

  log(`Cold starts: ${COLD_ROUNDS} per page, after ServiceWorker.stopAllWorkers…`)
  const cold: Record<string, { swerve: number[], floor: number[] }> = {}
  /** Where each worker's start-up went, as the worker itself measured it. */
  const coldParts: Record<'swerve' | 'floor', BootParts[]> = { swerve: [], floor: [] }
  const noteBoot = async (parts: BootParts[]) => {
    const boot = await bench.boot()
    if (boot) parts.push(boot)
  }
  for (const { path } of PAGES) cold[path] = { swerve: [], floor: [] }
  for (let i = 0; i < COLD_ROUNDS; i++) {
    for (const { path } of PAGES) {
      cold[path].swerve.push(await bench.coldStart(path))
      await noteBoot(coldParts.swerve)
      cold[path].floor.push(await bench.coldStart(`floor/${path}`))
      await noteBoot(coldParts.floor)
    }
    library.cold.push(await bench.coldStart('library/'))
  }
  const traced = PAGES.find(p => p.kind === 'render')!
  log(`V8's code cache: ${TRACED_STARTS} cold starts of ${traced.name} traced by Chromium…`)
  const scriptRuns: ScriptStart[][] = []
  for (let i = 0; i < TRACED_STARTS; i++) scriptRuns.push(await bench.traceColdStart(traced.path))
  await bench.close()

  const revisits = await benchRevisit(log, ROUNDS, COLD_ROUNDS)

  log('Node server over loopback, and SSR throughput in Node…')
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const server = createApp({ storage: 'memory' })
  const nodeHost = await serve({ fetch: request => server.fetch(request) })
  const node: Record<string, number[]> = {}
  for (const { path } of PAGES) {
    node[path] = []
    for (let i = 0; i < 5; i++) await (await fetch(nodeHost.url + path, { headers: { accept: 'text/html' } })).text()
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now()
      await (await fetch(nodeHost.url + path, { headers: { accept: 'text/html' } })).text()
      node[path].push(performance.now() - start)
    }
  }
  await nodeHost.stop()
  // Renders per second in-process, swerve and the hand-written baseline taking turns, in a production Node process.
  const { throughput, baseline } = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./throughput.ts', import.meta.url)), result.serverDir, JSON.stringify(PAGES)], {
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })) as { throughput: Record<string, number>, baseline: Record<string, number> }

  log('Listing 10,000 notes on Node, on files…')
  const dataDir = mkdtempSync(join(tmpdir(), 'swerve-bench-notes-'))
  mkdirSync(join(dataDir, 'notes'))
  const at = new Date(0).toISOString()
  for (let i = 0; i < 10_000; i++) writeFileSync(join(dataDir, 'notes', `n${i}`), JSON.stringify({ id: `n${i}`, title: `Note ${i}`, body: 'x'.repeat(200), createdAt: at, updatedAt: at }))
  const onFiles = createApp({ dataDir })
  const listMs: number[] = []
  for (let i = 0; i < 5; i++) {
    const start = performance.now()
    const notes = await (await onFiles.fetch(new Request('http://localhost/api/notes', { headers: { accept: 'application/json' } }))).json()
    listMs.push(performance.now() - start)
    if (notes.length !== 10_001) throw new Error(`listed ${notes.length} notes, not 10,001`)
  }
  const list10k = summarize(listMs)
  rmSync(dataDir, { recursive: true, force: true })

  log('Dev server: ready time and one-file rebuilds, as `swerve dev` runs (dist/, no tsx)…')
  const copy = copyOf('demo')
  const devFigures = JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('./dev.mjs', import.meta.url)), copy.root], { encoding: 'utf8' })) as { firstReadyMs: number, readyMs: number, rebuilds: number[] }
  const devFirstReady = devFigures.firstReadyMs
  const devReady = devFigures.readyMs
  const rebuilds = summarize(devFigures.rebuilds)
  copy.remove()

  // The package: the CLI's start (against a bare `node`) and the tarball (`npm run bench` builds dist/ first).
  log('Package: swerve --help, tarball…')
  const startOf = (args: string[]) => summarize(Array.from({ length: 15 }, () => {
    const start = performance.now()
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' })
    if (child.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${child.stderr}`)
    return performance.now() - start
  }))
  const cliHelp = startOf([fileURLToPath(new URL('../dist/build/cli.mjs', import.meta.url)), '--help'])
  const bareNode = startOf(['-e', ''])
  const [tarball] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' })) as { size: number, unpackedSize: number, entryCount: number }[]

  const sync = await benchSync(log)
  const syncScale = await benchSyncScale(log)
  const devices = await benchSyncDevices(log)
  const scale = await benchScale(log, Math.max(10, Math.round(COLD_ROUNDS / 2)))

  // Sizes: the worker, and the client's initial JS (the entry and the chunks it imports statically).
  // The worker is its host (sw.js) and the pipeline it imports (sw-pipeline.js): the target counts both.
  const hostSize = sizes(join(publicDir, 'sw.js'))
  const pipelineSize = sizes(join(publicDir, 'sw-pipeline.js'))
  const swSize = { raw: hostSize.raw + pipelineSize.raw, gzip: hostSize.gzip + pipelineSize.gzip, brotli: hostSize.brotli + pipelineSize.brotli }
  const assetsDir = join(publicDir, '_swerve')
  const entryFile = readdirSync(assetsDir).find(f => /^entry-\w+\.js$/.test(f))!
  const initial = [join(assetsDir, entryFile), ...[...readFileSync(join(assetsDir, entryFile), 'utf8').matchAll(/from"\.\/(chunks\/[\w-]+\.js)"/g)].map(m => join(assetsDir, m[1]))]
  const clientSize = sizes(initial[0])
  const clientInitial = initial.map(sizes).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }))
  const floorSizes = floorOfLibraries.sizes

  app.remove()

  // Report.
  const warmRows = PAGES.map(({ name, path }) => ({ name, swerve: summarize(warm[path].swerve), floor: summarize(warm[path].floor) }))
  const coldRows = PAGES.map(({ name, path }) => ({ name, swerve: summarize(cold[path].swerve), floor: summarize(cold[path].floor) }))
  /** Every page of `kinds`, pooled. */
  const pooled = (runs: typeof warm, kinds: string[] = ['prerender', 'swr', 'render']) => {
    const paths = PAGES.filter(p => kinds.includes(p.kind)).map(p => p.path)
    return { swerve: summarize(paths.flatMap(p => runs[p].swerve)), floor: summarize(paths.flatMap(p => runs[p].floor)) }
  }
  const warmAll = pooled(warm)
  const coldAll = pooled(cold)
  const coldOf = (kind: string) => pooled(cold, [kind])
  const coldPrerender = coldOf('prerender')
  const coldSwr = coldOf('swr')
  // The libraries alone (bench/library-floor.ts), against the floor's answers of the rendered pages in the same rounds.
  const libraryWarm = ratio(summarize(library.warm).p50, pooled(warm, ['render']).floor.p50)
  const libraryColdP50 = summarize(library.cold).p50
  const libraryCold = ratio(libraryColdP50, pooled(cold, ['render']).floor.p50)
  const besideLibrary = (target: { name: string, met: boolean, value: string }, libraryRatio: string) => ({ ...target, value: `${target.value} (a page rendered by the libraries alone: ${libraryRatio})` })
  const within = (name: string, value: number, floor: number, limit: number) => ({ name, met: value <= limit * floor, value: ratio(value, floor) })
  const [small, , large] = scale
  const perPage = (row: typeof scale[number]) => row.buildMs / row.pages
  const targets = [
    ...warmRows.map(row => within(`warm navigation ${row.name} p50 ≤ 1.1× floor`, row.swerve.p50, row.floor.p50, 1.1)),
    // A rendered page's cold start against the libraries alone rendering theirs, in the same rounds.
    ...coldRows.filter(row => PAGES.find(p => p.name === row.name)!.kind === 'render')
      .map(row => besideLibrary(within(`cold start ${row.name} p50 ≤ 1.15× the libraries alone`, row.swerve.p50, libraryColdP50, 1.15), libraryCold)),
    ...revisitTargets(revisits),
    within('cold start, prerender page, p50 ≤ 1.1× floor', coldPrerender.swerve.p50, coldPrerender.floor.p50, 1.1),
    within('cold start, swr page, p50 ≤ 1.1× floor', coldSwr.swerve.p50, coldSwr.floor.p50, 1.1),
    { name: 'swerve\'s own worker code (sw.js + sw-pipeline.js over the libraries alone) ≤ 20 KB gzip', met: swSize.gzip - floorSizes.worker <= 20 * 1024, value: `+${kb(swSize.gzip - floorSizes.worker)} (${kb(swSize.gzip)} against ${kb(floorSizes.worker)})` },
    { name: 'swerve\'s own client code (initial JS over the libraries alone) ≤ 8 KB gzip', met: clientInitial.gzip - floorSizes.client <= 8 * 1024, value: `+${kb(clientInitial.gzip - floorSizes.client)} (${kb(clientInitial.gzip)} against ${kb(floorSizes.client)})` },
    within(`scale: cold start of ${large.pages} pages within 1.3× of ${small.pages} pages`, large.coldP50, small.coldP50, 1.3),
    { name: `scale: ${large.pages}-page build ≤ 10 s`, met: large.buildMs <= 10_000, value: ms(large.buildMs) },
    { name: `scale: build time per page at ${large.pages} pages ≤ at ${scale[1].pages} (no worse than linear)`, met: perPage(large) <= perPage(scale[1]), value: `${ms(perPage(large))} vs ${ms(perPage(scale[1]))}` },
    ...PAGES.filter(p => p.baselined).map(({ name, path }) => ({ name: `Node SSR renders/s ${name} ≥ baseline / 1.2`, met: throughput[path] * 1.2 >= baseline[path], value: `${throughput[path]} vs ${baseline[path]} (${ratio(baseline[path], throughput[path])})` })),
    { name: 'dev rebuild (one file) p50 < 80 ms', met: rebuilds.p50 < 80, value: ms(rebuilds.p50) },
    { name: 'swerve dev ready < 500 ms (shared packages kept from a first start)', met: devReady < 500, value: ms(devReady) },
    { name: 'list 10k notes on Node (files) p50 < 1 s', met: list10k.p50 < 1000, value: ms(list10k.p50) },
    { name: 'demo build ≤ 2 s', met: buildMs <= 2000, value: ms(buildMs) },
    { name: '`swerve --help` p50 < 150 ms', met: cliHelp.p50 < 150, value: ms(cliHelp.p50) },
    ...syncScaleTargets(syncScale),
    { name: `sync: ${devices.devices.toLocaleString('en')} devices against 2 Node processes on one Redis for ${devices.seconds} s converge, 0 lost, 0 received twice`, met: devices.converged && devices.lost === 0 && devices.receivedTwice === 0, value: `${devices.converged ? 'converged' : 'did NOT converge'}, ${devices.lost} lost, ${devices.receivedTwice} received twice` },
  ]

  const lines: string[] = []
  const out = (line = '') => { lines.push(line); log(line) }
  out()
  out(`warm/floor p50: ${ratio(warmAll.swerve.p50, warmAll.floor.p50)}`)
  for (const row of warmRows) out(`warm/floor p50 ${row.name}: ${ratio(row.swerve.p50, row.floor.p50)}`)
  out(`cold/floor p50: ${ratio(coldAll.swerve.p50, coldAll.floor.p50)}`)
  for (const row of coldRows) out(`cold/floor p50 ${row.name}: ${ratio(row.swerve.p50, row.floor.p50)}`)
  out(`a page rendered by the libraries alone (bench/library-floor.ts: Vue SSR, vue-router, unhead and h3 in a worker, no storage), p50 against the floor's: warm ${libraryWarm}, cold ${libraryCold}`)
  out()
  const table = (title: string, rows: { name: string, swerve: Summary, floor: Summary }[]) => {
    out(`| ${title} | swerve p50 | swerve p95 | floor p50 | floor p95 | p50 ratio |`)
    out('| --- | --- | --- | --- | --- | --- |')
    for (const r of rows) out(`| ${r.name} | ${ms(r.swerve.p50)} | ${ms(r.swerve.p95)} | ${ms(r.floor.p50)} | ${ms(r.floor.p95)} | ${ratio(r.swerve.p50, r.floor.p50)} |`)
    out()
  }
  table(`warm navigation (n=${ROUNDS} each)`, warmRows)
  table(`cold start (n=${COLD_ROUNDS} each)`, coldRows)
  const warmPipeline = summarize(timings.filter(t => t.ssr !== undefined).map(t => t.ssr))
  const scripts = scriptStartsP50(scriptRuns)
  for (const [name, parts] of Object.entries(coldParts)) {
    if (!parts.length) continue
    const rendered = parts.some(p => p.imported !== undefined) ? ` (on rendered pages: pipeline imported ${ms(partP50(parts, 'imported'))} after the request, created ${ms(partP50(parts, 'created'))} after that)` : ''
    out(`inside ${name === 'swerve' ? "swerve's" : "the floor's"} worker on a cold start (p50 over every page, ms from the worker's start): script evaluated ${ms(partP50(parts, 'evaluated'))}, request arrived ${ms(partP50(parts, 'fetch'))}, answered ${ms(partP50(parts, 'answered'))} later${rendered}`)
  }
  out(`(a warm render in swerve's worker takes ${ms(warmPipeline.p50)})`)
  out()
  for (const line of revisitLines(revisits)) out(line)
  out()
  out(`V8's code cache on a cold start of ${traced.name} (p50 of ${TRACED_STARTS} starts traced by Chromium):`)
  out()
  if (!scripts.length) {
    // Not an empty table: the events scriptStarts (bench/browser.ts) reads were not in the trace.
    out("No worker script found in Chromium's traces: this Chromium may name the events scriptStarts (bench/browser.ts) reads differently.")
  } else {
    out('| script | size | code cache sent with it | taken by V8 | worker waited for its bytes | compile (deserialize) | run the top level |')
    out('| --- | --- | --- | --- | --- | --- | --- |')
    for (const script of scripts) out(`| ${script.name} | ${kb(script.body)} | ${kb(script.codeCache)} | ${script.rejected ? 'rejected' : kb(script.consumed)} | ${ms(script.waited)} | ${ms(script.compile)} | ${ms(script.run)} |`)
  }
  out()
  out('| page | Node over loopback p50 | p95 | SSR renders/s in Node | baseline renders/s (h3 + vue-router + @vue/server-renderer) |')
  out('| --- | --- | --- | --- | --- |')
  for (const { name, path } of PAGES) { const s = summarize(node[path]); out(`| ${name} | ${ms(s.p50)} | ${ms(s.p95)} | ${throughput[path]} | ${baseline[path] ?? '–'} |`) }
  out()
  out('| file | raw | gzip | brotli |')
  out('| --- | --- | --- | --- |')
  out(`| sw.js (the host, evaluated on every start) | ${kb(hostSize.raw)} | ${kb(hostSize.gzip)} | ${kb(hostSize.brotli)} |`)
  out(`| sw-pipeline.js (imported when a request needs it) | ${kb(pipelineSize.raw)} | ${kb(pipelineSize.gzip)} | ${kb(pipelineSize.brotli)} |`)
  out(`| client entry (${entryFile}) | ${kb(clientSize.raw)} | ${kb(clientSize.gzip)} | ${kb(clientSize.brotli)} |`)
  out(`| client initial JS (entry + ${initial.length - 1} chunks) | ${kb(clientInitial.raw)} | ${kb(clientInitial.gzip)} | ${kb(clientInitial.brotli)} |`)
  out()
  out(`The libraries alone (bench/library-floor.ts), gzip: a page that hydrates with Vue, vue-router, unhead, devalue and hookable ${kb(floorSizes.client)}; a worker that renders with those, @vue/server-renderer and h3 ${kb(floorSizes.worker)}.`)
  out(`swerve's own code over them, gzip: the worker +${kb(swSize.gzip - floorSizes.worker)}, the page's initial JS +${kb(clientInitial.gzip - floorSizes.client)}.`)
  out()
  out(`GET /api/notes with 10,000 notes on files (Node): p50 ${ms(list10k.p50)}, p95 ${ms(list10k.p95)} (n=${list10k.n})`)
  out()
  out(`demo build: ${ms(buildMs)} · dev ready: ${ms(devReady)} (a first start, bundling Vue and the other shared packages: ${ms(devFirstReady)}) · dev rebuild p50 ${ms(rebuilds.p50)}, p95 ${ms(rebuilds.p95)} (n=${rebuilds.n})`)
  out()
  out(`swerve --help: p50 ${ms(cliHelp.p50)}, p95 ${ms(cliHelp.p95)} (a bare \`node -e ''\` p50 ${ms(bareNode.p50)}: ${ratio(cliHelp.p50, bareNode.p50)}) · tarball ${kb(tarball!.size)} (${kb(tarball!.unpackedSize)} unpacked, ${tarball!.entryCount} files)`)
  out()
  out(`sync (a Node server on Redis): 1,000 changes written offline reach the origin ${ms(sync.deliver1000Ms)} after "sync now" · push ${Math.round(sync.pushPerSecond).toLocaleString('en')} changes/s (requests of 200) · pull ${Math.round(sync.pullPerSecond).toLocaleString('en')} changes/s (${sync.pulled.toLocaleString('en')} in pages of 1,000)`)
  out()
  out(`sync: ${devices.devices.toLocaleString('en')} devices, 2 Node processes on one Redis, ${devices.seconds} s: ${devices.pushesPerSecond.toFixed(0)} pushes/s and ${devices.pullsPerSecond.toFixed(0)} pulls/s, p50 ${ms(devices.p50)}, p99 ${ms(devices.p99)} · ${devices.converged ? 'every device converged' : 'devices did NOT converge'} · ${devices.lost} changes lost · ${devices.receivedTwice} received a second time (${devices.retried} requests sent again after a reset connection)`)
  out()
  out('| sync: backend | records in the base | pull, nothing new | pull after one change | push of 1,000 |')
  out('| --- | --- | --- | --- | --- |')
  for (const row of syncScale) out(`| ${row.backend} | ${row.records.toLocaleString('en')} | ${ms(row.pullIdleMs)} | ${ms(row.pullOneMs)} | ${ms(row.push1000Ms)} |`)
  out()
  out(`| scale (${SCALES.join(' / ')} pages) | API routes | build | ms per page | worker JS gzip (raw) | cold start p50 | floor cold p50 | cold/floor | in the worker: pipeline imported / created / page answered |`)
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const row of scale) out(`| ${row.pages} pages | ${row.apiRoutes} | ${ms(row.buildMs)} | ${ms(perPage(row))} | ${kb(row.workerGzip)} (${kb(row.workerRaw)}) | ${ms(row.coldP50)} | ${ms(row.floorColdP50)} | ${ratio(row.coldP50, row.floorColdP50)} | ${ms(row.pipelineImported)} / ${ms(row.pipelineCreated)} / ${ms(row.rendered)} |`)
  out()
  out('| target | value | |')
  out('| --- | --- | --- |')
  for (const t of targets) out(`| ${t.name} | ${t.value} | ${t.met ? 'met' : 'NOT MET'} |`)

  mkdirSync(results, { recursive: true })
  writeFileSync(join(results, 'latest.md'), `# swerve benchmark\n\n${new Date().toISOString()}, ${ROUNDS} warm rounds, ${COLD_ROUNDS} cold rounds.\n\n${lines.join('\n')}\n`)
  writeFileSync(join(results, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, coldRounds: COLD_ROUNDS, warm, cold, coldParts, revisits, scripts, node, throughput, baseline, scale, sizes: { sw: swSize, host: hostSize, pipeline: pipelineSize, entry: clientSize, initial: clientInitial, floor: floorSizes }, library, buildMs, dev: { readyMs: devReady, firstReadyMs: devFirstReady, rebuilds: devFigures.rebuilds }, package: { cliHelp, bareNode, tarball }, sync, syncScale, devices, targets }, null, 2))
  log(`\nWrote ${join('bench/results', 'latest.md')} and latest.json`)
}

/** Each sync cost at the largest base within 1.5× of its cost at the smallest, per backend. */
function syncScaleTargets(rows: SyncScaleRow[]): { name: string, met: boolean, value: string }[] {
  const backends = [...new Set(rows.map(row => row.backend))]
  return backends.flatMap((backend) => {
    const own = rows.filter(row => row.backend === backend)
    const [small, large] = [own[0], own.at(-1)]
    if (!small || !large || small === large) return []
    const at = (records: number) => records.toLocaleString('en')
    return (['pullIdleMs', 'pullOneMs', 'push1000Ms'] as const).map((field) => {
      const what = { pullIdleMs: 'a pull with nothing new', pullOneMs: 'a pull after one change', push1000Ms: 'a push of 1,000' }[field]
      return { name: `sync on ${backend}: ${what} at ${at(large.records)} records ≤ 1.5× its cost at ${at(small.records)}`, met: large[field] <= 1.5 * small[field], value: ratio(large[field], small[field]) }
    })
  })
}

main().then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
