/**
 * Prerenders every static route (and what they link to, with `crawl`) into
 * `.output/public/**\/index.html`, plus 200.html/404.html for the rest, so a
 * static host serves a real page on the first visit.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { copyFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ConsolaInstance } from 'consola'
import { FALLBACK_HEADER, indexFileOf, PRERENDER_HEADER } from '../runtime/shared/paths.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { createRouteRules, prerenderPathsOf } from '../runtime/shared/route-rules.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'
import type { ResolvedConfig } from './config.ts'
import type { AppScan } from './scan.ts'
import { pagePaths, toPageTree } from './page-tree.ts'
import { routeOverrides } from './page-meta.ts'

function linksOf(html: string, base: string): string[] {
  const links: string[] = []
  for (const match of html.matchAll(/<a\s[^>]*href="([^"#?]+)[^"]*"/g)) {
    const href = match[1]
    if (href.startsWith(base) && !href.startsWith('//')) links.push(href)
  }
  return links
}

function fileFor(publicDir: string, base: string, path: string): string {
  const relative = decodeURIComponent(path.slice(base.length)).replace(/\/$/, '')
  return join(publicDir, relative, 'index.html')
}

/** Pages without params, at their paths in the nested tree (a `definePageMeta` path included). */
function staticPagePaths(scan: AppScan): string[] {
  const tree = toPageTree(scan.pages, page => routeOverrides(join(scan.root, page.file)))
  return pagePaths(tree).filter(page => page.static).map(page => page.path)
}

/** The paths prerendering starts from: static pages (`/` for an app.vue-only app), `prerender.routes`, and exact `prerender: true` rules. */
export function prerenderQueue(config: ResolvedConfig, scan: AppScan): string[] {
  const base = config.base
  const paths = [
    ...staticPagePaths(scan),
    // An app with app.vue alone answers every path: its home is a page too.
    ...(!scan.pages.length && scan.appVue ? ['/'] : []),
    ...config.prerender.routes,
    ...prerenderPathsOf(config.routeRules),
  ]
  return [...new Set(paths.map(path => base + path.replace(/^\//, '')))]
}

/**
 * The `prerender: true` pages of the queue, as precache entries (`about/index.html`):
 * the worker answers them from the precache. Their revision is the build's, as the
 * HTML names the build's files.
 */
export function prerenderedPageEntries(config: ResolvedConfig, scan: AppScan): PrecacheEntry[] {
  const rulesFor = createRouteRules(config.routeRules, config.base)
  return prerenderQueue(config, scan)
    .filter(path => rulesFor(path).prerender === true)
    .map(path => ({ url: indexFileOf(path).slice(config.base.length), revision: config.buildId }))
}

export async function prerender(config: ResolvedConfig, scan: AppScan, publicDir: string, appFile: string, log?: ConsolaInstance): Promise<string[]> {
  // A file of its own: a process that builds twice must get this build's module, and
  // a query string (?t=) is not enough for every ESM loader.
  const file = appFile.replace(/\.mjs$/, `.prerender-${Date.now()}.mjs`)
  await copyFile(appFile, file)
  let server: SwerveServer
  try {
    // Memory storage: a visitor's data lives in their browser, not in the prerendered pages.
    server = (await import(pathToFileURL(file).href)).createApp({ storage: 'memory' })
  } finally {
    await rm(file, { force: true })
  }
  const origin = 'http://localhost'
  const base = config.base
  const queue = prerenderQueue(config, scan)
  const rulesFor = createRouteRules(config.routeRules, base)
  const seen = new Set<string>()
  const done: string[] = []
  const fetchPage = (path: string, headers: Record<string, string> = {}) =>
    server.fetch(new Request(origin + path, { headers: { accept: 'text/html', [PRERENDER_HEADER]: '1', ...headers } }))

  /** Renders one path and writes its file; crawled links join the queue. */
  async function prerenderPath(path: string) {
    const response = await fetchPage(path)
    const html = await response.text()
    // A page whose data failed (an API unreachable at build time) is not written: the first visit would get the failure.
    const failures: string[] = JSON.parse(response.headers.get(PRERENDER_HEADER) ?? '[]')
    if (response.status !== 200 || failures.length || !response.headers.get('content-type')?.includes('text/html')) {
      const why = failures.length ? failures.join('; ') : `${response.status} ${response.headers.get('content-type') ?? ''}`.trim()
      // The worker's precache lists `prerender: true` pages: one missing would fail its install.
      if (rulesFor(path).prerender === true) throw new Error(`routeRules: ${path} is \`prerender: true\` but failed when prerendered: ${why}`)
      if (response.status >= 500 || failures.length || config.prerender.routes.includes(path)) log?.warn(`Prerender ${path} skipped (rendered on request instead): ${why}`)
      return
    }
    const file = fileFor(publicDir, base, path)
    // Written synchronously: about 35 µs a page, where fs/promises spends about 0.3 ms of CPU on
    // each file's open, write and close (docs/performance.md).
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, html)
    done.push(path)
    if (config.prerender.crawl) queue.push(...linksOf(html, base).filter(link => !seen.has(link)))
  }

  // `prerender.concurrency` paths at once: one renders while another waits for its data. The first
  // failure stops new work, and the build fails once the paths under way have settled.
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | undefined
  // A large app prerenders for a while: say how far it got, every two seconds.
  let reported = performance.now()
  while (!failure && (queue.length || running.size)) {
    if (!queue.length || running.size >= config.prerender.concurrency) {
      await Promise.race(running)
      continue
    }
    if (performance.now() - reported > 2000) {
      reported = performance.now()
      log?.info(`Prerendering: ${done.length} pages written, ${queue.length} queued`)
    }
    const path = queue.shift()!
    if (seen.has(path)) continue
    seen.add(path)
    const task: Promise<void> = prerenderPath(path).catch((error) => { failure ??= { error } }).finally(() => running.delete(task))
    running.add(task)
  }
  await Promise.all(running)
  if (failure) throw failure.error

  const fallback = await fetchPage(`${base}__swerve_fallback__`, { [FALLBACK_HEADER]: '1' })
  const fallbackHtml = await fallback.text()
  await writeFile(join(publicDir, '404.html'), fallbackHtml)
  await writeFile(join(publicDir, '200.html'), fallbackHtml)
  const shown = done.length > 8 ? `${done.slice(0, 8).join(', ')} and ${done.length - 8} more` : done.join(', ')
  log?.success(`Prerendered ${done.length} pages: ${shown}`)
  return done
}
