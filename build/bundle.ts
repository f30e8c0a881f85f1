/** The esbuild options every bundle shares, per target. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BuildOptions, ImportKind, OnResolveResult, Plugin, PluginBuild } from 'esbuild'
import type { KitResult } from './kit/result.ts'
import { scanExports } from 'unimport'
import type { ResolvedConfig } from './config.ts'
import { autoImportPlugin, BUILTIN_COMPONENTS, type AutoImports } from './imports.ts'
import { aliasesOf, resolveAlias, swerveModule, swerveRoot } from './paths.ts'
import { hasOrigin } from './presets.ts'
import { targets, type Target } from './targets.ts'
import { virtualPlugin, type VirtualModules } from './virtual.ts'
import { vuePlugin, type CompiledSfc } from './vue.ts'
import { stylesheetPlugin, type CssTools } from './css.ts'
import { publicUrlPlugin, serverStylesPlugin } from './assets.ts'
import { withVitePlugins } from './vite-host.ts'

const PUBLIC_ENTRIES: Record<string, string> = {
  'swerve/server': 'runtime/server/index',
  'swerve/app': 'runtime/app/index',
  'swerve/config': 'runtime/config',
}

/**
 * Packages that must be one instance for the app and swerve (Pinia too, which swerve sets up
 * when the app has it): the app's copy when it has one, else swerve's own. Every other bare
 * import resolves as Node resolves it, from its importer, so a package that brings another
 * major of one of swerve's dependencies keeps it.
 */
const SINGLETON = /^(vue|vue-router|@unhead\/vue|@vue\/[^/]+|pinia)(\/.*)?$/
/** Shared only when the app's copy is the major swerve's runtime is written for. */
const SAME_MAJOR = /^@unhead\/vue(\/.*)?$/

/** The major version of the package a resolved file (or a package folder) is in: `undefined` when none is found. */
function majorOf(file: string): string | undefined {
  const at = file.lastIndexOf('/node_modules/')
  if (at < 0) return undefined
  const rest = file.slice(at + '/node_modules/'.length).split('/')
  const dir = join(file.slice(0, at), 'node_modules', ...rest.slice(0, rest[0]!.startsWith('@') ? 2 : 1))
  try { return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0] }
  catch { return undefined }
}

/**
 * swerve's other dependencies an app may import without installing them: resolved from the
 * importer, else from swerve. Dev keeps them out of each rebuild when the importer has the shared copy.
 */
const SWERVE_DEPS = /^(h3|unhead|devalue|hookable|idb-keyval|unstorage|db0)(\/.*)?$/

/**
 * Database clients with native code or files of their own: Node loads them from the app's
 * node_modules at run time (docs/sync.md#backends). Workers reach their bindings through
 * `cloudflare:workers`.
 */
const RUNTIME_PACKAGES: Partial<Record<string, string[]>> = {
  node: ['pg-native', 'better-sqlite3', 'sqlite3', 'libsql', '@libsql/*', '@electric-sql/pglite'],
  cloudflare: ['cloudflare:*'],
}

/**
 * Where shared packages go when they are not bundled:
 * - `external`: the dev server bundle leaves them to Node (as absolute paths), so
 *   each rebuild bundles and re-imports only the app and swerve's runtime while Vue,
 *   h3 and unhead stay loaded;
 * - `sharedAs`: the dev client imports each from the URL this gives, where the dev
 *   server keeps them bundled once (build/dev/deps.ts).
 */
interface SharedPackages {
  external?: boolean
  sharedAs?: (specifier: string) => string
  /** Bundling for Node: Vue's ES module builds, as for the browser (see `vueForNode`). */
  node?: boolean
}

const VUE_RUNTIME = /^@vue\/(runtime-dom|runtime-core|reactivity|shared|server-renderer)$/

/**
 * esbuild always adds the `node` condition for Node, and under it Vue's packages
 * export their CommonJS builds: `vue` brings its template compiler (Babel's parser
 * included) and every call into Vue goes through an interop getter. A bundle for Node
 * takes the ES module builds the worker gets, with the same flags defined.
 */
