/**
 * What an app's Nuxt modules registered, as swerve's build reads it (build/scan.ts,
 * build/imports.ts, build/bundle.ts, build/config.ts). Paths of files are relative to the
 * app's root, as build/scan.ts has them.
 */
import type { Import } from 'unimport'
import type { HeadConfig, RouteRules } from '../../runtime/config.ts'
import type { PageRoute, ServerRoute } from '../routes.ts'
import type { ModuleVitePlugin } from './vite-plugins.ts'

export interface ComponentFile { file: string, name: string }

export interface KitResult {
  /** The modules installed, by name. */
  names: string[]
  pages: { added: PageRoute[], removed: string[] }
  components: ComponentFile[]
  imports: Import[]
  importDirs: string[]
  serverImports: Import[]
  plugins: { file: string, name: string, mode: 'both' | 'server' | 'client' }[]
  middleware: { file: string, name: string, global: boolean }[]
  layouts: ComponentFile[]
  serverRoutes: ServerRoute[]
  serverMiddleware: string[]
  serverPlugins: string[]
  /** `.swerve/kit/app.config.mjs`: nuxt.config's `appConfig` and what modules added, below the app.config files. */
  appConfig?: string
  css: string[]
  head: HeadConfig
  /** `app.rootAttrs` modules set (@nuxt/ui's `class: 'isolate'`). */
  rootAttrs: Record<string, string>
  runtimeConfig: Record<string, unknown> & { public?: Record<string, unknown> }
  routeRules: RouteRules
  /** Aliases (`#build`, a module's own), as absolute paths or package names. */
  alias: Record<string, string>
  /** Nitro's virtual modules, by id, compiled. */
  virtual: Record<string, string>
  publicAssets: { dir: string, baseURL?: string }[]
  /** `postcss.plugins` modules added (and the app's own in nuxt.config), by package name: their options. */
  postcssPlugins: Record<string, unknown>
  /** Vite plugins modules added that have a hook swerve runs (build/vite-host.ts), with the bundles they go to. */
  vitePlugins: ModuleVitePlugin[]
  /** Where modules and their PostCSS plugins resolve from: the app's node_modules, then its layers'. */
  modulesDir: string[]
  warnings: string[]
}
