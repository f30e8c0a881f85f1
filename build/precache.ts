/** The worker's precache manifest, from workbox-build: client assets and public files with revisions. */
import { getManifest } from 'workbox-build'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HASHED_FILE } from '../runtime/shared/paths.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'
import type { ResolvedConfig } from './config.ts'
import type { AppScan } from './scan.ts'

/** `sw.cookies: 'auto'`: bridge cookies only when the app's own code mentions them. */
export function usesCookies(config: ResolvedConfig, scan: AppScan): boolean {
  if (config.sw.cookies !== 'auto') return config.sw.cookies
  const files = [...scan.serverPlugins, ...scan.serverMiddleware, ...scan.serverRoutes.map(r => r.file), ...scan.plugins.map(p => p.file), ...scan.middleware.map(m => m.file), ...scan.pages.map(p => p.file)]
  return files.some(file => /cookie/i.test(readFileSync(join(scan.root, file), 'utf8')))
}

export async function createPrecacheManifest(config: ResolvedConfig, publicDir: string): Promise<PrecacheEntry[]> {
  const { manifestEntries, warnings } = await getManifest({
    globDirectory: publicDir,
    globPatterns: ['**/*', ...config.sw.precache.include],
    globIgnores: ['sw.js', '**/*.html', '**/*.map', ...config.sw.precache.exclude],
    // Hashed file names are their own revision: unchanged files are never fetched again.
    dontCacheBustURLsMatching: HASHED_FILE,
    maximumFileSizeToCacheInBytes: 10 * 1024 * 1024,
  })
  for (const warning of warnings) console.warn(`[swerve] precache: ${warning}`)
  return (manifestEntries ?? []).map(entry => typeof entry === 'string' ? { url: entry, revision: null } : { url: entry.url, revision: entry.revision ?? null })
}
