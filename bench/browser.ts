/**
 * The bench's browser side: a static host for a built app, swerve's worker at `/`,
 * the floor's worker at `/floor/` (a worker handing back HTML already in Cache
 * Storage) and, if given, the libraries' own worker at `/library/`; warm navigations
 * and cold starts of any of them.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from '@playwright/test'
import { createHandler, listen, type FetchHandler } from '../presets/node/serve.ts'
import type { WorkerBoot } from '../sw/boot.ts'
import { chromiumLaunchOptions } from '../test/chromium.ts'
import { summarize } from './stats.ts'

/** Serves `fetch` (or the static files of `publicDir`) on a free port of 127.0.0.1. */
export async function serve(options: { publicDir?: string, fetch?: FetchHandler, intercept?: (request: Request) => Response | undefined | Promise<Response | undefined> }) {
  const server = await listen(createHandler({ base: '/', ...options }))
  return { url: `${server.origin}/`, stop: () => server.close() }
}

/**
 * A cold start in parts (ms): the script evaluated and the request arrived (from the
 * worker's start), the answer after the request, and on a rendered page the pipeline
 * imported after the request, created after that, and the page answered after that.
 */
export interface BootParts { evaluated: number, fetch: number, answered: number, imported?: number, created?: number, rendered?: number, found?: number, checked?: number }

/** `boot` in parts; undefined when the worker answered no request since it started. */
export function bootParts(boot: WorkerBoot): BootParts | undefined {
  const { evaluated, firstFetch, firstResponse, pipelineImported, pipelineCreated, renderFound, renderChecked } = boot
  if (firstFetch === undefined || firstResponse === undefined) return undefined
  const parts: BootParts = { evaluated, fetch: firstFetch, answered: firstResponse - firstFetch }
  // A navigation the render cache answered: its kept page found after the request, its inputs checked after that.
  if (renderFound !== undefined && renderChecked !== undefined && renderChecked <= firstResponse) Object.assign(parts, { found: renderFound - firstFetch, checked: renderChecked - renderFound })
  if (pipelineImported === undefined || pipelineCreated === undefined) return parts
  return { ...parts, imported: pipelineImported - firstFetch, created: pipelineCreated - pipelineImported, rendered: firstResponse - pipelineCreated }
}

/** The median of one part over the starts that have it (NaN when none has). */
export function partP50(parts: BootParts[], part: keyof BootParts): number {
  const values = parts.flatMap(p => p[part] ?? [])
  return values.length ? summarize(values).p50 : Number.NaN
}

/** One script of a worker's cold start, as Chromium's trace tells it (sizes in bytes, times in ms). */
export interface ScriptStart {
  url: string
  /** The script, and the V8 code cache the browser kept with it and sent along. */
  body: number
  codeCache: number
  /** The code cache V8 took (0 if none was there or it was rejected). */
  consumed: number
  rejected: boolean
  /** How long the worker's thread waited for the script's bytes from the browser. */
  waited: number
  /** Compiling (with a code cache: deserializing it) and running the top level. */
  compile: number
  run: number
}

/** Chromium's trace events (the fields read here). */
interface TraceEvent { name: string, ph: string, ts: number, dur?: number, pid: number, tid: number, args?: { data?: Record<string, unknown> } & Record<string, unknown> }

/**
 * The scripts of the first worker start in `events`: each one's bytes as the browser sent
 * them (ServiceWorkerInstalledScriptsSender) and what V8 did with them on the worker's thread.
 */
export function scriptStarts(events: TraceEvent[]): ScriptStart[] {
  const first = events.find(e => e.name === 'EvaluateScript' && String(e.args?.data?.url).endsWith('/sw.js'))
  if (!first) return []
  const onWorker = events.filter(e => e.pid === first.pid && e.tid === first.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts)
  const ms = (e?: TraceEvent) => (e?.dur ?? 0) / 1000
  const sent = new Map<string, { body: number, codeCache: number }>()
  let sending: string | undefined
  for (const e of events.filter(e => e.ph === 'I' && e.name.startsWith('ServiceWorkerInstalledScriptsSender::')).sort((a, b) => a.ts - b.ts)) {
    if (e.name.endsWith('StartSendingScript')) sending = String(e.args?.script_url)
    const started = e.args as { body_size?: number, meta_data_size?: number } | undefined
    if (e.name.endsWith('OnStarted') && sending && !sent.has(sending)) sent.set(sending, { body: started?.body_size ?? 0, codeCache: started?.meta_data_size ?? 0 })
  }
  return [...sent].map(([url, { body, codeCache }]) => {
    const evaluate = onWorker.find(e => e.name === 'EvaluateScript' && e.args?.data?.url === url)
    const within = (e: TraceEvent) => !!evaluate && e.ts >= evaluate.ts && e.ts <= evaluate.ts + (evaluate.dur ?? 0)
    const compile = onWorker.find(e => e.name === 'v8.compile' && e.args?.data?.url === url)
    const waited = onWorker.find(e => e.name === 'ServiceWorkerInstalledScriptsManager::GetScriptData' && JSON.stringify(e.args ?? {}).includes(url))
    return {
      url,
      body,
      codeCache,
      consumed: Number(compile?.args?.data?.consumedCacheSize ?? 0),
      rejected: compile?.args?.data?.cacheRejected === true,
      waited: ms(waited),
      compile: ms(compile),
      run: ms(onWorker.find(e => e.name === 'v8.run' && within(e))),
    }
  })
}

