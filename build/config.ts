/** Loads `swerve.config.ts` and fills in the defaults. */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import type { RouteRules, RuntimeCachingPreset, RuntimeCachingRule, StorageMount, SwerveConfig, WebAppManifest } from '../runtime/config.ts'
import { withEnv } from '../runtime/server/runtime-config.ts'
import { consola } from 'consola'
import { defu } from 'defu'
import { toBuildError } from './errors.ts'
import { fromNuxtConfig } from './nuxt-config.ts'
import { mergeLayerConfigs, resolveLayers, type Layer } from './layers.ts'
import { inAppDir, listFiles, type LayerDirs } from './scan.ts'
import { packageDir, resolveAlias, swerveModule } from './paths.ts'
import { connectors as db0Connectors } from 'db0'
import { isSqlName } from '../runtime/server/sync-log-sql.ts'
import { isDriverName } from './storage-mounts.ts'
import { isPresetName, PRESET_NAMES, type PresetName } from './targets.ts'
import type { KitResult } from './kit/result.ts'

export interface ResolvedConfig {
  root: string
  base: string
  dev: boolean
  /** dev only: route pages through the worker instead of Node. */
  devSw: boolean
  selfDestroy: boolean
  /** A bench or debug build: the worker answers `SWERVE_BOOT` with where its start went (sw/boot.ts). */
  timings: boolean
  /** The server written beside the client and the worker (build/presets.ts). */
  preset: PresetName
  buildId: string
  app: { head: NonNullable<NonNullable<SwerveConfig['app']>['head']>, rootAttrs: Record<string, string> }
  prerender: { routes: string[], crawl: boolean, concurrency: number }
  sw: { updates: 'prompt' | 'auto', navigation: 'local' | 'network-first', navigationPreload: boolean, renderCache: boolean, cookies: 'auto' | boolean, precache: { include: string[], exclude: string[], maxFileSize: number }, runtimeCaching: (RuntimeCachingRule | RuntimeCachingPreset)[] }
  manifest: WebAppManifest | false
  runtimeConfig: Record<string, unknown> & { public?: Record<string, unknown> }
  server: { bodyLimit: number }
  security: { checkOrigin: boolean }
  csp: { nonce: boolean }
  routeRules: RouteRules
  vue: { optionsApi: boolean }
  imports: boolean
  /** Global stylesheets, as absolute paths. */
  css: string[]
  /** `.wasm` imports in server code (build/wasm.ts). */
  wasm: boolean
  /** Vite's `css.preprocessorOptions`, by language. */
  preprocessorOptions: NonNullable<SwerveConfig['preprocessorOptions']>
  /** Storage bases on drivers of their own (Node hosts). */
  storage: Record<string, StorageMount>
  /** Synced bases, and seconds between syncs while a tab is open. */
  sync: { bases: string[], interval: number, pageSize: number, tombstoneDays: number }
  outDir: string
  /** The app's folder and its layers' (build/layers.ts), the app first. */
  layers: LayerDirs[]
  /** Libraries the app has installed that swerve sets up as their Nuxt modules would (docs/ecosystem.md). */
  integrations: { pinia: boolean }
  /** What the app's Nuxt modules registered (build/kit/, docs/modules.md); undefined without modules. */
  modules?: KitResult
}

export interface LoadOptions {
  dev?: boolean
  devSw?: boolean
  selfDestroy?: boolean
  /** A bench or debug build: the worker records where its start went (sw/boot.ts). */
  timings?: boolean
  outDir?: string
  preset?: string
  /** `SWERVE_*` values built into runtimeConfig (the worker cannot read an environment at run time). */
  env?: Record<string, string | undefined>
}

const HANDLERS = ['CacheFirst', 'NetworkFirst', 'StaleWhileRevalidate', 'NetworkOnly', 'CacheOnly']
const PRESETS = ['images', 'fonts', 'cdn']

/** `sw.runtimeCaching` as the worker can take it: presets by name, patterns as strings or RegExps (build/virtual.ts writes them out). */
function checkRuntimeCaching(rules: unknown): (RuntimeCachingRule | RuntimeCachingPreset)[] {
  if (!Array.isArray(rules)) throw new Error('swerve.config: sw.runtimeCaching is a list of rules and preset names')
  rules.forEach((rule, i) => {
    const at = `swerve.config: sw.runtimeCaching[${i}]`
    if (typeof rule === 'string') {
      if (!PRESETS.includes(rule)) throw new Error(`${at}: no preset ${JSON.stringify(rule)} (${PRESETS.join(', ')})`)
      return
    }
    if (!rule || typeof rule !== 'object') throw new Error(`${at} is a preset name or { match, handler, options }`)
    if (typeof rule.match !== 'string' && !(rule.match instanceof RegExp)) throw new Error(`${at}.match is a URL pattern string ('/uploads/*') or a RegExp`)
    if (!HANDLERS.includes(rule.handler)) throw new Error(`${at}.handler is one of ${HANDLERS.join(', ')}, not ${JSON.stringify(rule.handler)}`)
    if (rule.options !== undefined && (typeof rule.options !== 'object' || rule.options === null)) throw new Error(`${at}.options is an object`)
  })
  return rules
}

