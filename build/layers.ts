/**
 * Layers (docs/conventions.md#layers): `extends: ['./base', '@acme/ui-layer']` in an app's
 * config names folders, or installed packages, shaped like an app. Each brings its own
 * config, `app.config`, components, composables, pages, layouts, middleware, plugins,
 * `server/` and `public/`. The app comes first, then each layer and the layers it extends,
 * depth first: where two define one thing, the first wins (build/scan.ts merges the files).
 */
import { existsSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { defu } from 'defu'
import type { SwerveConfig } from '../runtime/config.ts'
import { packageDir } from './paths.ts'
import { appDirOf, type LayerDirs } from './scan.ts'

export interface Layer extends LayerDirs {
  config: SwerveConfig
}

/** `extends`' entries, as names: `'./base'`, or Nuxt's `['./base', { meta }]`. */
function entriesOf(value: SwerveConfig['extends']): string[] {
  return (Array.isArray(value) ? value : value ? [value] : []).map(entry => Array.isArray(entry) ? entry[0] : entry)
}

/** The folder an `extends` entry names, from the folder of the config that names it. */
export function resolveLayer(from: string, entry: string): string {
  if (typeof entry !== 'string' || !entry) throw new Error(`extends: each entry is a folder or a package name, not ${JSON.stringify(entry)}`)
  if (/^[a-z]+:/i.test(entry)) throw new Error(`extends: "${entry}" is a remote layer, which swerve does not download. Install it as a package (npm install) and name the package.`)
  if (entry.startsWith('.') || isAbsolute(entry)) {
    const dir = resolve(from, entry)
    if (!existsSync(dir)) throw new Error(`extends: the layer folder ${dir} (from "${entry}") does not exist.`)
    return dir
  }
  // A package: its folder, found as Node finds packages, from the naming config's folder up.
  const dir = packageDir(from, entry)
  if (dir) return dir
  throw new Error(`extends: the layer package "${entry}" is not installed (looked in node_modules from ${from} up). Install it: npm install ${entry}`)
}

/**
 * The app and its layers, in order, each with its own config (`load` reads a folder's
 * swerve.config or nuxt.config). A layer named twice is taken once, where it comes first.
 */
export async function resolveLayers(root: string, config: SwerveConfig, load: (dir: string) => Promise<SwerveConfig>): Promise<Layer[]> {
  const layers: Layer[] = [toLayer(root, config)]
  const seen = new Set([root])
  async function visit(from: string, value: SwerveConfig['extends']): Promise<void> {
    for (const entry of entriesOf(value)) {
      const dir = resolveLayer(from, entry)
      if (seen.has(dir)) continue
      seen.add(dir)
      const layerConfig = await load(dir)
      layers.push(toLayer(dir, layerConfig))
      await visit(dir, layerConfig.extends)
    }
  }
  await visit(root, config.extends)
  return layers
}

function toLayer(root: string, config: SwerveConfig): Layer {
  const appDir = appDirOf(root)
  // Nuxt resolves a layer's component folders from its source folder (`~/` is that too).
  const components = config.components?.map(dir => ({ ...dir, path: dir.path.replace(/^(~|@)\//, './') }))
  return { root, appDir, config, components }
}

/**
 * One config from the app's and its layers': objects deep-merged with the app winning
 * (runtimeConfig, routeRules, app.head …); a layer's stylesheets come before the app's, so
 * the app's rules win the cascade; relative stylesheet paths are the naming layer's.
 */
export function mergeLayerConfigs(layers: Layer[]): SwerveConfig {
  const css = [...layers].reverse().flatMap(layer => (layer.config.css ?? []).map(file => file.startsWith('.') ? resolve(layer.root, file) : file))
  const merged = defu({}, ...layers.map(({ config: { extends: _, components: __, css: ___, ...rest } }) => rest)) as SwerveConfig
  return css.length ? { ...merged, css } : merged
}
