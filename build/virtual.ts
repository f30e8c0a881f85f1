/**
 * Generated modules: how the build hands its decisions to the runtime. Each
 * has a typed stub in `runtime/virtual/` for tsc and unit tests; each bundle
 * gets the modules its stage can fill (build/context.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { uneval } from 'devalue'
import type { Plugin } from 'esbuild'
import type { BuiltConfig } from '../runtime/virtual/config.ts'
import type { BuildContext, ServerStage, WorkerStage } from './context.ts'
import type { ResolvedConfig } from './config.ts'
import type { StorageMount } from '../runtime/config.ts'
import type { Target } from './targets.ts'
import type { PageRoute, ServerRoute } from './routes.ts'
import { toPageTree, type PageNode } from './page-tree.ts'
import { routeOverrides } from './page-meta.ts'
import { compiledRulesCode, compileRules, createRouteRules, swrPathsOf } from '../runtime/shared/route-rules.ts'
import { driverModule, inWorkerDatabase } from './storage-mounts.ts'
import { swerveModule } from './paths.ts'
import { hasOrigin } from './presets.ts'

/** Module name below `#swerve/virtual/` → its source, generated when esbuild loads it. */
export type VirtualModules = Record<string, () => string>

const json = (value: unknown) => JSON.stringify(value)

export function toBuiltConfig(ctx: BuildContext, target: Target): BuiltConfig {
  const { config } = ctx
  const { public: publicConfig = {}, ...privateConfig } = config.runtimeConfig
  return {
    base: config.base,
    // The page learns the build from the payload: keeping it out of the client bundle keeps
    // unchanged files byte-identical across builds, so updates fetch only what changed.
    buildId: target.client ? '' : config.buildId,
    dev: config.dev,
    head: config.app.head as Record<string, unknown>,
    rootAttrs: config.app.rootAttrs,
    manifest: config.manifest ? { themeColor: config.manifest.theme_color } : false,
    bodyLimit: config.server.bodyLimit,
    security: { checkOrigin: config.security.checkOrigin, cspNonce: config.csp.nonce },
    routeRules: config.routeRules,
    // The page and the worker run on the visitor's device: private values never go there.
    runtimeConfig: target.origin ? { ...privateConfig, public: publicConfig } : { public: publicConfig },
    hasOrigin: hasOrigin(config),
    sw: { enabled: !config.dev || config.devSw, updates: config.sw.updates, navigation: config.sw.navigation, navigationPreload: config.sw.navigationPreload, renderCache: config.sw.renderCache, selfDestroy: config.selfDestroy },
    // A static host has no sync route: without an origin, synced bases stay local.
    sync: hasOrigin(config) ? config.sync : { ...config.sync, bases: [] },
  }
}

/**
 * Storage mounts: the drivers the config names, with their options (runtime/virtual/storage.ts).
 * Node hosts get every mount but D1's; a Worker gets the bases on Cloudflare's databases.
 * `driver: 'db0'` imports the connector it names (runtime/server/sql-storage.ts); PostgreSQL's on a
 * pool (runtime/internals/db0.ts).
 */
function storageModule(ctx: BuildContext, target: Target): string {
  const wanted = target.name === 'node' ? (mount: StorageMount) => !inWorkerDatabase(mount) : target.name === 'cloudflare' ? inWorkerDatabase : () => false
  const mounts = Object.entries(ctx.config.storage).filter(([, mount]) => mount.driver && wanted(mount))
  const lines = mounts.map(([, { driver, connector }], i) => driver === 'db0'
    ? `import connector${i} from ${json(connector === 'postgresql' ? swerveModule('runtime/internals/db0') : `db0/connectors/${connector}`)}`
    : `import driver${i} from ${json(driverModule(driver!))}`)
  if (mounts.some(([, mount]) => mount.driver === 'db0')) lines.push(`import { sqlStorage } from ${json(swerveModule('runtime/server/sql-storage'))}`)
  const entries = mounts.map(([base, { driver, connector: _, sync: __, ...options }], i) => {
    const factory = driver === 'db0' ? `options => sqlStorage(connector${i}, options)` : `driver${i}`
    return `{ base: ${json(base)}, driver: ${factory}, options: ${json(options)} }`
  })
  lines.push(`export const mounts = [${entries.join(', ')}]`)
  return lines.join('\n')
}