const CONFIG_FILES = ['swerve.config.ts', 'swerve.config.mts', 'swerve.config.js', 'swerve.config.mjs']
const NUXT_CONFIG_FILES = ['nuxt.config.ts', 'nuxt.config.mts', 'nuxt.config.js', 'nuxt.config.mjs']

/** Nuxt keys already warned about in this process: each once. */
const warned = new Set<string>()

/** A config's `nuxt/kit` import (an inline `defineNuxtModule`): swerve's @nuxt/kit, left to Node. */
const kitForConfig: import('esbuild').Plugin = {
  name: 'swerve:config-kit',
  setup(build) {
    build.onResolve({ filter: /^(nuxt\/kit|@nuxt\/kit)$/ }, () => ({ path: fileURLToPath(import.meta.resolve('@nuxt/kit')), external: true }))
  },
}

/** Config loads in this process: each gets a file of its own. */
let loads = 0

/**
 * A config file's default export. esbuild bundles the file with the local modules it
 * imports (TypeScript, `swerve/config` and `nuxt/config` resolved to swerve's), leaving
 * packages to Node; the result is imported from `.swerve/` so that those resolve from the
 * app, and removed after. Each load reads the file afresh (dev edits it).
 */
export async function importDefault(root: string, file: string, plugins: import('esbuild').Plugin[] = []): Promise<unknown> {
  const config = swerveModule('runtime/config')
  let code: string
  try {
    const result = await build({
      entryPoints: [file],
      absWorkingDir: root,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { 'swerve/config': config, 'nuxt/config': config },
      // Where the file is, as it would be if Node ran it in place.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(file).href), '__filename': JSON.stringify(file), '__dirname': JSON.stringify(dirname(file)) },
      logLevel: 'silent',
      plugins: [...plugins, kitForConfig],
    })
    code = result.outputFiles[0].text
  } catch (error) {
    throw toBuildError(root, error)
  }
  const out = join(root, '.swerve', `config.${process.pid}.${++loads}.mjs`)
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, code)
  try {
    return (await import(pathToFileURL(out).href)).default
  } finally {
    await rm(out, { force: true })
  }
}

/** Folders whose nuxt.config is read: a `modules/` folder there holds Nuxt modules. */
const nuxtRoots = new Set<string>()
/** Folders whose nuxt.config names modules. */
const withModules = new Set<string>()

/** A folder's `swerve.config.ts`, else its `nuxt.config.ts` read as swerve's, else nothing. */
async function importConfig(root: string): Promise<SwerveConfig> {
  const file = CONFIG_FILES.map(name => join(root, name)).find(existsSync)
  const nuxtFile = file ? undefined : NUXT_CONFIG_FILES.map(name => join(root, name)).find(existsSync)
  if (!file && !nuxtFile) return {}
  if (file) return await importDefault(root, file) as SwerveConfig ?? {}
  // A Nuxt app calls defineNuxtConfig without importing it.
  const scope = globalThis as { defineNuxtConfig?: unknown }
  scope.defineNuxtConfig ??= (value: unknown) => value
  const { config: converted, ignored, modules } = fromNuxtConfig(await importDefault(root, nuxtFile!) as Record<string, unknown> ?? {})
  nuxtRoots.add(root)
  if (modules.length) withModules.add(root)
  else withModules.delete(root)
  // With modules, a top-level key may be a module's options (its configKey).
  const fresh = ignored.filter(key => !warned.has(key) && (!modules.length || key.includes('.')))
  if (fresh.length) {
    fresh.forEach(key => warned.add(key))
    consola.withTag('swerve').warn(`nuxt.config: swerve does not use ${fresh.join(', ')} (docs/conventions.md#nuxt-config).`)
  }
  return converted
}

const BASE_NAME = /^[\w\-.@~]+(?::[\w\-.@~]+)*$/

function checkStorage(storage: SwerveConfig['storage'] = {}): Record<string, StorageMount> {
  for (const [base, mount] of Object.entries(storage)) {
    const at = `swerve.config: storage[${JSON.stringify(base)}]`
    if (!BASE_NAME.test(base) || base === 'assets' || base.startsWith('assets:')) throw new Error(`${at}: a base is a storage prefix like notes or cache:pages (assets: is swerve's)`)
    if (!mount || typeof mount !== 'object') throw new Error(`${at} is an object: { driver: 'redis', url: '…', sync: true }`)
    if (mount.driver !== undefined && (typeof mount.driver !== 'string' || !isDriverName(mount.driver))) throw new Error(`${at}: ${JSON.stringify(mount.driver)} is not an unstorage driver (fs, redis, memory, db0, http …)`)
    if (mount.sync !== undefined && typeof mount.sync !== 'boolean') throw new Error(`${at}.sync is true or false`)
    if (mount.driver === 'db0') checkSqlMount(at, mount)
  }
  return storage
}

