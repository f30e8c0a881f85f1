/**
 * The Vite plugins modules add (`addVitePlugin`, `addBuildPlugin`, pushed in `vite:extend` or
 * `vite:extendConfig`), as swerve's esbuild builds take them (build/vite-host.ts,
 * docs/modules.md#vite-plugins): which bundles each goes to, and one warning per plugin
 * naming the hooks that do not run here.
 */

/** A Vite (Rollup) plugin as modules hand it over: only the fields swerve reads are typed. */
export interface VitePluginLike {
  name?: string
  enforce?: 'pre' | 'post'
  apply?: 'serve' | 'build' | ((config: unknown, env: { command: string, mode: string }) => boolean)
  [hook: string]: unknown
}

/** A module's Vite plugin and the bundles it applies to: the page's (client) and the worker's and servers' (server). */
export interface ModuleVitePlugin {
  plugin: VitePluginLike
  client: boolean
  server: boolean
}

/** The hooks swerve runs in its esbuild builds (build/vite-host.ts). */
export const RUNNABLE_HOOKS = ['resolveId', 'load', 'transform', 'buildStart', 'buildEnd']

/** Fields of a plugin that are not hooks. */
const NOT_HOOKS = new Set(['name', 'enforce', 'apply', 'api', 'version', 'sharedDuringBuild', 'perEnvironmentStartEndDuringDev', 'transformInclude', 'loadInclude', 'vite', 'rollup', 'webpack', 'rspack', 'esbuild', 'farm', 'rolldown', 'unloader', 'bun'])

const isHook = (value: unknown) => typeof value === 'function' || (typeof value === 'object' && value !== null && typeof (value as { handler?: unknown }).handler === 'function')

/** The plugin's hooks, by name. */
export const hooksOf = (plugin: VitePluginLike) => Object.keys(plugin).filter(key => !NOT_HOOKS.has(key) && isHook(plugin[key]))

/** Whether `apply` keeps the plugin for this run (`serve` in dev, `build` for a build). */
export function applies(plugin: VitePluginLike, dev: boolean): boolean {
  if (typeof plugin.apply === 'function') {
    try { return !!plugin.apply({}, { command: dev ? 'serve' : 'build', mode: dev ? 'development' : 'production' }) }
    catch { return false }
  }
  return !plugin.apply || plugin.apply === (dev ? 'serve' : 'build')
}

const list = (names: string[]) => names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!

/**
 * One warning for a plugin with hooks that cannot run (Vite's dev server, HMR, Vite's config,
 * Rollup's output): what runs and what does not. None for a plugin whose hooks all run.
 */
export function vitePluginWarning(plugin: VitePluginLike): string | undefined {
  const hooks = hooksOf(plugin)
  const runs = hooks.filter(hook => RUNNABLE_HOOKS.includes(hook))
  const skipped = hooks.filter(hook => !RUNNABLE_HOOKS.includes(hook))
  const name = plugin.name ?? '(unnamed)'
  const why = 'swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins)'
  if (!runs.length) return `The Vite plugin ${name} a module added does not run: ${hooks.length ? `its ${list(skipped)} ${skipped.length > 1 ? 'are hooks' : 'is a hook'} of Vite's alone` : 'it has no hooks'}; ${why}.`
  if (!skipped.length) return undefined
  return `The Vite plugin ${name} a module added runs its ${list(runs)}; its ${list(skipped)} ${skipped.length > 1 ? 'do' : 'does'} not run: ${why}.`
}

/** A Vite config's `plugins`: nested arrays and falsy entries flattened away. */
export function pluginsIn(plugins: unknown): VitePluginLike[] {
  return (Array.isArray(plugins) ? plugins.flat(Infinity as 1) : []).filter((p): p is VitePluginLike => !!p && typeof p === 'object')
}
