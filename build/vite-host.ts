/**
 * Modules' Vite plugins in swerve's esbuild builds (docs/modules.md#vite-plugins). Their
 * `resolveId` and `load` answer before swerve's own resolving and loading, as in Vite; their
 * `transform` runs on what swerve's loaders produce (a compiled `.vue` file, a stylesheet after
 * PostCSS, a `<style>` block as `x.vue?vue&type=style&index=0.css`) and on files esbuild would
 * read itself, in `enforce` order. Rollup's hook objects (`{ filter, handler }`) and unplugin's
 * `transformInclude` are honoured. unplugin's own esbuild adapter is not used: it reads a file
 * itself to transform it, so a transform would never see swerve's compiled output.
 */
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, extname, isAbsolute, join } from 'node:path'
import { transform as esbuildTransform, type Loader, type OnLoadArgs, type OnLoadResult, type PartialMessage, type Plugin, type PluginBuild } from 'esbuild'
import { codeMatches, hookOf, idMatches } from './vite-filter.ts'
import type { ModuleVitePlugin, VitePluginLike } from './kit/vite-plugins.ts'

/** Where ids a plugin's `resolveId` gives that are not files live. */
const VITE_NAMESPACE = 'swerve-vite'

const LOADERS: Record<string, Loader> = { '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.css': 'css', '.json': 'json' }
const loaderOf = (id: string): Loader | undefined => LOADERS[extname(id.replace(/\?.*$/, ''))]
const TRANSFORMED = new Set<Loader>(['js', 'ts', 'tsx', 'jsx', 'css', 'json'])
const ORDER = { pre: 0, undefined: 1, post: 2 } as Record<string, number>

/** What one hook call collected: its warnings and the files it read. */
interface CallState { warnings: PartialMessage[], watchFiles: string[] }

/** The `this` of a hook: Rollup's plugin context, as far as esbuild can give it. */
function contextOf(build: PluginBuild, state: CallState, ssr: boolean, root: string) {
  const message = (m: unknown) => typeof m === 'string' ? m : (m as { message?: string }).message ?? String(m)
  return {
    meta: { framework: 'esbuild', watchMode: false },
    environment: { name: ssr ? 'ssr' : 'client', config: { consumer: ssr ? 'server' : 'client' } },
    addWatchFile: (file: string) => { state.watchFiles.push(file) },
    getWatchFiles: () => state.watchFiles,
    emitFile: () => '',
    getCombinedSourcemap: () => ({ version: 3, sources: [], names: [], mappings: '' }),
    warn: (m: unknown) => { state.warnings.push({ text: message(m) }) },
    error: (m: unknown) => { throw m instanceof Error ? m : new Error(message(m)) },
    resolve: async (id: string, importer?: string) => {
      const found = await build.resolve(id, { kind: 'import-statement', resolveDir: importer && isAbsolute(importer) ? dirname(importer) : root, importer, pluginData: { swerveVite: true } })
      return found.errors.length ? null : { id: found.path, external: found.external }
    },
  }
}

/** The id a hook sees for a load: the file's path (and query), a `<style>` block's as Vite names it. */
function idOf(args: OnLoadArgs, root: string): string | undefined {
  if (args.namespace === 'file') return args.path + (args.suffix ?? '')
  if (args.namespace === 'vue-style') return join(root, args.path)
  if (args.namespace === VITE_NAMESPACE) return args.path
  return undefined
}

interface HostOptions { ssr: boolean, root: string }

/** Runs the plugins' `transform` hooks over a load's result (unchanged when none applies). */
async function transformResult(build: PluginBuild, plugins: VitePluginLike[], result: OnLoadResult, id: string, options: HostOptions): Promise<OnLoadResult> {
  let loader = result.loader ?? loaderOf(id)
  if (result.contents == null || !loader || !TRANSFORMED.has(loader)) return result
  let code = typeof result.contents === 'string' ? result.contents : new TextDecoder().decode(result.contents)
  const state: CallState = { warnings: [], watchFiles: [] }
  let changed = false
  for (const plugin of plugins) {
    const hook = hookOf(plugin.transform)
    if (!hook || !idMatches(plugin, 'transformInclude', hook, id) || !codeMatches(hook, code)) continue
    // Vite strips TypeScript before its plugins' transforms; `pre` ones see the source.
    if (plugin.enforce !== 'pre' && (loader === 'ts' || loader === 'tsx' || loader === 'jsx')) {
      code = (await esbuildTransform(code, { loader, jsx: 'automatic', jsxImportSource: 'vue', sourcefile: id })).code
      loader = 'js'
      changed = true
    }
    const out = await hook.handler.call(contextOf(build, state, options.ssr, options.root), code, id, { ssr: options.ssr })
    const next = typeof out === 'string' ? out : (out as { code?: string } | null | undefined)?.code
    if (next != null) [code, changed] = [next, true]
  }
  if (!changed) return result
  return { ...result, contents: code, loader, warnings: [...result.warnings ?? [], ...state.warnings], watchFiles: [...result.watchFiles ?? [], ...state.watchFiles] }
}