/** Connectors whose databases can hold a change log (docs/sync.md#backends). */
const SQL_SYNC = /^(postgresql|neon|pglite|cloudflare-hyperdrive-postgresql|better-sqlite3|node-sqlite|sqlite|sqlite3|bun-sqlite|bun|libsql.*|cloudflare-d1)$/

function checkSqlMount(at: string, mount: StorageMount): void {
  if (typeof mount.connector !== 'string' || !(mount.connector in db0Connectors)) {
    throw new Error(`${at}.connector names a db0 connector (${Object.keys(db0Connectors).join(', ')}), not ${JSON.stringify(mount.connector)}`)
  }
  if (mount.tableName !== undefined && (typeof mount.tableName !== 'string' || !isSqlName(mount.tableName))) {
    throw new Error(`${at}.tableName is a plain SQL name (letters, digits, _), not ${JSON.stringify(mount.tableName)}`)
  }
  if (mount.connector.startsWith('cloudflare-') && typeof mount.bindingName !== 'string') throw new Error(`${at}.bindingName names the Worker's binding of the database (as in wrangler.json), like 'DB'`)
  if (mount.sync && !SQL_SYNC.test(mount.connector)) throw new Error(`${at}: a synced base needs PostgreSQL or SQLite (D1, libsql); ${mount.connector} has no change log yet`)
}

export function normalizeBase(base = '/'): string {
  let value = base.trim()
  if (!value.startsWith('/')) value = `/${value}`
  if (!value.endsWith('/')) value = `${value}/`
  return value
}

