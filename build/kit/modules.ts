/**
 * Which modules an app installs, as Nuxt finds them: each local layer's `modules/` folder
 * (`modules/x.ts`, `modules/x/index.ts`, by name), then `modules:` in nuxt.config (names,
 * paths like `~/modules/pages/index`, `[name, options]`, inline functions); a module named in
 * both installs once. A local module is bundled by esbuild (TypeScript, `nuxt/kit` as swerve's
 * `@nuxt/kit`) and handed to kit as a function; a package is left to kit to import.
 */
import { existsSync, readdirSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { resolveAlias, runWithNuxtContext } from '@nuxt/kit'
import type { ModuleDependencies, Nuxt, NuxtModule, NuxtOptions } from '@nuxt/schema'
import type { ImportLocal } from './host.ts'

export type ModuleKey = string | NuxtModule
export type ModuleEntry = [key: ModuleKey, options: Record<string, unknown>]

const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

/** A file for `path` (with or without its extension, or a folder's index), or undefined. */
export function findScript(path: string): string | undefined {
  const candidates = [path, ...SCRIPT_EXTENSIONS.map(ext => `${path}${ext}`), ...SCRIPT_EXTENSIONS.map(ext => join(path, `index${ext}`))]
  return candidates.find(file => existsSync(file) && !readdirSafe(file))
}

function readdirSafe(path: string): boolean {
  try {
    readdirSync(path)
    return true
  } catch {
    return false
  }
}

/** Each local layer's `modules/` folder: `x.ts` and `x/index.ts`, in name order. */
function layerModuleFiles(options: NuxtOptions): string[] {
  const files: string[] = []
  for (const layer of options._layers) {
    const rootDir = layer.config.rootDir ?? layer.cwd
    if (!rootDir || rootDir.includes('/node_modules/')) continue
    const dir = resolve(rootDir, layer.config.dir?.modules ?? 'modules')
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) {
      const file = findScript(join(dir, name.replace(/\.[cm]?[jt]s$/, '')))
      if (file && !files.includes(file)) files.push(file)
    }
  }
  return files
}

/** A string entry as a local file, when it names one (`~/modules/x`, `./modules/x`, an absolute path). */
function localFile(entry: string, options: NuxtOptions): string | undefined {
  const aliased = resolveAlias(entry, options.alias)
  if (!aliased.startsWith('.') && !isAbsolute(aliased)) return undefined
  return findScript(resolve(options.rootDir, aliased))
}

/** Local modules by the file they came from, relative to the root (their name when they have no meta.name). */
export const localFiles = new WeakMap<NuxtModule, string>()

/** A local module's file, bundled by esbuild and imported; remembered by its file. */
async function loadLocal(file: string, options: NuxtOptions, importLocal: ImportLocal): Promise<NuxtModule> {
  const module = (await importLocal(file)).default as NuxtModule
  if (typeof module === 'function') localFiles.set(module, relative(options.rootDir, file))
  return module
}

/** The modules to install, in Nuxt's order, local files loaded. */
export async function resolveModules(options: NuxtOptions, importLocal: ImportLocal): Promise<ModuleEntry[]> {
  const fromConfig: { key: string | NuxtModule, file?: string, options: Record<string, unknown> }[] = []
  for (const item of [...options.modules, ...(options._modules ?? [])]) {
    const [key, moduleOptions = {}] = Array.isArray(item) ? item : [item]
    if (!key) continue
    fromConfig.push({ key, file: typeof key === 'string' ? localFile(key, options) : undefined, options: moduleOptions })
  }
  const named = new Set(fromConfig.map(entry => entry.file).filter(Boolean))
  const entries: ModuleEntry[] = []
  const load = (file: string) => loadLocal(file, options, importLocal)
  for (const file of layerModuleFiles(options)) if (!named.has(file)) entries.push([await load(file), {}])
  for (const entry of fromConfig) entries.push([entry.file ? await load(entry.file) : entry.key, entry.options])
  return entries
}

/** Modules swerve cannot run, and what to do instead. */
const UNRUNNABLE: Record<string, string> = {
  '@vite-pwa/nuxt': 'it builds a second service worker, and swerve\'s own worker is the app\'s. Remove it: swerve makes the app installable and offline itself (manifest and sw in swerve.config, docs/config.md)',
  '@nuxt/content': 'it queries a database per deployment preset (SQLite, D1) that its Nitro build sets up. Remove it: read Markdown with a server route and a parser (server/api/), or serve the pages from pages/',
}

/** An error for a module swerve cannot run, naming it, why and what to do instead. */
export function assertRunnable(entries: ModuleEntry[]): void {
  for (const [key] of entries) {
    if (typeof key !== 'string') continue
    const reason = UNRUNNABLE[key] ?? UNRUNNABLE[key.replace(/\/(module|nuxt)$/, '')]
    if (reason) throw new Error(`nuxt.config: the module ${key} does not run in swerve: ${reason}.`)
  }
}

/**
 * `moduleDependencies` that name a local file (`~/modules/x`): kit would import it itself, which
 * TypeScript importing `nuxt/kit` defeats. Each is loaded here as the app's local modules are
 * and appended to the modules to install (as kit appends a dependency), unless it is optional;
 * kit is then given its meta name, which it looks up among the modules to install, so that the
 * dependency's `defaults` and `overrides` reach it.
 */
export async function addLocalDependencies(entries: ModuleEntry[], nuxt: Nuxt, importLocal: ImportLocal): Promise<void> {
  const { options } = nuxt
  const byFile = (file: string) => entries.map(([key]) => key).find(key => typeof key !== 'string' && localFiles.get(key) === relative(options.rootDir, file)) as NuxtModule | undefined
  for (let i = 0; i < entries.length; i++) {
    const module = entries[i]![0]
    if (typeof module === 'string' || !module.getModuleDependencies) continue
    const dependencies: ModuleDependencies = await runWithNuxtContext(nuxt, () => module.getModuleDependencies!(nuxt)) ?? {}
    const names: Record<string, string> = {}
    for (const [key, value] of Object.entries(dependencies)) {
      const file = localFile(key, options)
      if (!file) continue
      let dependency = byFile(file)
      if (!dependency && value.optional) continue
      if (!dependency) entries.push([dependency = await loadLocal(file, options, importLocal), {}])
      const meta = (await dependency.getMeta?.()) ?? {}
      meta.name ||= relative(options.rootDir, file)
      names[key] = meta.name
    }
    if (!Object.keys(names).length) continue
    const original = module.getModuleDependencies.bind(module)
    module.getModuleDependencies = async (n: Nuxt) => Object.fromEntries(Object.entries(await original(n) ?? {}).map(([key, value]) => [names[key] ?? key, value]))
  }
}