/**
 * What a generated module loads on demand (pages, layouts, named middleware, server routes):
 * `load(file, name)` is the expression of a function that promises its module, or with
 * `value: 'default'` its default export. The client splits, so that is `import()`. Every other
 * bundle is one file, where esbuild would wrap such a module, and each module it imports (Vue,
 * h3, swerve's runtime), in a function run on first use: whole modules stay in the bundle that
 * tree-shaking would drop, and every start pays for the wrappers. There the module is imported
 * up front (`lines` gets the import) and handed over when asked, as Rollup inlines dynamic
 * imports. Each loader there is a closure of one shared function: a page or a route adds no
 * function of its own to the worker's code cache. The bench measured both (docs/performance.md).
 */
function onDemand(target: Target, lines: string[]) {
  let helper = false
  return (file: string, name: string, value?: 'default'): string => {
    if (target.client) return value ? `() => import(${file}).then(m => m.default)` : `() => import(${file})`
    if (!helper) lines.push('const __loaded = module => () => Promise.resolve(module)', 'const __loadedDefault = module => () => Promise.resolve(module.default)')
    helper = true
    // A namespace, not its default: a module without one fails when asked for, as an import() would.
    lines.push(`import * as ${name} from ${file}`)
    return value ? `__loadedDefault(${name})` : `__loaded(${name})`
  }
}

/** `#build/app.config`: the app's `app.config.ts`, or the app's and its layers' deep-merged (the app wins) as Nuxt merges them. */
function appConfigModule(files: string[]): string {
  if (files.length < 2) return files[0] ? `export { default } from ${files[0]}` : 'export default undefined'
  return [
    `import { mergeAppConfigs } from ${json(swerveModule('runtime/app/composables/app-config-merge'))}`,
    ...files.map((file, i) => `import appConfig${i} from ${file}`),
    `export default mergeAppConfigs([${files.map((_, i) => `appConfig${i}`).join(', ')}])`,
  ].join('\n')
}

/** The route records of a page tree, as source: each page's component loads with the route that needs it. */
function pageRoutes(pages: PageRoute[], tree: PageNode[], indent = '  '): string[] {
  return tree.map((node) => {
    const i = pages.indexOf(node.page)
    const meta = `{ file: ${json(node.page.file)}, load: page${i}${node.groups.length ? `, groups: ${json(node.groups)}` : ''} }`
    const fields = [
      `path: ${json(node.path)}`,
      ...node.name === undefined ? [] : [`name: ${json(node.name)}`],
      ...node.alias === undefined ? [] : [`alias: ${json(node.alias)}`],
      ...node.redirect === undefined ? [] : [`redirect: ${json(node.redirect)}`],
      `meta: ${meta}`,
      `component: page${i}`,
      ...node.children.length ? [`children: [\n${pageRoutes(pages, node.children, `${indent}  `).join(',\n')}\n${indent}]`] : [],
    ]
    return `${indent}{ ${fields.join(', ')} }`
  })
}

/** Page meta or a `<NuxtPage>` prop that asks for keep-alive or a page transition. */
const PAGE_WRAPPERS = /\b(?:pageTransition|keepalive)\b|<(?:NuxtPage|SwervePage|nuxt-page|swerve-page)\b[^>]*\s:?transition\b/

/**
 * Whether the page gets `<NuxtPage>`'s KeepAlive and Transition (runtime/app/components/page-wrappers.ts):
 * only when the app's Vue files name them, as Vue's transition code is a tenth of a small app's first load.
 */
function usesPageWrappers(ctx: BuildContext): boolean {
  const { scan } = ctx
  const files = [scan.appVue, ...scan.pages.map(p => p.file), ...scan.layouts.map(l => l.file), ...scan.components.map(c => c.file)]
  return files.some(file => !!file && existsSync(join(scan.root, file)) && PAGE_WRAPPERS.test(readFileSync(join(scan.root, file), 'utf8')))
}

