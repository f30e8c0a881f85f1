/** `swerve build`: the client, the worker and the preset's server bundles, precache, prerender. */
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { build as esbuild, type BuildOptions, type Metafile, type Plugin } from 'esbuild'
import { consola, type ConsolaInstance } from 'consola'
import type { ClientAssets } from '../runtime/app/render.ts'
import { createBuildOptions } from './bundle.ts'
import { createAutoImports } from './imports.ts'
import { toClientAssets } from './client-assets.ts'
import { loadConfig, type LoadOptions, type ResolvedConfig } from './config.ts'
import type { BuildContext, ServerStage, WorkerStage } from './context.ts'
import { toBuildError } from './errors.ts'
import { assertNoPrivateValues } from './leaks.ts'
import { SWERVE_DIR } from '../runtime/shared/paths.ts'
import { swerveModule } from './paths.ts'
import { bundleReadsCookies, createPrecacheManifest, formatBytes, inWorkerForm, usesCookies } from './precache.ts'
import { hasOrigin, NODE_APP, presets, type BundleSpec } from './presets.ts'
import { inWorkerDatabase } from './storage-mounts.ts'
import { prerender, prerenderedPageEntries } from './prerender.ts'
import { replaceDir } from './replace-dir.ts'
import { scanApp, serverComponentWarnings, type AppScan } from './scan.ts'
import { loadCssTools } from './css.ts'
import { assetLoaders } from './assets.ts'
import { wasmPlugin } from './wasm.ts'
import { targets } from './targets.ts'
import { writeTypes } from './types.ts'
import { clientModules, serverModules, workerModules } from './virtual.ts'
import { checkInternals } from './internals.ts'

export interface BuildResult {
  config: ResolvedConfig
  scan: AppScan
  publicDir: string
  serverDir: string
  prerendered: string[]
  /** What the build warned about (each also logged unless quiet): files left out of the precache … */
  warnings: string[]
  /** The precache: files of public/ (bytes), prerendered pages aside. */
  precache: { files: number, bytes: number }
  durationMs: number
}

export interface BuildOptionsInput extends LoadOptions {
  /** Skip prerendering (unit tests that only need the server bundle). */
  prerender?: boolean
  quiet?: boolean
}

export async function bundle(ctx: BuildContext, options: BuildOptions): Promise<Metafile> {
  try {
    const result = await esbuild(options)
    return result.metafile!
  } catch (error) {
    throw toBuildError(ctx.config.root, error)
  }
}

/**
 * The client: ESM, a lazy chunk per page, hashed (in dev the entry keeps one name, so its CSS
 * can be swapped). `sharedAs`: dev imports Vue and the other shared packages from there.
 */
export function clientOptions(ctx: BuildContext, publicDir: string, sharedAs?: (specifier: string) => string): BuildOptions {
  const target = targets.client
  return {
    ...createBuildOptions({ config: ctx.config, target, modules: clientModules(ctx, target), imports: ctx.imports, sharedAs, css: ctx.css, plugins: [wasmPlugin(ctx.config, target)] }),
    entryPoints: { entry: swerveModule('client/entry') },
    outdir: join(publicDir, SWERVE_DIR),
    format: 'esm',
    splitting: true,
    entryNames: ctx.config.dev ? '[name]' : '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: assetLoaders,
  }
}

export function clientAssetsOf(ctx: BuildContext, metafile: Metafile, publicDir: string): ClientAssets {
  return toClientAssets(metafile, relative(ctx.config.root, publicDir), ctx.scan.pages.map(p => p.file))
}

