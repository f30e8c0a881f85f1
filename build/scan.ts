/** Finds an app's files (docs/guide.md) and turns them into what the code generator needs. */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { byRouteSpecificity, COMPONENT_FILE, pageKey, toPageRoute, toServerRoute, type PageRoute, type ServerRoute } from './routes.ts'
import type { KitResult } from './kit/result.ts'

export interface AppPluginFile { file: string, name: string, mode: 'both' | 'server' | 'client' }
export interface MiddlewareFile { file: string, name: string, global: boolean }

export interface ComponentFile { file: string, name: string }

export interface AppScan {
  root: string
  /** Where the app's Vue side lives: `app` (Nuxt 4 and swerve), or `.` for Nuxt 3's root-level folders. */
  appDir: string
  appVue?: string
  errorVue?: string
  /** The app's and its layers' folders, the app first (build/layers.ts). */
  layers: LayerDirs[]
  /** `app.config.ts` of the app and of each layer, the app first: deep-merged for `useAppConfig()`. */
  appConfigs: string[]
  pages: PageRoute[]
  /** `components/**` by the name templates use (`base/Button.vue` → `BaseButton`). */
  components: ComponentFile[]
  /** `layouts/*.vue` by name (`default`, `wide`). */
  layouts: ComponentFile[]
  /** Files whose exports are auto-imported (`composables/`, `utils/`, `server/utils/`). */
  importFiles: string[]
  plugins: AppPluginFile[]
  middleware: MiddlewareFile[]
  serverPlugins: string[]
  serverMiddleware: string[]
  serverRoutes: ServerRoute[]
  /** Files under `server/assets/`, by their name there. */
  serverAssets: { file: string, name: string }[]
  publicFiles: string[]
}

const SCRIPT = /\.[cm]?[jt]s$/