function appModule(ctx: BuildContext, target: Target): string {
  const { scan } = ctx
  const abs = (file: string) => json(join(scan.root, file))
  const lines: string[] = []
  const load = onDemand(target, lines)
  // Global stylesheets (`css` in the config) join the page's CSS bundle.
  if (target.client) for (const file of ctx.config.css) lines.push(`import ${json(file)}`)
  lines.push(scan.appVue ? `import App from ${abs(scan.appVue)}` : 'const App = undefined')
  lines.push(scan.errorVue ? `import ErrorPage from ${abs(scan.errorVue)}` : 'const ErrorPage = undefined')
  // One merged object, which `#build/app.config` (build/kit/) also names: what updateAppConfig changes, both see.
  lines.push(`import appConfig from '#swerve/virtual/app-config'`, 'export { appConfig }')
  const plugins = scan.plugins.filter(p => p.mode === 'both' || (p.mode === 'client') === target.client)
  plugins.forEach((p, i) => lines.push(`import plugin${i} from ${abs(p.file)}`))
  // Libraries set up as their Nuxt modules would (docs/ecosystem.md), before the app's plugins.
  const builtin = ctx.config.integrations.pinia ? [{ name: 'pinia', file: swerveModule('runtime/app/pinia') }] : []
  builtin.forEach((p, i) => lines.push(`import builtin${i} from ${json(p.file)}`))
  const globals = scan.middleware.filter(m => m.global)
  globals.forEach((m, i) => lines.push(`import middleware${i} from ${abs(m.file)}`))
  // Layouts load with the navigation that needs them; an app without any imports no layout code.
  if (scan.layouts.length) lines.push(`export { SwerveLayout as Layout, preloadLayout } from 'swerve/app'`, `export const layouts = {\n${scan.layouts.map((l, i) => `  ${json(l.name)}: ${load(abs(l.file), `layout${i}`, 'default')}`).join(',\n')}\n}`)
  else lines.push('export const Layout = undefined', 'export const layouts = undefined', 'export const preloadLayout = undefined')
  const routes = pageRoutes(scan.pages, toPageTree(scan.pages, page => routeOverrides(join(scan.root, page.file))))
  // An app.vue without pages/ renders for every path, as in Nuxt.
  if (!scan.pages.length && scan.appVue) routes.push(`  { path: '/:path(.*)*', name: 'app', meta: { everyPath: true }, component: { render: () => null } }`)
  lines.push(
    'export { App, ErrorPage }',
    target.client && usesPageWrappers(ctx) ? `export { wrapPage } from ${json(swerveModule('runtime/app/components/page-wrappers'))}` : 'export const wrapPage = undefined',
    ...scan.pages.map((page, i) => `const page${i} = ${load(abs(page.file), `page${i}_module`)}`),
    `export const routes = [\n${routes.join(',\n')}\n]`,
    `export const plugins = [${[...builtin.map((p, i) => `{ name: ${json(p.name)}, plugin: builtin${i} }`), ...plugins.map((p, i) => `{ name: ${json(p.name)}, plugin: plugin${i} }`)].join(', ')}]`,
    `export const globalMiddleware = [${globals.map((m, i) => `{ name: ${json(m.name)}, handler: middleware${i} }`).join(', ')}]`,
    `export const namedMiddleware = {\n${scan.middleware.filter(m => !m.global).map((m, i) => `  ${json(m.name)}: ${load(abs(m.file), `named${i}`, 'default')}`).join(',\n')}\n}`,
  )
  return lines.join('\n')
}

const ORIGIN_FILE = /\.origin\.[cm]?[jt]s$/

/**
 * Server code that runs at the origin only (docs/routing.md): `*.origin.ts` files, and
 * routes under a `worker: false` rule (a route's pattern is checked with its params filled).
 */
export function originOnly(ctx: BuildContext): { routes: ServerRoute[], middleware: string[] } {
  const rulesFor = createRouteRules(ctx.config.routeRules)
  const sample = (route: string) => route.replace(/\*\*:?\w*|:\w+/g, 'x')
  return {
    routes: ctx.scan.serverRoutes.filter(r => r.origin || rulesFor(sample(r.route)).worker === false),
    middleware: ctx.scan.serverMiddleware.filter(file => ORIGIN_FILE.test(file)),
  }
}

/** The server code a target's bundle carries, and what it leaves to the origin. */
function bundledServer(ctx: BuildContext, target: Target) {
  const left = target.origin ? { routes: [], middleware: [] } : originOnly(ctx)
  return {
    left,
    middleware: ctx.scan.serverMiddleware.filter(file => !left.middleware.includes(file)),
    routes: ctx.scan.serverRoutes.filter(route => !left.routes.includes(route)),
  }
}

/** The worker host's view of the server: route patterns, no code (runtime/virtual/server-routes.ts). */
function serverRoutesModule(ctx: BuildContext, target: Target): string {
  const { left, routes } = bundledServer(ctx, target)
  return `export const routes = ${json(routes.map(r => r.route))}\nexport const originRoutes = ${json(left.routes.map(r => r.route))}`
}

