/** Finds an app's files (docs/guide.md) and turns them into what the code generator needs. */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { byRouteSpecificity, COMPONENT_FILE, toPageRoute, toServerRoute, type PageRoute, type ServerRoute } from './routes.ts'

export interface AppPluginFile { file: string, name: string, mode: 'both' | 'server' | 'client' }
export interface MiddlewareFile { file: string, name: string, global: boolean }

export interface ComponentFile { file: string, name: string }

export interface AppScan {
  root: string
  /** Where the app's Vue side lives: `app` (Nuxt 4 and swerve), or `.` for Nuxt 3's root-level folders. */
  appDir: string
  appVue?: string
  errorVue?: string
  /** `app.config.ts`: public values for `useAppConfig()`. */
  appConfig?: string
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
  serverAssets: string[]
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

/**
 * A component's name from its path below `components/`, as Nuxt names it: folders
 * prefix the file's name, without repeating it (`base/BaseButton.vue` → `BaseButton`,
 * `form/input/index.vue` → `FormInput`).
 */
export function componentName(path: string): string {
  const parts = path.replace(COMPONENT_FILE, '').split('/').map(pascal)
  if (parts.length > 1 && parts.at(-1) === 'Index') parts.pop()
  let name = ''
  for (const part of parts) name = part.startsWith(name) ? part : name + part
  return name
}

/** The Vue side's folder: `app/` when the app has one, else the root (Nuxt 3's layout). */
export function appDirOf(root: string): string {
  if (existsSync(join(root, 'app'))) return 'app'
  return ['pages', 'app.vue', 'components', 'layouts'].some(name => existsSync(join(root, name))) ? '.' : 'app'
}

/** `dir` of the Vue side, relative to the root: `app/pages`, or `pages` in Nuxt 3's layout. */
export const inAppDir = (appDir: string, dir: string) => appDir === '.' ? dir : `${appDir}/${dir}`

export function scanApp(root: string): AppScan {
  const appDir = appDirOf(root)
  const under = (dir: string) => inAppDir(appDir, dir)
  const exists = (file: string) => existsSync(join(root, file)) ? file : undefined
  const pluginsDir = under('plugins')
  const componentsDir = under('components')
  const plugins = listFiles(root, pluginsDir, SCRIPT).filter(f => !f.slice(pluginsDir.length + 1).includes('/')).map((file) => {
    const name = baseName(file)
    const mode = name.endsWith('.server') ? 'server' : name.endsWith('.client') ? 'client' : 'both'
    return { file, name: name.replace(/\.(server|client)$/, ''), mode } as AppPluginFile
  })
  const middleware = listFiles(root, under('middleware'), SCRIPT).map((file) => {
    const name = baseName(file)
    return { file, name: name.replace(/\.global$/, ''), global: name.endsWith('.global') }
  })
  return {
    root,
    appDir,
    appVue: exists(under('app.vue')),
    errorVue: exists(under('error.vue')),
    appConfig: ['app.config.ts', 'app.config.mjs', 'app.config.js'].map(under).find(exists),
    pages: listFiles(root, under('pages'), COMPONENT_FILE).map(f => toPageRoute(f, under('pages'))).sort(byRouteSpecificity),
    components: listFiles(root, componentsDir, COMPONENT_FILE).map(file => ({ file, name: componentName(file.slice(componentsDir.length + 1)) })),
    layouts: listFiles(root, under('layouts'), COMPONENT_FILE).filter(f => !f.slice(under('layouts').length + 1).includes('/')).map(file => ({ file, name: baseName(file).replace(COMPONENT_FILE, '') })),
    importFiles: [...listFiles(root, under('composables'), SCRIPT), ...listFiles(root, under('utils'), SCRIPT), ...listFiles(root, 'server/utils', SCRIPT)],
    plugins,
    middleware,
    serverPlugins: listFiles(root, 'server/plugins', SCRIPT),
    serverMiddleware: listFiles(root, 'server/middleware', SCRIPT),
    serverRoutes: [
      ...listFiles(root, 'server/api', SCRIPT).map(f => toServerRoute(f, 'server/api', 'api')),
      ...listFiles(root, 'server/routes', SCRIPT).map(f => toServerRoute(f, 'server/routes', '')),
    ].sort(byRouteSpecificity),
    serverAssets: listFiles(root, 'server/assets'),
    publicFiles: listFiles(root, 'public'),
  }
}
