/** `swerve build` (SPEC §8): client, server and worker bundles, precache, prerender. */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build as esbuild, type BuildOptions, type Metafile } from 'esbuild'
import { consola } from 'consola'
import { createBuildOptions } from './bundle.ts'
import { toClientAssets } from './client-assets.ts'
import { loadConfig, type LoadOptions, type ResolvedConfig } from './config.ts'
import { toBuildError } from './errors.ts'
import { swerveRoot } from './paths.ts'
import { createPrecacheManifest } from './precache.ts'
import { prerender } from './prerender.ts'
import { scanApp, type AppScan } from './scan.ts'
import { writeTypes } from './types.ts'
import type { VirtualContext } from './virtual.ts'

export interface BuildResult {
  config: ResolvedConfig
  scan: AppScan
  publicDir: string
  serverDir: string
  prerendered: string[]
  durationMs: number
}

export interface BuildOptionsInput extends LoadOptions {
  /** Skip prerendering (unit tests that only need the server bundle). */
  prerender?: boolean
  quiet?: boolean
}

export async function bundle(ctx: VirtualContext, options: BuildOptions): Promise<Metafile> {
  try {
    const result = await esbuild(options)
    return result.metafile!
  } catch (error) {
    throw toBuildError(ctx.config.root, error)
  }
}

/** The client: ESM, a lazy chunk per page, hashed (in dev the entry keeps one name, so its CSS can be swapped). */
export function clientOptions(ctx: VirtualContext, publicDir: string): BuildOptions {
  return {
    ...createBuildOptions(ctx, 'client'),
    entryPoints: { entry: join(swerveRoot, 'client/entry.ts') },
    outdir: join(publicDir, '_swerve'),
    format: 'esm',
    splitting: true,
    entryNames: ctx.config.dev ? '[name]' : '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.png': 'file', '.jpg': 'file', '.svg': 'file', '.webp': 'file', '.woff2': 'file', '.woff': 'file' },
  }
}

export function clientAssetsOf(ctx: VirtualContext, metafile: Metafile, publicDir: string) {
  return toClientAssets(metafile, relative(ctx.config.root, publicDir), ctx.scan.pages.map(p => p.file))
}

const requireShim = "import { createRequire as __swerveRequire } from 'node:module'; const require = __swerveRequire(import.meta.url);"

/**
 * `server/app.mjs` is one file (no chunks: a process that builds twice must
 * not meet the first build's chunks in Node's module cache).
 */
export function serverAppOptions(ctx: VirtualContext, outfile: string): BuildOptions {
  return { ...createBuildOptions(ctx, 'server'), format: 'esm', banner: { js: requireShim }, entryPoints: [join(swerveRoot, 'build/host/node-app.ts')], outfile }
}

/** `server/index.mjs` serves `./app.mjs`, which it imports as an external. */
function serverIndexOptions(ctx: VirtualContext, outfile: string): BuildOptions {
  const appAsExternal = {
    name: 'swerve:server-app',
    setup(build: import('esbuild').PluginBuild) {
      build.onResolve({ filter: /^#swerve\/server-app$/ }, () => ({ path: './app.mjs', external: true }))
    },
  }
  const options = createBuildOptions(ctx, 'server', [appAsExternal])
  return { ...options, format: 'esm', banner: { js: requireShim }, entryPoints: [join(swerveRoot, 'build/host/node-server.ts')], outfile }
}

export function workerOptions(ctx: VirtualContext, outfile: string): BuildOptions {
  const entry = ctx.config.selfDestroy ? 'sw/self-destroy.ts' : 'sw/index.ts'
  return { ...createBuildOptions(ctx, 'sw'), entryPoints: [join(swerveRoot, entry)], outfile, format: 'iife' }
}

export async function build(root: string, options: BuildOptionsInput = {}): Promise<BuildResult> {
  const start = performance.now()
  const log = options.quiet ? undefined : consola.withTag('swerve')
  const config = await loadConfig(root, options)
  const scan = scanApp(config.root)
  const ctx: VirtualContext = { scan, config }
  const publicDir = join(config.outDir, 'public')
  const serverDir = join(config.outDir, 'server')
  await rm(config.outDir, { recursive: true, force: true })
  await mkdir(publicDir, { recursive: true })

  // Before bundling: esbuild reads the app's tsconfig.json, which extends .swerve/tsconfig.json.
  await writeTypes(config.root, scan)
  log?.start(`Building ${relative(process.cwd(), config.root) || '.'} (${scan.pages.length} pages, ${scan.serverRoutes.length} server routes)`)
  const [clientMetafile] = await Promise.all([
    bundle(ctx, clientOptions(ctx, publicDir)),
    existsSync(join(config.root, 'public')) ? cp(join(config.root, 'public'), publicDir, { recursive: true }) : undefined,
    config.manifest ? writeFile(join(publicDir, 'manifest.webmanifest'), JSON.stringify({ start_url: config.base, scope: config.base, display: 'standalone', ...config.manifest }, null, 2)) : undefined,
  ])
  const clientAssets = clientAssetsOf(ctx, clientMetafile, publicDir)
  ctx.clientAssets = clientAssets
  log?.success(`Client bundle: ${clientAssets.entry}`)

  ctx.precache = await createPrecacheManifest(config, scan, publicDir)
  await Promise.all([
    bundle(ctx, serverAppOptions(ctx, join(serverDir, 'app.mjs'))),
    bundle(ctx, serverIndexOptions(ctx, join(serverDir, 'index.mjs'))),
    bundle(ctx, workerOptions(ctx, join(publicDir, 'sw.js'))),
  ])
  log?.success('Server and service worker bundles')

  const prerendered = options.prerender === false ? [] : await prerender(config, scan, publicDir, serverDir, log)
  const durationMs = performance.now() - start
  log?.success(`Built ${relative(process.cwd(), config.outDir) || config.outDir} in ${Math.round(durationMs)} ms`)
  return { config, scan, publicDir, serverDir, prerendered, durationMs }
}