function vueForNode(specifier: string): string {
  if (specifier === 'vue') return 'vue/dist/vue.runtime.esm-bundler.js'
  const name = VUE_RUNTIME.exec(specifier)?.[1]
  return name ? `${specifier}/dist/${name}.esm-bundler.js` : specifier
}

function resolvePlugin(config: ResolvedConfig, { external = false, sharedAs, node = false }: SharedPackages = {}): Plugin {
  // A shared package resolves the same from every importer: once per specifier and kind.
  const resolved = new Map<string, Promise<OnResolveResult>>()
  const aliases = aliasesOf(config.root)
  const serverPlugins = new Set((config.modules?.serverPlugins ?? []).map(file => join(config.root, file)))
  const isServerCode = (importer: string) => config.layers.some(layer => importer.startsWith(join(layer.root, 'server/'))) || MODULE_SERVER.test(importer) || serverPlugins.has(importer)
  return {
    name: 'swerve:resolve',
    setup(build) {
      resolveEntries(build, config, aliases, isServerCode)
      /** Whether the app has a Vue of its own that is not swerve's (asked once). */
      let vues: Promise<boolean> | undefined
      const twoVues = () => vues ??= Promise.all([config.root, swerveRoot].map(resolveDir => build.resolve('vue', { kind: 'import-statement', resolveDir, pluginData: { swerveShared: true } })))
        .then(([app, own]) => !app!.errors.length && !own!.errors.length && app!.path !== own!.path)
      /** The shared copy of a package: the app's when it has one, else swerve's own; once per specifier and kind. */
      const sharedCopy = (path: string, kind: ImportKind): Promise<OnResolveResult> => {
        const key = `${kind}:${path}`
        let result = resolved.get(key)
        if (!result) {
          result = (async () => {
            const pluginData = { swerveShared: true }
            const specifier = node ? vueForNode(path) : path
            let found = await build.resolve(specifier, { kind, resolveDir: config.root, pluginData })
            // swerve's renderer calls @unhead/vue's API: another major (one a library brings for itself) is not shared.
            const mismatched = !found.errors.length && SAME_MAJOR.test(path) && majorOf(found.path) !== majorOf((await build.resolve(specifier, { kind, resolveDir: swerveRoot, pluginData })).path)
            const fromApp = !found.errors.length && !mismatched
            if (!fromApp) found = await build.resolve(specifier, { kind, resolveDir: swerveRoot, pluginData })
            if (found.errors.length) return { errors: found.errors }
            // Dev on Node leaves the shared packages to Node. Where the app has a Vue of its own and
            // this is swerve's copy, it is bundled instead: Node would resolve its imports (`vue`)
            // from swerve's folder, another copy than the app's.
            return { path: found.path, external: (external && (fromApp || !await twoVues())) || found.external, sideEffects: found.sideEffects, namespace: found.namespace }
          })()
          resolved.set(key, result)
        }
        return result
      }
      build.onResolve({ filter: SINGLETON }, (args) => {
        if (args.pluginData?.swerveShared) return undefined
        const result = sharedCopy(args.path, args.kind)
        // Resolved all the same: a package that is not there is named at the import.
        return sharedAs ? result.then(found => found.errors ? found : { path: sharedAs(args.path), external: true }) : result
      })
      /** A package of swerve's, from one folder: the same answer for every file there. */
      const fromFolder = new Map<string, Promise<OnResolveResult>>()
      build.onResolve({ filter: SWERVE_DEPS }, (args) => {
        if (args.pluginData?.swerveShared) return undefined
        // The dev bundle of shared packages (build/dev/deps.ts) holds the shared copy.
        if (args.namespace === 'swerve-shared') return sharedCopy(args.path, args.kind)
        const key = `${args.kind}:${args.resolveDir}:${args.path}`
        let result = fromFolder.get(key)
        if (!result) fromFolder.set(key, result = resolveSwerveDep(args.path, args.kind, args.resolveDir))
        return result
      })
      async function resolveSwerveDep(path: string, kind: ImportKind, resolveDir: string): Promise<OnResolveResult> {
        const pluginData = { swerveShared: true }
        let found = await build.resolve(path, { kind, resolveDir, pluginData })
        // An app depends on swerve alone: what swerve brings, its code may import too.
        if (found.errors.length) {
          const own = await build.resolve(path, { kind, resolveDir: swerveRoot, pluginData })
          if (!own.errors.length) found = own
        }
        if (found.errors.length) return { errors: found.errors }
        // Dev on Node: each copy stays loaded in Node. Dev client: the shared copy comes from the dev bundle, another is bundled.
        if (external) return { path: found.path, external: true }
        if (sharedAs && (await sharedCopy(path, kind)).path === found.path) return { path: sharedAs(path), external: true }
        return { path: found.path, external: found.external, sideEffects: found.sideEffects, namespace: found.namespace }
      }
    },
  }
}