export interface BenchBrowser {
  url: string
  /** Time for the document itself: navigation start to the response's last byte. */
  navigate: (path: string) => Promise<number>
  /** The same, after every worker was stopped: the worker starts for this navigation. */
  coldStart: (path: string) => Promise<number>
  /** A cold start of `path` traced by Chromium: the worker's scripts and V8's code cache. */
  traceColdStart: (path: string) => Promise<ScriptStart[]>
  /** What the worker controlling the page measured of its start, in parts. */
  boot: () => Promise<BootParts | undefined>
  /** Server-Timing of every navigation so far (swerve's `ssr`). */
  timings: Record<string, number>[]
  /** The last navigation's `x-swerve-cache` header (the render cache's `hit`), if it had one. */
  lastCache: () => string | undefined
  close: () => Promise<void>
}

/**
 * Opens Chromium on a static host of `publicDir` with both workers installed. The floor
 * caches `floorPages` (its path → the path whose HTML it keeps), fetched from the host
 * (or from `render`, for pages the host has no file of). `libraryWorker`: a third worker's
 * script, installed at `/library/` (bench/library-floor.ts).
 */
export async function openBench(publicDir: string, floorPages: Record<string, string>, render?: FetchHandler, libraryWorker?: string): Promise<BenchBrowser> {
  const floorScript = `self.FLOOR_PAGES = ${JSON.stringify(floorPages)};\n${readFileSync(fileURLToPath(new URL('./floor-sw.js', import.meta.url)), 'utf8')}`
  const host = await serve({
    publicDir,
    intercept(request) {
      const { pathname } = new URL(request.url)
      if (pathname === '/floor/sw.js') return new Response(floorScript, { headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' } })
      if (libraryWorker && pathname === '/library/sw.js') return new Response(libraryWorker, { headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' } })
      if (render && pathname.startsWith('/rendered/')) return render(new Request(request.url.replace('/rendered/', '/'), { headers: { accept: 'text/html' } }))
      return undefined
    },
  })
  const browser = await chromium.launch(chromiumLaunchOptions)
  const context = await browser.newContext({ serviceWorkers: 'allow' })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('ServiceWorker.enable')

  await page.goto(host.url)
  await page.waitForFunction(() => !!navigator.serviceWorker.controller)
  for (const scope of libraryWorker ? ['/floor/', '/library/'] : ['/floor/']) {
    await page.evaluate(async (scope) => {
      const registration = await navigator.serviceWorker.register(`${scope}sw.js`, { scope })
      await new Promise<void>((resolve) => {
        const worker = registration.installing ?? registration.waiting ?? registration.active!
        if (worker.state === 'activated') return resolve()
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve())
      })
    }, scope)
  }

  const timings: Record<string, number>[] = []
  let lastCache: string | undefined
  const navigate = async (path: string) => {
    const { total, cache } = await navigateTo(page, host.url + path, timings)
    lastCache = cache
    return total
  }
  const stopWorkers = async () => {
    await page.goto('about:blank')
    await cdp.send('ServiceWorker.stopAllWorkers')
  }
  return {
    url: host.url,
    navigate,
    timings,
    lastCache: () => lastCache,
    async coldStart(path) {
      await stopWorkers()
      return navigate(path)
    },
    async traceColdStart(path) {
      await stopWorkers()
      await browser.startTracing(undefined, { categories: ['devtools.timeline', 'disabled-by-default-v8.compile', 'v8', 'ServiceWorker'] })
      await navigate(path)
      const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }
      return scriptStarts(traceEvents)
    },
    boot: async () => bootParts(await page.evaluate(() => new Promise<WorkerBoot>((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = message => resolve(message.data)
      navigator.serviceWorker.controller!.postMessage({ type: 'SWERVE_BOOT' }, [channel.port2])
    }))),
    async close() {
      await browser.close()
      await host.stop()
    },
  }
}

async function navigateTo(page: Page, url: string, timings: Record<string, number>[]): Promise<{ total: number, cache?: string }> {
  const response = await page.goto(url)
  const { total, serverTiming } = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    return { total: entry.responseEnd - entry.startTime, serverTiming: Object.fromEntries(entry.serverTiming.map(t => [t.name, t.duration])) }
  })
  timings.push(serverTiming)
  return { total, cache: response?.headers()['x-swerve-cache'] }
}
