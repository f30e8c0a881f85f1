/**
 * Installs an app's Nuxt modules with the real `@nuxt/kit` and fires Nuxt's hooks in Nuxt's
 * order (docs/modules.md): `modules:before`, the modules, `modules:done`, `imports:*`,
 * `components:*`, `pages:extend`, `app:resolve`, `nitro:config`, `nitro:init`, `vite:*`,
 * `builder:generateApp`. What the hooks' lists hold after is what the modules registered.
 */
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createHooks } from 'hookable'
import { normalizePlugin, runWithNuxtContext } from '@nuxt/kit'
import { installModules } from '@nuxt/kit/internal'
import type { Component, ComponentsDir, Nuxt, NuxtApp, NuxtPage } from '@nuxt/schema'
import type { Import } from 'unimport'
import type { ModuleEntry } from './modules.ts'
import { resolvePackage } from '../css.ts'
import { nitroOf } from './host.ts'
import { pluginsIn, type ModuleVitePlugin, type VitePluginLike } from './vite-plugins.ts'

/** What the hooks' lists held after the modules ran. */
export interface Registered {
  pages: NuxtPage[]
  app: NuxtApp
  imports: Import[]
  importDirs: string[]
  componentDirs: (string | ComponentsDir)[]
  components: Component[]
  vitePlugins: ModuleVitePlugin[]
  /** `vite:*` handlers that threw (most often: `vite` is not installed, as swerve does not need it). */
  viteErrors: string[]
}

/**
 * `vite:extend` and `vite:extendConfig` (client, then server), as Nuxt's Vite builder fires them,
 * to collect the Vite plugins modules add: those of `vite:extend`'s config go to every bundle,
 * those of `vite:extendConfig` to the client's or the server's (build/kit/vite-plugins.ts).
 * PostCSS is read before, as Nuxt's builder reads it: what a handler changes there is not used.
 */
async function callViteHooks(nuxt: Nuxt): Promise<{ plugins: ModuleVitePlugin[], errors: string[] }> {
  const errors: string[] = []
  const postcss = { ...nuxt.options.postcss.plugins }
  await preloadPostcss(nuxt, Object.keys(postcss))
  const config = viteConfig(nuxt)
  await callEach(nuxt, 'vite:extend', [{ nuxt, config, entry: join(nuxt.options.buildDir, 'entry.mjs') }], errors)
  const found = new Map<VitePluginLike, ModuleVitePlugin>()
  const add = (plugins: unknown, client: boolean, server: boolean) => {
    for (const plugin of pluginsIn(plugins)) {
      const entry = found.get(plugin) ?? { plugin, client: false, server: false }
      entry.client ||= client
      entry.server ||= server
      found.set(plugin, entry)
    }
  }
  add(config.plugins, true, true)
  for (const env of [{ isClient: true, isServer: false }, { isClient: false, isServer: true }]) {
    const envConfig = viteConfig(nuxt)
    await callEach(nuxt, 'vite:extendConfig', [envConfig, env], errors)
    add(envConfig.plugins, env.isClient, env.isServer)
  }
  nuxt.options.postcss.plugins = postcss
  return { plugins: [...found.values()], errors }
}

/** A Vite config as handlers of `vite:*` expect to find it (what they write there, other than plugins, is not read). */
const viteConfig = (nuxt: Nuxt) => ({ root: nuxt.options.srcDir, mode: nuxt.options.dev ? 'development' : 'production', plugins: [] as unknown[], build: {}, css: {}, define: {}, resolve: { alias: {} }, server: {}, optimizeDeps: { include: [] as string[], exclude: [] as string[] }, vue: {}, vueJsx: {} })

/**
 * Without `vite` in the app, a handler that imports it fails (Tailwind's Vite plugin), and on
 * Node 20 a failed import can leave the packages it shares unable to load later: the PostCSS
 * plugins the build uses are loaded first, from where the build loads them (the app's or a layer's
 * node_modules, build/css.ts).
 */
async function preloadPostcss(nuxt: Nuxt, names: string[]): Promise<void> {
  const appRequire = createRequire(join(nuxt.options.rootDir, 'package.json'))
  try { appRequire.resolve('vite'); return }
  catch {}
  for (const name of names) {
    try { await import(pathToFileURL(resolvePackage(appRequire, nuxt.options.modulesDir, name)).href) }
    catch {}
  }
}