/** The plugins' `load` hooks for an id: the first that gives code. */
async function loadHooks(build: PluginBuild, plugins: VitePluginLike[], id: string, options: HostOptions): Promise<OnLoadResult | undefined> {
  const state: CallState = { warnings: [], watchFiles: [] }
  for (const plugin of plugins) {
    const hook = hookOf(plugin.load)
    if (!hook || !idMatches(plugin, 'loadInclude', hook, id)) continue
    const out = await hook.handler.call(contextOf(build, state, options.ssr, options.root), id, { ssr: options.ssr })
    const code = typeof out === 'string' ? out : (out as { code?: string } | null | undefined)?.code
    if (code != null) return { contents: code, loader: loaderOf(id) ?? 'js', resolveDir: isAbsolute(id) ? dirname(id) : options.root, warnings: state.warnings, watchFiles: state.watchFiles }
  }
  return undefined
}

/** The plugins' `resolveId` hooks, first: a file found stays a file (swerve's loaders take it), another id is the plugins' to load. */
function resolveHooks(build: PluginBuild, plugins: VitePluginLike[], options: HostOptions): void {
  build.onResolve({ filter: /.*/ }, async (args) => {
    if (args.pluginData?.swerveVite) return undefined
    const state: CallState = { warnings: [], watchFiles: [] }
    for (const plugin of plugins) {
      const hook = hookOf(plugin.resolveId)
      if (!hook || !idMatches(plugin, undefined, hook, args.path)) continue
      const importer = args.importer ? (args.namespace === 'vue-style' ? join(options.root, args.importer) : args.importer) : undefined
      const out = await hook.handler.call(contextOf(build, state, options.ssr, options.root), args.path, importer, { isEntry: args.kind === 'entry-point', ssr: options.ssr })
      if (out == null) continue
      if (out === false) return { path: args.path, external: true }
      const id = typeof out === 'string' ? out : (out as { id: string }).id
      if ((out as { external?: boolean }).external) return { path: id, external: true }
      return isAbsolute(id) && existsSync(id) ? { path: id, warnings: state.warnings } : { path: id, namespace: VITE_NAMESPACE, warnings: state.warnings }
    }
    return undefined
  })
}

/** esbuild's build, its loads' results passed through the transforms. */
function transformingBuild(build: PluginBuild, plugins: VitePluginLike[], options: HostOptions): PluginBuild {
  return {
    ...build,
    onLoad: (filter, callback) => build.onLoad(filter, async (args) => {
      const result = await callback(args)
      const id = result && idOf(args, options.root)
      return result && id ? transformResult(build, plugins, result, id, options) : result
    }),
  }
}

const sorted = (plugins: VitePluginLike[]) => [...plugins].sort((a, b) => ORDER[String(a.enforce)]! - ORDER[String(b.enforce)]!)

/**
 * swerve's plugins for a bundle with the modules' Vite plugins around them: theirs for the
 * client bundle (`client`) or for the worker's and servers' (`server`).
 */
export function withVitePlugins(modulePlugins: ModuleVitePlugin[], own: Plugin[], options: HostOptions): Plugin[] {
  const plugins = sorted(modulePlugins.filter(p => options.ssr ? p.server : p.client).map(p => p.plugin))
  if (!plugins.length) return own
  const transforms = plugins.filter(p => p.transform)
  const first: Plugin = {
    name: 'swerve:vite-plugins',
    setup(build) {
      const has = (hook: string) => plugins.filter(p => p[hook])
      for (const plugin of has('buildStart')) build.onStart(async () => { await hookOf(plugin.buildStart)?.handler.call(contextOf(build, { warnings: [], watchFiles: [] }, options.ssr, options.root)) })
      for (const plugin of has('buildEnd')) build.onEnd(async () => { await hookOf(plugin.buildEnd)?.handler.call(contextOf(build, { warnings: [], watchFiles: [] }, options.ssr, options.root)) })
      if (has('resolveId').length) resolveHooks(build, has('resolveId'), options)
      build.onLoad({ filter: /.*/, namespace: VITE_NAMESPACE }, async (args) => {
        const loaded = await loadHooks(build, has('load'), args.path, options)
        return loaded ? transformResult(build, transforms, loaded, args.path, options) : { errors: [{ text: `No module's Vite plugin loads ${args.path}` }] }
      })
      if (!has('load').length) return
      build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const id = idOf(args, options.root)!
        const loaded = await loadHooks(build, has('load'), id, options)
        return loaded && transformResult(build, transforms, loaded, id, options)
      })
    },
  }
  // Files no plugin of swerve's loads (plain .js, .css without PostCSS): read here when a transform may apply.
  const last: Plugin = {
    name: 'swerve:vite-transforms',
    setup(build) {
      build.onLoad({ filter: /.*/, namespace: 'file' }, async (args) => {
        const id = idOf(args, options.root)!
        const loader = loaderOf(id)
        if (!loader || !transforms.some(p => idMatches(p, 'transformInclude', hookOf(p.transform)!, id))) return undefined
        const contents = await readFile(args.path, 'utf8')
        const result = await transformResult(build, transforms, { contents, loader, resolveDir: dirname(args.path) }, id, options)
        return result.contents === contents ? undefined : result
      })
    },
  }
  const wrapped = transforms.length ? own.map(plugin => ({ ...plugin, setup: (build: PluginBuild) => plugin.setup(transformingBuild(build, transforms, options)) })) : own
  return [first, ...wrapped, ...transforms.length ? [last] : []]
}
