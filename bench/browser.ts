/**
 * The bench's browser side: a static host for a built app, swerve's worker at `/`
 * and the floor's worker at `/floor/` (a worker handing back HTML already in Cache
 * Storage), warm navigations and cold starts of either.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from '@playwright/test'
import { createHandler, listen, type FetchHandler } from '../presets/node/serve.ts'
import { chromiumLaunchOptions } from '../test/chromium.ts'
import { summarize } from './stats.ts'

/** Serves `fetch` (or the static files of `publicDir`) on a free port of 127.0.0.1. */
export async function serve(options: { publicDir?: string, fetch?: FetchHandler, intercept?: (request: Request) => Response | undefined | Promise<Response | undefined> }) {
  const server = await listen(createHandler({ base: '/', ...options }))
  return { url: `${server.origin}/`, stop: () => server.close() }
}

/** Where a worker's cold start went, as the worker measured it (ms from its start); SWERVE_BOOT. */
export interface Boot { evaluated: number, firstFetch?: number, firstResponse?: number, pipelineImported?: number, pipelineCreated?: number }

/**
 * A cold start in parts (ms): the script evaluated and the request arrived (from the
 * worker's start), the answer after the request, and on a rendered page the pipeline
 * imported after the request, created after that, and the page answered after that.
 */
export interface BootParts { evaluated: number, fetch: number, answered: number, imported?: number, created?: number, rendered?: number }

/** `boot` in parts; undefined when the worker answered no request since it started. */
export function bootParts(boot: Boot): BootParts | undefined {
  const { evaluated, firstFetch, firstResponse, pipelineImported, pipelineCreated } = boot
  if (firstFetch === undefined || firstResponse === undefined) return undefined
  const parts: BootParts = { evaluated, fetch: firstFetch, answered: firstResponse - firstFetch }
  if (pipelineImported === undefined || pipelineCreated === undefined) return parts
  return { ...parts, imported: pipelineImported - firstFetch, created: pipelineCreated - pipelineImported, rendered: firstResponse - pipelineCreated }
}

/** The median of one part over the starts that have it (NaN when none has). */
export function partP50(parts: BootParts[], part: keyof BootParts): number {
  const values = parts.flatMap(p => p[part] ?? [])
  return values.length ? summarize(values).p50 : Number.NaN
}

export interface BenchBrowser {
  url: string
  /** Time for the document itself: navigation start to the response's last byte. */
  navigate: (path: string) => Promise<number>
  /** The same, after every worker was stopped: the worker starts for this navigation. */
  coldStart: (path: string) => Promise<number>
  /** What the worker controlling the page measured of its start, in parts. */
  boot: () => Promise<BootParts | undefined>
  /** Server-Timing of every navigation so far (swerve's `ssr`). */
  timings: Record<string, number>[]
  close: () => Promise<void>
}

/**
 * Opens Chromium on a static host of `publicDir` with both workers installed. The floor
 * caches `floorPages` (its path → the path whose HTML it keeps), fetched from the host
 * (or from `render`, for pages the host has no file of).
 */
export async function openBench(publicDir: string, floorPages: Record<string, string>, render?: FetchHandler): Promise<BenchBrowser> {
  const floorScript = `self.FLOOR_PAGES = ${JSON.stringify(floorPages)};\n${readFileSync(fileURLToPath(new URL('./floor-sw.js', import.meta.url)), 'utf8')}`
  const host = await serve({
    publicDir,
    intercept(request) {
      const { pathname } = new URL(request.url)
      if (pathname === '/floor/sw.js') return new Response(floorScript, { headers: { 'content-type': 'text/javascript', 'cache-control': 'no-cache' } })
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
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/floor/sw.js', { scope: '/floor/' })
    await new Promise<void>((resolve) => {
      const worker = registration.installing ?? registration.waiting ?? registration.active!
      if (worker.state === 'activated') return resolve()
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve())
    })
  })

  const timings: Record<string, number>[] = []
  const navigate = async (path: string) => navigateTo(page, host.url + path, timings)
  return {
    url: host.url,
    navigate,
    timings,
    async coldStart(path) {
      await page.goto('about:blank')
      await cdp.send('ServiceWorker.stopAllWorkers')
      return navigate(path)
    },
    boot: async () => bootParts(await page.evaluate(() => new Promise<Boot>((resolve) => {
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

async function navigateTo(page: Page, url: string, timings: Record<string, number>[]): Promise<number> {
  await page.goto(url)
  const { total, serverTiming } = await page.evaluate(() => {
    const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    return { total: entry.responseEnd - entry.startTime, serverTiming: Object.fromEntries(entry.serverTiming.map(t => [t.name, t.duration])) }
  })
  timings.push(serverTiming)
  return total
}