/** `server/index.mjs` imports the app as its sibling `./app.mjs`. */
const appAsExternal: Plugin = {
  name: 'swerve:server-app',
  setup(build) {
    build.onResolve({ filter: /^#swerve\/server-app$/ }, () => ({ path: './app.mjs', external: true }))
  },
}

/**
 * One runtime entry of a preset, as one file (no chunks: a process that builds
 * twice must not meet the first build's chunks in Node's module cache).
 */
export function bundleOptions(ctx: WorkerStage, spec: BundleSpec, outfile = join(ctx.config.outDir, spec.outfile)): BuildOptions {
  const target = targets[spec.target]
  const modules = spec.target === 'sw' ? workerModules(ctx, target) : serverModules(ctx, target)
  const plugins = [...spec.appExternal ? [appAsExternal] : [], wasmPlugin(ctx.config, target, dirname(outfile))]
  const options = createBuildOptions({ config: ctx.config, target, modules, imports: ctx.imports, css: ctx.css, cookies: ctx.cookies, plugins })
  return { ...options, entryPoints: [swerveModule(spec.entry)], outfile, format: spec.format }
}

export async function build(root: string, options: BuildOptionsInput = {}): Promise<BuildResult> {
  const start = performance.now()
  const log = options.quiet ? undefined : consola.withTag('swerve')
  const loaded = await loadConfig(root, options)
  // Everything is written next to the output and swapped in at the end, so a host
  // serving the output never meets half a build (a new sw.js before its pages).
  const config: ResolvedConfig = { ...loaded, outDir: `${loaded.outDir}.building` }
  const scan = scanApp(config.root, config.layers, config.modules)
  const ctx: BuildContext = { config, scan, imports: await createAutoImports(scan, { enabled: config.imports, pinia: config.integrations.pinia, modules: config.modules }), css: await loadCssTools(config.root, config.preprocessorOptions, config.modules?.postcssPlugins, config.modules?.modulesDir) }
  try {
    return await buildInto(ctx, loaded, options, log, start)
  } catch (error) {
    // A failed build leaves the output as it was, and nothing half-written beside it.
    await rm(config.outDir, { recursive: true, force: true })
    throw error
  }
}

/** `public/` of every layer, the last layer's first, so that the app's files win over theirs. */
async function copyPublic(config: ResolvedConfig, publicDir: string): Promise<void> {
  // Nuxt modules' `nitro.publicAssets` first: the app's own files win over theirs.
  for (const asset of config.modules?.publicAssets ?? []) {
    if (existsSync(asset.dir)) await cp(asset.dir, join(publicDir, asset.baseURL ?? '/'), { recursive: true })
  }
  for (const layer of [...config.layers].reverse()) {
    const from = join(layer.root, 'public')
    if (existsSync(from)) await cp(from, publicDir, { recursive: true })
  }
}

async function buildInto(ctx: BuildContext, loaded: ResolvedConfig, options: BuildOptionsInput, log: ConsolaInstance | undefined, start: number): Promise<BuildResult> {
  const { config } = ctx
  const publicDir = join(config.outDir, 'public')
  await rm(config.outDir, { recursive: true, force: true })
  await mkdir(publicDir, { recursive: true })
  // What scans the app's folder and honours .gitignore (Tailwind 4's source detection, git)
  // skips the output, even in a folder with no .gitignore: Tailwind read a worker bundle of
  // several MB as class names and a rebuild took minutes (docs/guide.md, "What the build writes").
  await writeFile(join(config.outDir, '.gitignore'), '*\n')

  // Before bundling: esbuild reads the app's tsconfig.json, which extends .swerve/tsconfig.json.
  await writeTypes(config.root, ctx.scan, ctx.imports)
  for (const note of checkInternals(config.root)) log?.warn(note)
  log?.start(`Building ${relative(process.cwd(), config.root) || '.'} for ${config.preset} (${ctx.scan.pages.length} pages, ${ctx.scan.serverRoutes.length} server routes)`)
  if (!hasOrigin(config) && config.sync.bases.length) {
    log?.warn(`storage ${config.sync.bases.join(', ')} syncs, but a static host has no origin to sync with: on this build the data stays in each browser (docs/sync.md).`)
  }
  const onKv = config.preset === 'cloudflare' ? config.sync.bases.filter(base => !inWorkerDatabase(config.storage[base])) : []
  if (onKv.length) {
    log?.warn(`storage ${onKv.join(', ')} syncs on Cloudflare KV, where each isolate would keep its own change log: put synced bases on D1 ({ driver: 'db0', connector: 'cloudflare-d1', bindingName }, docs/sync.md#backends).`)
  }
  const [clientMetafile] = await Promise.all([
    bundle(ctx, clientOptions(ctx, publicDir)),
    copyPublic(config, publicDir),
    config.manifest ? writeFile(join(publicDir, 'manifest.webmanifest'), JSON.stringify({ start_url: config.base, scope: config.base, display: 'standalone', ...config.manifest }, null, 2)) : undefined,
  ])
  const server: ServerStage = { ...ctx, clientAssets: clientAssetsOf(ctx, clientMetafile, publicDir) }
  log?.success(`Client bundle: ${server.clientAssets.entry}`)

  const manifest = await createPrecacheManifest(config, publicDir)
  const warnings = [...serverComponentWarnings(ctx.scan), ...manifest.warnings]
  for (const warning of warnings) log?.warn(warning)
  const pages = options.prerender === false ? [] : prerenderedPageEntries(config, ctx.scan)
  const precache = inWorkerForm([...manifest.entries, ...pages])
  log?.info(`Precache: ${manifest.entries.length} files, ${formatBytes(manifest.size)}${pages.length ? `, and ${pages.length} prerendered pages` : ''}`)
  const worker: WorkerStage = { ...server, precache, cookies: usesCookies(config, ctx.scan) }
  const specs = [...presets.sw.bundles(config), ...presets[config.preset].bundles(config)]
  // Prerendering runs the app in Node: presets without a Node app get one of their own, beside
  // this build's output (never in the app's folder, where another build may be running), removed after.
  const hasNodeApp = specs.includes(NODE_APP)
  const prerenderApp = options.prerender === false ? undefined : hasNodeApp ? join(config.outDir, NODE_APP.outfile) : join(config.outDir, '.prerender', 'app.mjs')
  await Promise.all([
    ...specs.map(async (spec) => {
      const metafile = await bundle(ctx, bundleOptions(worker, spec))
      // sw.cookies 'auto': the worker's own imports settle the guess; a wrong one is built again.
      if (spec.target === 'sw' && !spec.hostOnly && config.sw.cookies === 'auto' && bundleReadsCookies(config.root, metafile) !== worker.cookies) {
        await bundle(ctx, bundleOptions({ ...worker, cookies: !worker.cookies }, spec))
      }
    }),
    prerenderApp && !hasNodeApp ? bundle(ctx, bundleOptions(worker, NODE_APP, prerenderApp)) : undefined,
  ])
  await presets[config.preset].finish?.(config)
  log?.success(`Worker and ${config.preset} bundles`)

  const prerendered = prerenderApp ? await prerender(config, ctx.scan, publicDir, prerenderApp, log) : []
  if (prerenderApp && !hasNodeApp) await rm(join(config.outDir, '.prerender'), { recursive: true, force: true })
  await assertNoPrivateValues(config.runtimeConfig, publicDir, config.outDir)
  await replaceDir(config.outDir, loaded.outDir)
  const durationMs = performance.now() - start
  log?.success(`Built ${relative(process.cwd(), loaded.outDir) || loaded.outDir} in ${Math.round(durationMs)} ms`)
  return { config: loaded, scan: ctx.scan, publicDir: join(loaded.outDir, 'public'), serverDir: join(loaded.outDir, 'server'), prerendered, warnings, precache: { files: manifest.entries.length, bytes: manifest.size }, durationMs }
}
