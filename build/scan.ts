/** Finds an app's files (docs/guide.md) and turns them into what the code generator needs. */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { byRouteSpecificity, toPageRoute, toServerRoute, type PageRoute, type ServerRoute } from './routes.ts'

export interface AppPluginFile { file: string, name: string, mode: 'both' | 'server' | 'client' }
export interface MiddlewareFile { file: string, name: string, global: boolean }

export interface AppScan {
  root: string
  appVue?: string
  errorVue?: string
  pages: PageRoute[]
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

export function scanApp(root: string): AppScan {
  const exists = (file: string) => existsSync(join(root, file)) ? file : undefined
  const plugins = listFiles(root, 'app/plugins', SCRIPT).filter(f => !f.slice('app/plugins/'.length).includes('/')).map((file) => {
    const name = baseName(file)
    const mode = name.endsWith('.server') ? 'server' : name.endsWith('.client') ? 'client' : 'both'
    return { file, name: name.replace(/\.(server|client)$/, ''), mode } as AppPluginFile
  })
  const middleware = listFiles(root, 'app/middleware', SCRIPT).map((file) => {
    const name = baseName(file)
    return { file, name: name.replace(/\.global$/, ''), global: name.endsWith('.global') }
  })
  return {
    root,
    appVue: exists('app/app.vue'),
    errorVue: exists('app/error.vue'),
    pages: listFiles(root, 'app/pages', /\.vue$/).map(f => toPageRoute(f)).sort(byRouteSpecificity),
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