function serverModule(ctx: BuildContext, target: Target): string {
  const { scan } = ctx
  const abs = (file: string) => json(join(scan.root, file))
  const lines: string[] = []
  const load = onDemand(target, lines)
  const { left, middleware, routes } = bundledServer(ctx, target)
  scan.serverPlugins.forEach((file, i) => lines.push(`import plugin${i} from ${abs(file)}`))
  middleware.forEach((file, i) => lines.push(`import middleware${i} from ${abs(file)}`))
  const assets = Object.fromEntries(scan.serverAssets.map(asset => [asset.name, readFileSync(join(scan.root, asset.file), 'utf8')]))
  lines.push(
    `export const plugins = [${scan.serverPlugins.map((file, i) => `{ name: ${json(file)}, plugin: plugin${i} }`).join(', ')}]`,
    `export const middleware = [${middleware.map((file, i) => `{ name: ${json(file)}, handler: middleware${i} }`).join(', ')}]`,
    `export const routes = [\n${routes.map((r, i) => `  { route: ${json(r.route)}, method: ${json(r.method)}, file: ${json(r.file)}, handler: ${load(abs(r.file), `route${i}`, 'default')} }`).join(',\n')}\n]`,
    `export const serverAssets = ${json(assets)}`,
    // Left out of this bundle: its code's $fetch sends them to the network.
    `export const originRoutes = ${json(left.routes.map(r => r.route))}`,
  )
  return lines.join('\n')
}

const exportDefault = (value: unknown) => `export default ${json(value)}`

/** The client: the app and the config, no server code. */
export function clientModules(ctx: BuildContext, target: Target): VirtualModules {
  return {
    app: () => appModule(ctx, target),
    'app-config': () => appConfigModule(ctx.scan.appConfigs.map(file => json(join(ctx.scan.root, file)))),
    config: () => exportDefault(toBuiltConfig(ctx, target)),
  }
}

/** `routeRules` compiled (runtime/virtual/route-rules.ts): no host compiles them at start. */
function routeRulesModule(ctx: BuildContext): string {
  const rules = ctx.config.routeRules
  return `export const compiledRules = ${compiledRulesCode(compileRules(rules))}\nexport const swrPaths = ${json(swrPathsOf(rules))}`
}

/** A server host: the app, its server code, the client's files to link, the config, the compiled rules. */
export function serverModules(ctx: ServerStage, target: Target): VirtualModules {
  return {
    ...clientModules(ctx, target),
    server: () => serverModule(ctx, target),
    'route-rules': () => routeRulesModule(ctx),
    storage: () => storageModule(ctx, target),
    'client-assets': () => exportDefault(ctx.clientAssets),
  }
}

/** The worker: a server host plus the precache manifest. */
/** The worker's runtime caching: Workbox's modules only when there are rules (sw/runtime-caching.ts). */
function runtimeCachingModule(rules: ResolvedConfig['sw']['runtimeCaching']): string {
  if (!rules.length) return 'export default undefined'
  // devalue writes the rules as JavaScript: RegExps as literals, the rest as data.
  return `import { createRuntimeCaching } from ${JSON.stringify(swerveModule('sw/runtime-caching'))}\nexport default createRuntimeCaching(${uneval(rules)})`
}

export function workerModules(ctx: WorkerStage, target: Target): VirtualModules {
  return {
    ...serverModules(ctx, target),
    'precache': () => exportDefault(ctx.precache),
    'server-routes': () => serverRoutesModule(ctx, target),
    'runtime-caching': () => runtimeCachingModule(ctx.config.sw.runtimeCaching),
  }
}

export function virtualPlugin(modules: VirtualModules, root: string): Plugin {
  return {
    name: 'swerve:virtual',
    setup(build) {
      build.onResolve({ filter: /^#swerve\/virtual\// }, args => ({ path: args.path.slice('#swerve/virtual/'.length), namespace: 'swerve-virtual' }))
      build.onLoad({ filter: /.*/, namespace: 'swerve-virtual' }, (args) => {
        const generate = modules[args.path]
        if (!generate) return { errors: [{ text: `#swerve/virtual/${args.path} is not available in this bundle.` }] }
        return { contents: generate(), loader: 'js', resolveDir: root }
      })
    },
  }
}
