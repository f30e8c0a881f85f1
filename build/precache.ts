/** The worker's precache manifest, from workbox-build: client assets and public files with revisions. */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Metafile } from 'esbuild'
import { HASHED_FILE } from '../runtime/shared/paths.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'
import type { ResolvedConfig } from './config.ts'
import type { AppScan } from './scan.ts'

const mentionsCookies = (file: string) => /cookie/i.test(readFileSync(file, 'utf8'))

/**
 * `sw.cookies: 'auto'`, a first guess from the app's entry files (routes,
 * middleware, plugins, pages). The worker's bundle settles it: see
 * `bundleReadsCookies`.
 */
export function usesCookies(config: ResolvedConfig, scan: AppScan): boolean {
  if (config.sw.cookies !== 'auto') return config.sw.cookies
  const files = [...scan.serverPlugins, ...scan.serverMiddleware, ...scan.serverRoutes.map(r => r.file), ...scan.plugins.map(p => p.file), ...scan.middleware.map(m => m.file), ...scan.pages.map(p => p.file)]
  return files.some(file => mentionsCookies(join(scan.root, file)))
}

/** swerve's `useCookie`, wherever the app calls it from (a library's composable too). */
const COOKIE_COMPOSABLE = /runtime\/app\/composables\/cookie\.(ts|mjs)$/

/**
 * Whether the bundle uses `useCookie`, or any of the app's own modules in it (utils, composables, anything imported) mentions cookies.
 * Only modules with code in the output count: `metafile.inputs` also lists what was tree-shaken away (the rest of a barrel).
 */
export function bundleReadsCookies(root: string, metafile: Metafile): boolean {
  const bundled = Object.values(metafile.outputs).flatMap(output => Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path))
  const inputs = [...new Set(bundled)].map(input => resolve(root, input))
  return inputs.some(file => COOKIE_COMPOSABLE.test(file))
    || inputs.some(file => file.startsWith(join(root, '/')) && !file.includes('/node_modules/') && existsSync(file) && mentionsCookies(file))
}

export interface PrecacheManifest {
  entries: PrecacheEntry[]
  /** Bytes of the files listed (prerendered pages aside). */
  size: number
  /** Files left out, each with why: over `sw.precache.maxFileSize`, most often. */
  warnings: string[]
}

/** `5.2 MB`, `840 KB`: a size as the build summary prints it. */
export const formatBytes = (bytes: number) => bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`

/** workbox-build's "x is 5.24 MB, and won't be precached": the file, and what to change. */
function budgetWarning(warning: string, maxFileSize: number): string {
  const over = warning.match(/^(.+?) is ([\d.]+ \w+), and won't be precached/)
  if (!over) return warning
  return `public/${over[1]} (${over[2]}) is over sw.precache.maxFileSize (${formatBytes(maxFileSize)}): it is left out of the precache, so it is not available offline until fetched. Raise the limit, or keep it with a runtime caching rule (docs/worker.md#runtime-caching).`
}

export async function createPrecacheManifest(config: ResolvedConfig, publicDir: string): Promise<PrecacheManifest> {
  // workbox-build's own module for this, loaded on use: its index loads Rollup and Babel for
  // generateSW, most of a second that neither a build nor `swerve dev` needs.
  const { getManifest } = await import('workbox-build/build/get-manifest.js')
  const { manifestEntries, size, warnings } = await getManifest({
    globDirectory: publicDir,
    globPatterns: ['**/*', ...config.sw.precache.include],
    // The worker's own scripts: the browser keeps them with the worker.
    globIgnores: ['sw.js', 'sw-pipeline.js', '**/*.html', '**/*.map', ...config.sw.precache.exclude],
    // Hashed file names are their own revision: unchanged files are never fetched again.
    dontCacheBustURLsMatching: HASHED_FILE,
    maximumFileSizeToCacheInBytes: config.sw.precache.maxFileSize,
  })
  return {
    entries: (manifestEntries ?? []).map(entry => typeof entry === 'string' ? { url: entry, revision: null } : { url: entry.url, revision: entry.revision ?? null }),
    size,
    warnings: warnings.map(warning => budgetWarning(warning, config.sw.precache.maxFileSize)),
  }
}

/**
 * Each url as the URL parser writes it under a base (`a b.png` is `a%20b.png`): the worker
 * joins it to its scope as a string instead of parsing a URL per file on every start
 * (sw/precache.ts). A `?` or `#` in a file name is part of the name.
 */
export function inWorkerForm(entries: PrecacheEntry[]): PrecacheEntry[] {
  const base = 'http://x/'
  return entries.map(entry => ({ ...entry, url: new URL(entry.url.replace(/[?#]/g, encodeURIComponent), base).href.slice(base.length) }))
}
