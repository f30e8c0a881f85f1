/** What modules registered, as swerve's build takes it (see KitResult). */
import { basename, isAbsolute, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'
import { defu } from 'defu'
import type { ComponentsDir, Nuxt, NuxtPage } from '@nuxt/schema'
import type { AppScan } from '../scan.ts'
import { componentName, listFiles } from '../scan.ts'
import { COMPONENT_FILE, pageKey, type PageRoute } from '../routes.ts'
import type { HeadConfig } from '../../runtime/config.ts'
import type { KitResult } from './result.ts'
import type { Registered } from './install.ts'
import { findScript, localFiles } from './modules.ts'
import { nitroOf } from './host.ts'
import { applies, hooksOf, RUNNABLE_HOOKS, vitePluginWarning } from './vite-plugins.ts'

/** Aliases swerve resolves itself (build/paths.ts, build/bundle.ts). */
const OWN_ALIASES = new Set(['~', '@', '~~', '@@', '#app', '#imports'])

const posix = (path: string) => path.split('\\').join('/')

/** A path a module names, its alias (`~`, `#build`, a module's own) replaced. */
function unalias(nuxt: Nuxt, file: string): string {
  for (const [key, target] of Object.entries(nuxt.options.alias)) {
    if (file === key || file.startsWith(`${key}/`)) return join(target, file.slice(key.length))
  }
  return file
}

/** A folder a module names (`addImportsDir`): never its index file. */
const resolveDir = (nuxt: Nuxt, dir: string): string => resolve(nuxt.options.rootDir, unalias(nuxt, dir))

/** A file a module names (an alias, `#build/x`, an absolute path or a package's file) as an absolute path. */
function resolveFile(nuxt: Nuxt, file: string): string {
  const path = unalias(nuxt, file)
  if (isAbsolute(path)) return findScript(path) ?? path
  try {
    return createRequire(join(nuxt.options.rootDir, 'package.json')).resolve(path)
  } catch {
    return resolve(nuxt.options.rootDir, path)
  }
}

/** New items of an array, or changed values, of `after` against `before` (app.head: what modules added). */
function added(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(after)) {
    const was = before[key]
    if (Array.isArray(value)) {
      const seen = new Set((Array.isArray(was) ? was : []).map(item => JSON.stringify(item)))
      const fresh = value.filter(item => !seen.has(JSON.stringify(item)))
      if (fresh.length) out[key] = fresh
    } else if (JSON.stringify(value) !== JSON.stringify(was)) out[key] = value
  }
  return out
}

/** A page's full path: its own when absolute (or at the top), else under its parent's. */
function fullPath(path: string, prefix?: string): string {
  if (prefix === undefined || path.startsWith('/')) return path
  const full = `${prefix.replace(/\/$/, '')}/${path}`
  return full.length > 1 ? full.replace(/\/$/, '') : full
}

/**
 * The pages after `pages:extend`, walked as the tree it is: scanned pages the modules left are
 * kept, the others removed; every other page is a module's (`fixed`), nested in the page whose
 * `children` it is in (a module's own parent, or a file-based page).
 */
