/**
 * The Nuxt-shaped object modules install into (docs/modules.md): `options` as Nuxt resolves
 * them (the app's nuxt.config and its layers', with @nuxt/schema's defaults, read by
 * `@nuxt/kit`'s own `loadNuxtConfig`), hooks, and the objects Nuxt shares between its
 * options and Nitro's.
 */
import { existsSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'
import { createHooks } from 'hookable'
import { loadNuxtConfig, nuxtCtx } from '@nuxt/kit'
import type { Nuxt, NuxtOptions } from '@nuxt/schema'

/** Where a module's `nuxt/kit` (or `@nuxt/kit`) import goes: swerve's copy, left to Node. */
const KIT_ENTRIES: Record<string, string> = {
  'nuxt/kit': '@nuxt/kit',
  '@nuxt/kit': '@nuxt/kit',
  'nuxt/schema': '@nuxt/schema',
  '@nuxt/schema': '@nuxt/schema',
}

/** esbuild: a local module's imports of kit and schema, as swerve's own installed copies. */
export const kitExternal: Plugin = {
  name: 'swerve:nuxt-kit',
  setup(build) {
    build.onResolve({ filter: /^(@?nuxt\/(kit|schema))$/ }, args => ({ path: fileURLToPath(import.meta.resolve(KIT_ENTRIES[args.path]!)), external: true }))
  },
}

/** build/config.ts's `importDefault`: a file of the app's, bundled by esbuild with `plugins`, imported. */
export type ImportDefault = (root: string, file: string, plugins?: Plugin[]) => Promise<unknown>

/** A TypeScript or JavaScript file of the app's (its config, a local module) as Node would import it. */
export type ImportLocal = (file: string) => Promise<{ default: unknown }>

export const localImporter = (root: string, importDefault: ImportDefault): ImportLocal =>
  async file => ({ default: await importDefault(root, file, [kitExternal]) })

/** The app's options as Nuxt resolves them, `.swerve/` as the build folder. */
export async function loadOptions(root: string, dev: boolean, importLocal: ImportLocal): Promise<NuxtOptions> {
  const scope = globalThis as { defineNuxtConfig?: unknown }
  scope.defineNuxtConfig ??= (value: unknown) => value
  const options = await loadNuxtConfig({
    cwd: root,
    dotenv: false,
    globalRc: false,
    rcFile: false,
    overrides: { buildDir: join(root, '.swerve'), dev, _prepare: false },
    import: importLocal,
  } as Parameters<typeof loadNuxtConfig>[0])
  // Nuxt's shape for a builder that is neither Vite nor webpack: modules that branch on the
  // builder (`builder !== '@nuxt/vite-builder'`) take their PostCSS path, as swerve builds with esbuild.
  options.builder = { bundle: async () => {} } as unknown as typeof options.builder
  // A layer's modules resolve from its own node_modules too (@nuxt/examples-ui brings @nuxt/ui), after the app's.
  for (const layer of options._layers) {
    const dir = join(realpathSync(layer.config.rootDir ?? layer.cwd), 'node_modules')
    if (!options.modulesDir.includes(dir) && existsSync(dir)) options.modulesDir.push(dir)
  }
  // Shared as Nuxt shares them: what a module writes to one is in the other.
  options.nitro.runtimeConfig = options.runtimeConfig as typeof options.nitro.runtimeConfig
  options.nitro.routeRules = options.routeRules
  options.nitro.handlers = options.serverHandlers
  const nitro = nitroOf(options)
  nitro.plugins ||= []
  nitro.virtual ||= {}
  nitro.alias ||= {}
  nitro.publicAssets ||= []
  return options
}

/** The parts of Nitro's config swerve reads (nitropack's types are not installed). */
export interface NitroParts {
  plugins?: string[]
  virtual?: Record<string, unknown>
  alias?: Record<string, string>
  publicAssets?: { dir: string, baseURL?: string }[]
  imports?: false | { imports?: { name: string, as?: string, from: string }[] }
}

export const nitroOf = (options: NuxtOptions) => options.nitro as NitroParts

/** A Nuxt instance as kit's functions see it; `nuxtCtx` holds it while modules install. */
export function createNuxt(options: NuxtOptions): Nuxt {
  const hooks = createHooks()
  const nuxt = {
    __name: 'swerve',
    _version: '4.6.4',
    _ignore: undefined,
    _dependencies: new Set<string>(),
    hooks,
    hook: hooks.hook,
    callHook: hooks.callHook,
    addHooks: hooks.addHooks,
    ready: async () => {},
    close: () => hooks.callHook('close' as never, nuxt as never),
    vfs: {},
    apps: {},
    buildOutputs: {},
    options,
    runWithContext: <T>(fn: () => T) => nuxtCtx.call(nuxt as unknown as Nuxt, fn),
  }
  return nuxt as unknown as Nuxt
}