/** Nuxt's aliases (`~/utils/x`, `@@/shared/y`), `#app`/`#imports` as swerve's entries, modules' aliases and `swerve/*`. */
function resolveEntries(build: PluginBuild, config: ResolvedConfig, aliases: ReturnType<typeof aliasesOf>, isServerCode: (importer: string) => boolean): void {
  // Nuxt's aliases: `~/utils/x`, `@@/shared/y`, and `#app`/`#imports` for swerve's entries.
  build.onResolve({ filter: /^(~~|@@|~|@)\// }, args => build.resolve(resolveAlias(config.root, args.path, aliases), { kind: args.kind, resolveDir: args.resolveDir }))
  build.onResolve({ filter: /^#(app|imports)$/ }, (args) => {
    const server = args.path === '#imports' && isServerCode(args.importer)
    // With Nuxt modules, the app's `#imports` is Nuxt's: Vue, swerve's app and what modules add.
    if (args.path === '#imports' && !server && config.modules) return { path: 'imports', namespace: 'swerve-imports' }
    return { path: swerveModule(server ? 'runtime/server/index' : 'runtime/app/index') }
  })
  // Nuxt's `#components`: the built-in components by every name (`import { NuxtLink } from '#components'`).
  build.onResolve({ filter: /^#components$/ }, () => ({ path: 'components', namespace: 'swerve-components' }))
  build.onLoad({ filter: /.*/, namespace: 'swerve-components' }, () => ({
    contents: `export { ${Object.entries(BUILTIN_COMPONENTS).map(([name, exported]) => name === exported ? name : `${exported} as ${name}`).join(', ')} } from '#app'\n`,
    loader: 'js',
    resolveDir: config.root,
  }))
  if (config.modules) moduleAliases(build, config.modules, isServerCode)
  build.onResolve({ filter: /^swerve\// }, (args) => {
    const entry = PUBLIC_ENTRIES[args.path]
    if (!entry) return { errors: [{ text: `"${args.path}" is not a swerve entry. Use swerve/server, swerve/app or swerve/config.` }] }
    return { path: swerveModule(entry) }
  })
}

/** A module's server runtime (`runtime/server/`): its `#imports` are the server's. */
const MODULE_SERVER = /\/runtime\/server\//

/**
 * What Nuxt modules' code imports (docs/modules.md): `nuxt/app` and `#app/*` as swerve's app,
 * `#build/*` and the aliases modules add, and Nitro's virtual modules by id.
 */
function moduleAliases(build: PluginBuild, modules: KitResult, isServerCode: (importer: string) => boolean): void {
  build.onResolve({ filter: /^(nuxt\/app|#app\/.*)$/ }, () => ({ path: swerveModule('runtime/app/index') }))
  build.onResolve({ filter: /^(nitropack\/runtime|nitro\/cache|nitro\/runtime|#internal\/nitro)$/ }, () => ({ path: swerveModule('runtime/server/nitro') }))
  const keys = Object.keys(modules.alias).sort((a, b) => b.length - a.length)
  build.onResolve({ filter: /^[#@~\w]/ }, (args) => {
    if (args.pluginData?.swerveAlias) return undefined
    const key = keys.find(key => args.path === key || args.path.startsWith(`${key}/`))
    // Nitro's virtual modules are the server's: where an alias names the same id, the app's code gets the alias, as in Nuxt.
    if (args.path in modules.virtual && (!key || isServerCode(args.importer))) return { path: args.path, namespace: 'swerve-nitro-virtual' }
    if (!key) return undefined
    const target = withModuleExtension(modules.alias[key]! + args.path.slice(key.length))
    return build.resolve(target, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { swerveAlias: true } })
  })
  build.onLoad({ filter: /.*/, namespace: 'swerve-imports' }, async () => ({ contents: await nuxtImports(modules), loader: 'js', resolveDir: modules.alias['#build'] }))
  build.onLoad({ filter: /.*/, namespace: 'swerve-nitro-virtual' }, args => ({ contents: modules.virtual[args.path], loader: 'js', resolveDir: modules.alias['#build'] }))
}

/** Nuxt's `#imports` for module code: Vue's exports, swerve's app (which wins), and the imports modules added. */
async function nuxtImports(modules: KitResult): Promise<string> {
  const app = swerveModule('runtime/app/index')
  const own = (await scanExports(app, false)).map(entry => entry.name)
  const added = modules.imports.filter(entry => !own.includes(entry.as ?? entry.name))
  return [
    `export * from 'vue'`,
    `export { ${own.join(', ')} } from ${JSON.stringify(app)}`,
    // Nuxt's `#app` still has Vue 2's flags; modules written for both read them.
    ...['isVue2', 'isVue3'].some(name => own.includes(name)) ? [] : ['export const isVue2 = false', 'export const isVue3 = true'],
    ...added.map(entry => `export { ${entry.name === (entry.as ?? entry.name) ? entry.name : `${entry.name} as ${entry.as}`} } from ${JSON.stringify(entry.from)}`),
  ].join('\n')
}

/** A template's path as a module names it: `#build/x` for `x.mjs`, a folder for its `index.mjs` (esbuild tries neither). */
function withModuleExtension(path: string): string {
  if (!path.startsWith('/')) return path
  if (existsSync(path) && statSync(path).isDirectory()) return ['index.mjs', 'index.js', 'index.ts'].map(file => join(path, file)).find(existsSync) ?? path
  return existsSync(path) ? path : [`${path}.mjs`].find(existsSync) ?? path
}

/** The constants declared in types/env.d.ts, and Vue's own flags. */
export function defineFlags(config: ResolvedConfig, target: Target, cookies: boolean): Record<string, string> {
  return {
    __SWERVE_SW_COOKIES__: String(cookies),
    __SWERVE_TIMINGS__: String(config.timings),
    // The worker syncs when an origin can answer; the origins answer. The page loads its side on demand.
    __SWERVE_SYNC__: String(config.sync.bases.length > 0 && target.name === 'sw' && hasOrigin(config)),
    __SWERVE_SYNC_ROUTE__: String(config.sync.bases.length > 0 && target.origin),
    __SWERVE_WORKER__: String(target.name === 'sw'),
    'import.meta.server': String(!target.client),
    'import.meta.client': String(target.client),
    'import.meta.dev': String(config.dev),
    'process.env.NODE_ENV': config.dev ? '"development"' : '"production"',
    // Browsers have no process: other `process.env.X` a library reads are undefined, as Vite has them.
    ...target.platform === 'node' ? {} : { 'process.env': '{}' },
    __VUE_OPTIONS_API__: String(config.vue.optionsApi),
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  }
}

/** Each build's (or dev server's) compiled SFCs, shared by its bundles. */
const compiledSfcs = new WeakMap<AutoImports, Map<string, CompiledSfc>>()

const requireShim = "import { createRequire as __swerveRequire } from 'node:module'; const require = __swerveRequire(import.meta.url);"

export interface BundleInput {
  config: ResolvedConfig
  target: Target
  modules: VirtualModules
  imports: AutoImports
  cookies?: boolean
  plugins?: Plugin[]
  /** Dev client: shared packages are imported from these URLs instead of bundled. */
  sharedAs?: (specifier: string) => string
  css: CssTools
}

/** What every bundle for `target` shares, plugins aside (the dev bundle of shared packages too). */
function targetOptions(config: ResolvedConfig, target: Target, cookies: boolean): BuildOptions {
  const node = target.platform === 'node'
  return {
    absWorkingDir: config.root,
    bundle: true,
    external: RUNTIME_PACKAGES[target.name],
    minify: !config.dev,
    sourcemap: config.dev ? 'linked' : false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    target: node ? 'node20' : 'es2022',
    // `.tsx`/`.jsx` components and pages: Vue's JSX runtime, as Nuxt sets it up.
    jsx: 'automatic',
    jsxImportSource: 'vue',
    platform: target.platform,
    conditions: target.conditions,
    define: defineFlags(config, target, cookies),
    // Node ESM: CommonJS dependencies inside the bundle still call require().
    banner: node ? { js: requireShim } : undefined,
  }
}

export function createBuildOptions({ config, target, modules, imports, cookies = false, plugins = [], sharedAs, css }: BundleInput): BuildOptions {
  const cache = compiledSfcs.get(imports) ?? new Map<string, CompiledSfc>()
  compiledSfcs.set(imports, cache)
  const node = target.platform === 'node'
  return {
    ...targetOptions(config, target, cookies),
    // Nuxt modules' Vite plugins around swerve's own (build/vite-host.ts): the page's, or the worker's and servers'.
    plugins: withVitePlugins(config.modules?.vitePlugins ?? [], [
      ...target.client ? [] : [serverStylesPlugin],
      // Node: dev leaves the shared packages to Node; a build bundles Vue's ES module builds.
      resolvePlugin(config, { external: config.dev && node, node: !config.dev && node, sharedAs }),
      virtualPlugin(modules, config.root),
      vuePlugin({ root: config.root, ssr: !target.client, dev: config.dev, hmr: config.dev && target.client, transform: imports.transform, version: () => imports.version, cache, css }),
      stylesheetPlugin(css, config.root, config.dev),
      publicUrlPlugin(config),
      autoImportPlugin(imports, { dev: config.dev }),
      ...plugins,
    ], { ssr: !target.client, root: config.root }),
    metafile: true,
    write: true,
  }
}

/** The dev bundle of shared packages: an entry per specifier, in a namespace of its own. */
const SHARED_ENTRY = 'swerve-shared:'

/**
 * Dev: `specifiers` (shared packages the client imports) as ES modules in `outdir`,
 * one file per specifier (`vue` → `vue.js`, `@unhead/vue/client` → `@unhead/vue/client.js`)
 * and chunks for what they share, so every specifier meets the same Vue.
 */
export function sharedPackagesOptions(config: ResolvedConfig, specifiers: string[], outdir: string): BuildOptions {
  return {
    // The client's own options (dev: source maps, no minifying), so the packages see the client's flags.
    ...targetOptions(config, targets.client, false),
    entryPoints: Object.fromEntries(specifiers.map(specifier => [specifier, `${SHARED_ENTRY}${specifier}`])),
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [
      {
        name: 'swerve:shared-entries',
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${SHARED_ENTRY}`) }, args => ({ path: args.path.slice(SHARED_ENTRY.length), namespace: 'swerve-shared' }))
          // A namespace import first: `default` is re-exported as whatever the package has (undefined if none).
          build.onLoad({ filter: /.*/, namespace: 'swerve-shared' }, args => ({
            contents: `import * as all from ${JSON.stringify(args.path)}\nexport * from ${JSON.stringify(args.path)}\nexport default all.default\n`,
            resolveDir: config.root,
          }))
        },
      },
      resolvePlugin(config),
    ],
  }
}