function pagesOf(nuxt: Nuxt, pages: NuxtPage[], scan: AppScan, scanned: Map<NuxtPage, PageRoute>): KitResult['pages'] {
  const rel = (file: string) => posix(relative(scan.root, resolveFile(nuxt, file)))
  const added: PageRoute[] = []
  const kept = new Set<PageRoute>()
  const walk = (nodes: NuxtPage[], parent?: { key: string, path: string }) => {
    for (const node of nodes) {
      const path = fullPath(node.path, parent?.path)
      const own = scanned.get(node)
      let key: string | undefined
      if (own) {
        kept.add(own)
        key = pageKey(own)
      } else if (node.file) {
        const page: PageRoute = { path, name: node.name ?? (node.children?.length ? '' : path), file: rel(node.file), static: !/[:*(]/.test(path), segments: [], fixed: true, ...(parent ? { parent: { key: parent.key, path: node.path } } : {}) }
        added.push(page)
        key = pageKey(page)
      }
      walk(node.children ?? [], key ? { key, path } : parent)
    }
  }
  walk(pages)
  return { added, removed: scan.pages.filter(page => !kept.has(page)).map(page => page.path) }
}

function componentDirsOf(nuxt: Nuxt, dirs: (string | ComponentsDir)[], root: string) {
  return dirs.map(dir => typeof dir === 'string' ? { path: dir } : dir).map(dir => {
    const path = resolveFile(nuxt, dir.path)
    return { path, prefix: dir.prefix ?? '', files: listFiles(path, '.', COMPONENT_FILE).map(file => ({ name: componentName(`${dir.prefix ? `${dir.prefix}/` : ''}${dir.pathPrefix === false ? basename(file) : file}`), file: posix(relative(root, join(path, file))) })) }
  })
}

export function toSwerve(nuxt: Nuxt, registered: Registered, scan: AppScan, before: { head: Record<string, unknown>, rootAttrs: Record<string, unknown>, alias: Record<string, string>, scanned: Map<NuxtPage, PageRoute> }): KitResult {
  const { options } = nuxt
  const nitro = nitroOf(options)
  const root = scan.root
  const warnings: string[] = []
  const rel = (file: string) => posix(relative(root, resolveFile(nuxt, file)))
  const scannedPlugins = new Set(scan.plugins.map(plugin => plugin.file))
  const plugins = [...registered.app.plugins]
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
    .map(plugin => ({ file: rel(plugin.src), name: rel(plugin.src).replace(/^(\.\.\/)+|\.[cm]?[jt]s$/g, ''), mode: plugin.mode === 'all' || !plugin.mode ? 'both' : plugin.mode } as const))
    .filter(plugin => !scannedPlugins.has(plugin.file))
  const scannedMiddleware = new Set(scan.middleware.map(m => m.file))
  const components = [
    ...registered.components.map(c => {
      if (c.export && c.export !== 'default') warnings.push(`addComponent: ${c.pascalName} is the export "${c.export}" of ${c.filePath}; swerve imports a component's default export.`)
      return { name: c.pascalName, file: rel(c.filePath) }
    }),
    ...componentDirsOf(nuxt, registered.componentDirs, root).flatMap(dir => dir.files),
  ]
  const handlers = options.serverHandlers
  const { app: _app, nitro: _nitro, ...runtimeConfig } = options.runtimeConfig as Record<string, unknown>
  const alias: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...options.alias, ...nitro.alias })) {
    if (!OWN_ALIASES.has(key) && (before.alias[key] !== value || key === '#build')) alias[key] = value as string
  }
  alias['#build'] = options.buildDir
  for (const error of registered.viteErrors) warnings.push(`A module's ${error}; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).`)
  const vitePlugins = registered.vitePlugins.filter(({ plugin }) => applies(plugin, options.dev))
  for (const { plugin } of vitePlugins) {
    const warning = vitePluginWarning(plugin)
    if (warning) warnings.push(warning)
  }
  return {
    names: (options._installedModules ?? []).map(m => m.meta?.name ?? localFiles.get(m.module) ?? m.entryPath ?? 'an inline module'),
    pages: pagesOf(nuxt, registered.pages, scan, before.scanned),
    components,
    imports: registered.imports.map(entry => ({ ...entry, from: entry.from.startsWith('.') || entry.from.startsWith('~') || entry.from.startsWith('#') ? resolveFile(nuxt, entry.from) : entry.from })),
    importDirs: registered.importDirs.map(dir => resolveDir(nuxt, dir)),
    serverImports: (nitro.imports || {}).imports ?? [],
    plugins,
    middleware: registered.app.middleware.map(m => ({ file: rel(m.path), name: m.name, global: !!m.global })).filter(m => !scannedMiddleware.has(m.file)),
    layouts: Object.values(registered.app.layouts).map(layout => ({ name: layout.name, file: rel(layout.file) })),
    serverRoutes: handlers.filter(h => !h.middleware && h.route).map(h => ({ route: h.route!, method: h.method?.toUpperCase(), file: rel(h.handler) })),
    serverMiddleware: handlers.filter(h => h.middleware || !h.route).map(h => rel(h.handler)),
    serverPlugins: (nitro.plugins ?? []).map(file => rel(file)),
    css: options.css.map(entry => typeof entry === 'string' ? entry : (entry as { src: string }).src).map(file => resolveFile(nuxt, file)),
    head: added(before.head, options.app.head as Record<string, unknown>) as HeadConfig,
    rootAttrs: added(before.rootAttrs, { ...options.app.rootAttrs }) as Record<string, string>,
    runtimeConfig: defu({}, runtimeConfig) as KitResult['runtimeConfig'],
    routeRules: options.routeRules as KitResult['routeRules'],
    alias,
    virtual: {},
    publicAssets: (nitro.publicAssets ?? []).map(asset => ({ dir: resolveFile(nuxt, asset.dir), baseURL: asset.baseURL })),
    vitePlugins: vitePlugins.filter(({ plugin }) => hooksOf(plugin).some(hook => RUNNABLE_HOOKS.includes(hook))),
    postcssPlugins: postcssPluginsOf(options.postcss?.plugins ?? {}),
    modulesDir: options.modulesDir,
    warnings,
  }
}

/** Nuxt's default PostCSS plugins, which swerve's esbuild output does without. */
const DEFAULT_POSTCSS = new Set(['autoprefixer', 'cssnano'])

function postcssPluginsOf(plugins: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plugins).filter(([name, value]) => value !== false && !DEFAULT_POSTCSS.has(name)))
}
