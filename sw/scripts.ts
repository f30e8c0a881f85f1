/**
 * The pipeline's scripts: a module registry over `importScripts()` (docs/worker.md,
 * "Scripts per route"). Each script the build writes (build/worker-scripts.ts) calls
 * `__swerveDefine(path, factory)`; a module runs when first required, and a script is
 * imported only when one of its modules is, so a cold start evaluates the core and the
 * requested page, not the whole app.
 */
/** The worker's global scope (typed here alone: the build imports this file's name too). */
const scope = globalThis as unknown as Record<string, unknown> & { importScripts: (...urls: string[]) => void }

/** The global each of the pipeline's scripts calls. */
export const DEFINE_GLOBAL = '__swerveDefine'

type Require = (specifier: string) => unknown
type Factory = (require: Require, module: { exports: unknown }, exports: unknown) => void

export interface ScriptLoader {
  /** Imports `entry` and every script it may load: at install, the only time the browser allows new ones. */
  install: (entry: string) => void
  /** The entry's exports, importing it (a kept copy after install) when it is not yet. */
  require: (entry: string) => unknown
  /** The scripts imported so far, relative to `sw.js` (SWERVE_BOOT). */
  imported: () => string[]
}

/** `base`: the URL the scripts' paths are relative to (`sw.js`'s own). */
export function createScriptLoader(base: string): ScriptLoader {
  const factories = new Map<string, Factory>()
  const modules = new Map<string, { exports: unknown }>()
  const imported: string[] = []
  let scripts: string[] = []

  scope[DEFINE_GLOBAL] = (path: string, factory: Factory, all?: string[]) => {
    factories.set(new URL(path, base).href, factory)
    imported.push(path)
    if (all) scripts = all
  }

  /** Imports one script; the error names it (the browser's may not). */
  function importScript(url: string): void {
    try {
      scope.importScripts(url)
    } catch (error) {
      throw new Error(`${url} could not be imported (${(error as Error).message})`)
    }
  }

  function load(url: string): unknown {
    const kept = modules.get(url)
    if (kept) return kept.exports
    if (!factories.has(url)) importScript(url)
    const factory = factories.get(url)
    if (!factory) throw new Error(`[swerve] ${url} is not one of this build's worker scripts`)
    const module = { exports: {} }
    modules.set(url, module)
    factory(specifier => load(new URL(specifier, url).href), module, module.exports)
    return module.exports
  }

  /** The entry's registry key: its URL without the build's `?v=`. */
  const keyOf = (entry: string) => entry.split('?')[0]!

  return {
    install(entry) {
      importScript(entry)
      for (const path of scripts) importScript(new URL(path, base).href)
    },
    require(entry) {
      if (!factories.has(keyOf(entry))) importScript(entry)
      return load(keyOf(entry))
    },
    imported: () => [...imported],
  }
}