/** Files below `dir`, relative to `root`, POSIX, sorted by name so `01.a` runs before `02.b`. */
export function listFiles(root: string, dir: string, pattern?: RegExp): string[] {
  const absolute = join(root, dir)
  if (!existsSync(absolute)) return []
  const files = (readdirSync(absolute, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter(entry => entry.isFile())
    .map(entry => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter(file => !pattern || pattern.test(file))
  return files.sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1).replace(SCRIPT, '')
}

const pascal = (part: string) => part.split(/[-_.\s]+/).filter(Boolean).map(word => word[0].toUpperCase() + word.slice(1)).join('')

/** `.client` (rendered in the page only) or `.server` (no islands here: rendered on both sides, with a build warning). */
export const COMPONENT_MODE = /\.(client|server)$/

/** `.server` components, for the build's warning: swerve renders them as plain components. */
export function serverComponentWarnings(scan: AppScan): string[] {
  return scan.components.filter(c => /\.server\.(?:vue|[jt]sx)$/.test(c.file)).map(c => `${c.file}: <${c.name}> is a server component, which needs Nuxt's component islands; swerve has none, so it renders as a plain component, on the server and in the page (its code is in the page's JS).`)
}

/**
 * A component's name from its path below `components/`, as Nuxt names it: folders
 * prefix the file's name, without repeating it (`base/BaseButton.vue` → `BaseButton`,
 * `form/input/index.vue` → `FormInput`).
 */
export function componentName(path: string): string {
  // `Clock.client.vue` and `Card.server.vue` are `<Clock>` and `<Card>` (COMPONENT_MODE says how they render).
  const parts = path.replace(COMPONENT_FILE, '').replace(COMPONENT_MODE, '').split('/').map(pascal)
  if (parts.length > 1 && parts.at(-1) === 'Index') parts.pop()
  let name = ''
  for (const part of parts) name = part.startsWith(name) ? part : name + part
  return name
}

/** What sits at the root in Nuxt 3's layout: any of them (a layer may have plugins/ alone) says so. */
const ROOT_LAYOUT = ['pages', 'app.vue', 'error.vue', 'app.config.ts', 'components', 'layouts', 'plugins', 'composables', 'utils', 'middleware']

/** The Vue side's folder: `app/` when the app has one, else the root (Nuxt 3's layout). */
export function appDirOf(root: string): string {
  if (existsSync(join(root, 'app'))) return 'app'
  return ROOT_LAYOUT.some(name => existsSync(join(root, name))) ? '.' : 'app'
}

/** `dir` of the Vue side, relative to the root: `app/pages`, or `pages` in Nuxt 3's layout. */
export const inAppDir = (appDir: string, dir: string) => appDir === '.' ? dir : `${appDir}/${dir}`

/** A layer's folder and how its files are laid out (build/layers.ts); the app is the first. */
export interface LayerDirs {
  root: string
  /** `app` (Nuxt 4 and swerve), or `.` (Nuxt 3's root-level folders). */
  appDir: string
  /** Component folders instead of `components/`, relative to `appDir`, with their name prefixes. */
  components?: { path: string, prefix?: string }[]
}

/** One layer's files, relative to its own root. */
function scanLayer({ root, appDir, components: componentDirs }: LayerDirs): Omit<AppScan, 'root' | 'appDir' | 'layers' | 'appConfigs'> & { appConfig?: string } {
  const under = (dir: string) => inAppDir(appDir, dir)
  const exists = (file: string) => existsSync(join(root, file)) ? file : undefined
  const pluginsDir = under('plugins')
  const plugins = listFiles(root, pluginsDir, SCRIPT).filter(f => !f.slice(pluginsDir.length + 1).includes('/')).map((file) => {
    const name = baseName(file)
    const mode = name.endsWith('.server') ? 'server' : name.endsWith('.client') ? 'client' : 'both'
    return { file, name: name.replace(/\.(server|client)$/, ''), mode } as AppPluginFile
  })
  const middleware = listFiles(root, under('middleware'), SCRIPT).map((file) => {
    const name = baseName(file)
    return { file, name: name.replace(/\.global$/, ''), global: name.endsWith('.global') }
  })
  const components = (componentDirs ?? [{ path: 'components' }]).flatMap(({ path, prefix = '' }) => {
    const dir = relative(root, join(root, appDir, path)).split('\\').join('/')
    return listFiles(root, dir, COMPONENT_FILE).map(file => ({ file, name: componentName(`${prefix}${prefix ? '/' : ''}${file.slice(dir.length + 1)}`) }))
  })
  return {
    appVue: exists(under('app.vue')),
    errorVue: exists(under('error.vue')),
    appConfig: ['app.config.ts', 'app.config.mjs', 'app.config.js'].map(under).find(exists),
    pages: listFiles(root, under('pages'), COMPONENT_FILE).map(f => toPageRoute(f, under('pages'))),
    components,
    layouts: listFiles(root, under('layouts'), COMPONENT_FILE).filter(f => !f.slice(under('layouts').length + 1).includes('/')).map(file => ({ file, name: baseName(file).replace(COMPONENT_FILE, '') })),
    importFiles: [...listFiles(root, under('composables'), SCRIPT), ...listFiles(root, under('utils'), SCRIPT), ...listFiles(root, 'server/utils', SCRIPT)],
    plugins,
    middleware,
    serverPlugins: listFiles(root, 'server/plugins', SCRIPT),
    serverMiddleware: listFiles(root, 'server/middleware', SCRIPT),
    serverRoutes: [
      ...listFiles(root, 'server/api', SCRIPT).map(f => toServerRoute(f, 'server/api', 'api')),
      ...listFiles(root, 'server/routes', SCRIPT).map(f => toServerRoute(f, 'server/routes', '')),
    ],
    serverAssets: listFiles(root, 'server/assets').map(file => ({ file, name: file.slice('server/assets/'.length) })),
    publicFiles: listFiles(root, 'public'),
  }
}

/** The first of each key, in order: the app's, then each layer's. */
const firstBy = <T>(items: T[], key: (item: T) => string): T[] => {
  const seen = new Set<string>()
  return items.filter(item => !seen.has(key(item)) && !!seen.add(key(item)))
}

/**
 * An app's files, with its layers' (docs/conventions.md#layers). Paths are relative to the
 * app's root (a layer's may start with `../`). Where two define one thing (a page's path,
 * a component's or layout's name, a named middleware, a route and method, an asset), the
 * app wins, then earlier layers; plugins and server plugins and middleware of every layer
 * run, the last layer's first and the app's last, as in Nuxt.
 */
export function scanApp(root: string, layerDirs: LayerDirs[] = [{ root, appDir: appDirOf(root) }], modules?: KitResult): AppScan {
  const scan = scanFiles(root, layerDirs)
  return modules ? withModuleFiles(scan, modules) : scan
}

/**
 * The app's pages and its modules': a module's page at the top yields to a page of the app's
 * path; a module's child (in a parent's `children`) is told apart by its file, as an index
 * child shares its parent's full path.
 */
function withModulePages(pages: PageRoute[], added: PageRoute[]): PageRoute[] {
  const paths = new Set(pages.map(page => page.path))
  const fromModules = firstBy(added.filter(page => page.parent || !paths.has(page.path)), page => page.parent ? pageKey(page) : page.path)
  return [...pages, ...fromModules].sort(byRouteSpecificity)
}

/**
 * The app's files and what its Nuxt modules registered (build/kit/): pages from `pages:extend`
 * (a page they removed is gone), components, layouts and middleware after the app's (the app's
 * win), plugins before the app's, server routes, middleware and plugins beside the app's.
 */
function withModuleFiles(scan: AppScan, modules: KitResult): AppScan {
  const removed = new Set(modules.pages.removed)
  return {
    ...scan,
    appConfigs: modules.appConfig ? [...scan.appConfigs, modules.appConfig] : scan.appConfigs,
    pages: withModulePages(scan.pages.filter(page => !removed.has(page.path)), modules.pages.added),
    components: firstBy([...scan.components, ...modules.components], c => c.name),
    layouts: firstBy([...scan.layouts, ...modules.layouts], l => l.name),
    plugins: [...modules.plugins, ...scan.plugins],
    middleware: [...scan.middleware.filter(m => !m.global), ...modules.middleware.filter(m => !m.global), ...modules.middleware.filter(m => m.global), ...scan.middleware.filter(m => m.global)],
    serverPlugins: [...modules.serverPlugins, ...scan.serverPlugins],
    serverMiddleware: [...modules.serverMiddleware, ...scan.serverMiddleware],
    serverRoutes: firstBy([...scan.serverRoutes, ...modules.serverRoutes], r => `${r.method ?? '*'} ${r.route}`).sort(byRouteSpecificity),
  }
}

function scanFiles(root: string, layerDirs: LayerDirs[]): AppScan {
  const scans = layerDirs.map((layer) => {
    const scan = scanLayer(layer)
    const rebase = (file: string) => relative(root, join(layer.root, file)).split('\\').join('/')
    return {
      appVue: scan.appVue && rebase(scan.appVue),
      errorVue: scan.errorVue && rebase(scan.errorVue),
      appConfig: scan.appConfig && rebase(scan.appConfig),
      pages: scan.pages.map(page => ({ ...page, file: rebase(page.file) })),
      components: scan.components.map(c => ({ ...c, file: rebase(c.file) })),
      layouts: scan.layouts.map(l => ({ ...l, file: rebase(l.file) })),
      importFiles: scan.importFiles.map(rebase),
      plugins: scan.plugins.map(p => ({ ...p, file: rebase(p.file) })),
      middleware: scan.middleware.map(m => ({ ...m, file: rebase(m.file) })),
      serverPlugins: scan.serverPlugins.map(rebase),
      serverMiddleware: scan.serverMiddleware.map(rebase),
      serverRoutes: scan.serverRoutes.map(r => ({ ...r, file: rebase(r.file) })),
      serverAssets: scan.serverAssets.map(a => ({ ...a, file: rebase(a.file) })),
      publicFiles: scan.publicFiles.map(rebase),
    }
  })
  const all = <K extends keyof typeof scans[number]>(key: K) => scans.flatMap(scan => scan[key] as any[]) as NonNullable<typeof scans[number][K]> extends (infer T)[] ? T[] : never
  /** Run in layer order: the last layer's first, the app's last. */
  const running = <K extends 'plugins' | 'serverPlugins' | 'serverMiddleware'>(key: K) => [...scans].reverse().flatMap(scan => scan[key] as any[]) as typeof scans[number][K]
  const middleware = all('middleware')
  return {
    root,
    appDir: layerDirs[0]!.appDir,
    layers: layerDirs,
    appVue: scans.find(scan => scan.appVue)?.appVue,
    errorVue: scans.find(scan => scan.errorVue)?.errorVue,
    appConfigs: scans.flatMap(scan => scan.appConfig ? [scan.appConfig] : []),
    // A page is the app's or the first layer's with its file's place under pages/ (nested pages share paths).
    pages: firstBy(all('pages'), page => page.segments.join('/')).sort(byRouteSpecificity),
    components: firstBy(all('components'), c => c.name),
    layouts: firstBy(all('layouts'), l => l.name),
    importFiles: all('importFiles'),
    plugins: running('plugins'),
    middleware: [...firstBy(middleware.filter(m => !m.global), m => m.name), ...[...scans].reverse().flatMap(scan => scan.middleware.filter(m => m.global))],
    serverPlugins: running('serverPlugins'),
    serverMiddleware: running('serverMiddleware'),
    serverRoutes: firstBy(all('serverRoutes'), r => `${r.method ?? '*'} ${r.route}`).sort(byRouteSpecificity),
    serverAssets: firstBy(all('serverAssets'), a => a.name),
    publicFiles: all('publicFiles'),
  }
}