/**
 * Calls each handler of a Vite hook on its own: one that throws (it imports `vite`, which an
 * app built by swerve need not have) is reported, and the others still run.
 */
async function callEach(nuxt: Nuxt, name: string, args: unknown[], errors: string[]): Promise<void> {
  await nuxt.hooks.callHookWith(async (handlers: ((...a: unknown[]) => unknown)[]) => {
    for (const handler of handlers) {
      try { await handler(...args) }
      catch (error) { errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`) }
    }
  }, name as never, args as never)
}

/**
 * Nitro's `publicAssets` hold each layer's `public/` folder when `nitro:init` fires, as in Nuxt
 * (@nuxt/fonts' local provider looks for font files there); swerve copies those folders itself.
 */
async function withPublicDirs(nuxt: Nuxt, run: () => unknown): Promise<void> {
  const assets = nitroOf(nuxt.options).publicAssets ??= []
  const dirs = nuxt.options._layers.map(layer => resolve(layer.config.rootDir ?? layer.cwd, 'public')).filter(dir => existsSync(dir)).map(dir => ({ dir }))
  assets.unshift(...dirs)
  try { await run() }
  finally { nitroOf(nuxt.options).publicAssets = nitroOf(nuxt.options).publicAssets!.filter(asset => !dirs.includes(asset)) }
}

/** The app as `app:resolve` hands it over: plugins from `nuxt.options.plugins`, ordered as Nuxt orders them. */
function createApp(nuxt: Nuxt): NuxtApp {
  return {
    dir: nuxt.options.srcDir,
    extensions: nuxt.options.extensions,
    plugins: nuxt.options.plugins.map(plugin => normalizePlugin(plugin as never)),
    components: [],
    templates: [],
    layouts: {},
    middleware: [],
    configs: [],
  } as unknown as NuxtApp
}

/** Hooks that fill a list: each gets an empty one, and what modules push is theirs. */
export async function installAndCollect(nuxt: Nuxt, entries: ModuleEntry[], pages: NuxtPage[], components: Component[]): Promise<Registered> {
  return runWithNuxtContext(nuxt, async () => {
    await nuxt.callHook('modules:before')
    await installModules(new Map(entries), new Set(), nuxt)
    await nuxt.callHook('modules:done')

    const sources: { from: string, imports: (string | [string, string?] | Import)[] }[] = []
    await nuxt.callHook('imports:sources', sources as never)
    const importDirs: string[] = []
    await nuxt.callHook('imports:dirs', importDirs)
    const imports: Import[] = sources.flatMap(({ from, imports }) => imports.map(entry => Array.isArray(entry) ? { name: entry[0], as: entry[1], from } : typeof entry === 'string' ? { name: entry, from } : { ...entry, from: entry.from ?? from }))
    await nuxt.callHook('imports:extend', imports as never)

    const componentDirs: (string | ComponentsDir)[] = []
    await nuxt.callHook('components:dirs', componentDirs as never)
    const allComponents = [...components]
    await nuxt.callHook('components:extend', allComponents)

    const allPages = [...pages]
    await nuxt.callHook('pages:extend', allPages)
    const app = createApp(nuxt)
    await nuxt.callHook('app:resolve', app)
    await (nuxt.callHook as (name: string, ...args: unknown[]) => Promise<void>)('app:templates', app)

    await nuxt.callHook('nitro:config', nuxt.options.nitro as never)
    const nitroHooks = createHooks()
    const nitro = { options: nuxt.options.nitro, hooks: nitroHooks, vfs: {}, scannedHandlers: [], logger: console }
    await withPublicDirs(nuxt, () => nuxt.callHook('nitro:init', nitro as never))

    const { plugins: vitePlugins, errors: viteErrors } = await callViteHooks(nuxt)
    await (nuxt.callHook as (name: string, ...args: unknown[]) => Promise<void>)('builder:generateApp')
    return { pages: allPages, app, imports: imports.filter(entry => !entry.disabled), importDirs, componentDirs, components: allComponents.slice(components.length), vitePlugins, viteErrors }
  })
}