/** Where an app that uses Pinia says so: a store file's call, or an import of the package. */
const PINIA_USE = /\bdefineStore\s*\(|from\s*['"]pinia['"]/

/**
 * Pinia is set up (docs/ecosystem.md) when the app has it installed and uses it: a `stores/`
 * folder in the app or a layer, or a plugin or composable that imports it or defines a store.
 * Installed alone (a devDependency of a repository the app sits in) is not enough.
 */
function usesPinia(root: string, layers: Layer[]): boolean {
  if (!packageDir(root, 'pinia')) return false
  return layers.some(({ root: layerRoot, appDir }) => {
    const under = (dir: string) => join(layerRoot, inAppDir(appDir, dir))
    if (existsSync(under('stores'))) return true
    return ['plugins', 'composables', 'utils'].some(dir => listFiles(layerRoot, inAppDir(appDir, dir), /\.[cm]?[jt]s$/)
      .some(file => PINIA_USE.test(readFileSync(join(layerRoot, file), 'utf8'))))
  })
}

/** The app's config with what its modules added: stylesheets, head tags, runtimeConfig, route rules (the app's values win). */
function withModuleConfig(config: SwerveConfig, modules: KitResult): SwerveConfig {
  const log = consola.withTag('swerve')
  for (const warning of modules.warnings) {
    if (warned.has(warning)) continue
    warned.add(warning)
    log.warn(warning)
  }
  const css = config.css ?? []
  const head = config.app?.head ?? {}
  const mergedHead = Object.fromEntries([...new Set([...Object.keys(modules.head), ...Object.keys(head)])].map((key) => {
    const own = (head as Record<string, unknown>)[key], theirs = (modules.head as Record<string, unknown>)[key]
    return [key, Array.isArray(own) || Array.isArray(theirs) ? [...(theirs as unknown[] ?? []), ...(own as unknown[] ?? [])] : own ?? theirs]
  }))
  return {
    ...config,
    css: [...modules.css.filter(file => !css.includes(file)), ...css],
    app: { ...config.app, head: mergedHead, rootAttrs: { ...config.app?.rootAttrs, ...modules.rootAttrs } },
    runtimeConfig: defu(config.runtimeConfig ?? {}, modules.runtimeConfig),
    routeRules: defu(config.routeRules ?? {}, modules.routeRules),
  }
}

const hasApp = (root: string) => ['app', 'server', 'pages', 'app.vue'].some(name => existsSync(join(root, name)))

export async function loadConfig(rootDir: string, options: LoadOptions = {}): Promise<ResolvedConfig> {
  const root = resolve(rootDir)
  const own = await importConfig(root)
  const layers = await resolveLayers(root, own, importConfig)
  if (!layers.some(layer => hasApp(layer.root))) {
    throw new Error(`No swerve app in ${root}: expected an app/ or server/ folder (or Nuxt 3's pages/ or app.vue).`)
  }
  const merged = layers.length > 1 ? mergeLayerConfigs(layers) : own
  const layerDirs = layers.map(({ root, appDir, components }) => ({ root, appDir, components }))
  // Nuxt modules: the kit host is loaded only for an app that has some (build/kit/).
  const hasModules = layers.some(layer => withModules.has(layer.root) || (nuxtRoots.has(layer.root) && !layer.root.includes('/node_modules/') && existsSync(join(layer.root, 'modules'))))
  const modules = hasModules ? await (await import('./kit/index.ts')).runModules(root, layerDirs, !!options.dev, importDefault) : undefined
  const config = modules ? withModuleConfig(merged, modules) : merged
  const sw = config.sw ?? {}
  if (sw.updates && !['prompt', 'auto'].includes(sw.updates)) throw new Error(`swerve.config: sw.updates must be 'prompt' or 'auto', not ${JSON.stringify(sw.updates)}`)
  const storage = checkStorage(config.storage)
  const interval = config.sync?.interval ?? 30
  if (typeof interval !== 'number' || !(interval > 0)) throw new Error(`swerve.config: sync.interval is seconds between syncs, a number above 0, not ${JSON.stringify(interval)}`)
  const pageSize = config.sync?.pageSize ?? 1000
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`swerve.config: sync.pageSize is how many changes one answer holds at most, a whole number from 1, not ${JSON.stringify(pageSize)}`)
  const tombstoneDays = config.sync?.tombstoneDays ?? 30
  if (typeof tombstoneDays !== 'number' || !(tombstoneDays > 0)) throw new Error(`swerve.config: sync.tombstoneDays is how many days a delete is remembered, a number above 0, not ${JSON.stringify(tombstoneDays)}`)
  const concurrency = config.prerender?.concurrency ?? 4
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`swerve.config: prerender.concurrency is how many pages render at once, a whole number from 1, not ${JSON.stringify(concurrency)}`)
  const preset = options.preset ?? config.preset ?? 'node'
  if (!isPresetName(preset)) {
    throw new Error(`Unknown preset ${JSON.stringify(preset)}. Presets: ${PRESET_NAMES.join(', ')}.`)
  }
  return {
    root,
    base: normalizeBase(config.base),
    dev: !!options.dev,
    devSw: !!options.devSw,
    selfDestroy: !!options.selfDestroy,
    timings: !!options.timings,
    preset,
    buildId: Date.now().toString(36),
    app: { head: config.app?.head ?? {}, rootAttrs: config.app?.rootAttrs ?? {} },
    prerender: { routes: config.prerender?.routes ?? [], crawl: config.prerender?.crawl ?? true, concurrency },
    sw: {
      // `swerve dev --sw`: each rebuild's worker takes over at once.
      updates: options.devSw ? 'auto' : sw.updates ?? 'prompt',
      navigation: sw.navigation ?? 'local',
      navigationPreload: sw.navigationPreload ?? sw.navigation === 'network-first',
      // `swerve dev` rebuilds under one build id: a kept render would outlive an edit.
      renderCache: !options.dev && (sw.renderCache ?? true),
      cookies: sw.cookies ?? 'auto',
      precache: { include: sw.precache?.include ?? [], exclude: sw.precache?.exclude ?? [], maxFileSize: sw.precache?.maxFileSize ?? 2 * 1024 * 1024 },
      runtimeCaching: checkRuntimeCaching(sw.runtimeCaching ?? []),
    },
    manifest: config.manifest ?? false,
    runtimeConfig: options.env ? withEnv({ ...config.runtimeConfig, public: config.runtimeConfig?.public ?? {} }, options.env) : config.runtimeConfig ?? {},
    server: { bodyLimit: config.server?.bodyLimit ?? 1024 * 1024 },
    security: { checkOrigin: config.security?.checkOrigin ?? true },
    csp: { nonce: config.csp?.nonce ?? false },
    routeRules: config.routeRules ?? {},
    vue: { optionsApi: config.vue?.optionsApi ?? true },
    imports: config.imports ?? true,
    css: [...new Set((config.css ?? []).map(file => resolveAlias(root, file)))],
    preprocessorOptions: config.preprocessorOptions ?? {},
    wasm: config.wasm ?? false,
    storage,
    sync: { bases: Object.keys(storage).filter(base => storage[base]!.sync), interval, pageSize, tombstoneDays },
    outDir: resolve(root, options.outDir ?? '.output'),
    layers: layerDirs,
    // @pinia/nuxt installed as a module sets Pinia up itself.
    integrations: { pinia: !modules?.names.includes('pinia') && usesPinia(root, layers) },
    modules,
  }
}
