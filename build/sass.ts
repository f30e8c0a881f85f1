/**
 * Sass as Vite runs it (docs/ecosystem.md#sass): `sass-embedded` when the app has it installed,
 * else `sass`, through its modern async API. `@use`/`@import` reach Nuxt's aliases
 * (`@/assets/colors`) and installed packages (`vuetify/lib/styles/main.sass`,
 * `@mdi/font/css/x.css`). Every file loaded has its relative `url()`s rebased onto the file being
 * compiled, as Vite does, so the bundler finds their fonts and images. `additionalData` (a string or a function) comes first.
 */
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, extname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { packageDir, resolveAlias } from './paths.ts'

/** Vite's `css.preprocessorOptions.<lang>`: the preprocessor's own options, and `additionalData`. */
export interface PreprocessorOptions {
  additionalData?: string | ((source: string, filename: string) => string | Promise<string>)
  [option: string]: unknown
}

interface SassModule {
  compileStringAsync: (source: string, options: Record<string, unknown>) => Promise<{ css: string, loadedUrls: URL[] }>
}

/** The packages that compile Sass, in Vite's order of preference. */
export const SASS_PACKAGES = ['sass-embedded', 'sass']

/** The app's Sass compiler, or undefined when neither package is installed. */
export function loadSass(appRequire: (id: string) => unknown): SassModule | undefined {
  for (const name of SASS_PACKAGES) {
    try {
      return appRequire(name) as SassModule
    } catch (error) {
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error
    }
  }
  return undefined
}

/** `additionalData` put before the source, as Vite does. */
export async function withAdditionalData(source: string, file: string, options: PreprocessorOptions | undefined): Promise<string> {
  const data = options?.additionalData
  if (!data) return source
  return typeof data === 'function' ? await data(source, file) : data + source
}

const SASS_EXTENSIONS = ['.sass', '.scss', '.css']

/** Sass's own lookup for a path without its extension: the file, its partial, or a folder's index. */
function sassFileOf(path: string): string | undefined {
  const ext = extname(path)
  if (SASS_EXTENSIONS.includes(ext) && existsSync(path) && statSync(path).isFile()) return path
  const dir = dirname(path)
  const name = basename(path)
  const candidates = SASS_EXTENSIONS.flatMap(e => [join(dir, `${name}${e}`), join(dir, `_${name}${e}`)])
  candidates.push(...SASS_EXTENSIONS.flatMap(e => [join(path, `index${e}`), join(path, `_index${e}`)]))
  return candidates.find(candidate => existsSync(candidate))
}

/** A bare `pkg/sub/path` from `from`'s folder: through the package's exports, else its folder as is. */
function packageFileOf(url: string, from: string): string | undefined {
  try {
    const found = createRequire(from).resolve(url)
    if (SASS_EXTENSIONS.includes(extname(found))) return found
  } catch {}
  const name = url.startsWith('@') ? url.split('/').slice(0, 2).join('/') : url.split('/')[0]!
  const dir = packageDir(dirname(from), name)
  return dir ? sassFileOf(join(dir, url.slice(name.length))) : undefined
}

/** A `url()` relative to `from`'s folder, rewritten relative to `to`'s (data:, absolute and `#x` left alone). */
export function rebaseUrls(css: string, from: string, to: string): string {
  if (dirname(from) === dirname(to)) return css
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote: string, url: string) => {
    if (/^(data:|[a-z]+:\/\/|\/|#|\$|~|@)/i.test(url)) return whole
    const rebased = relative(dirname(to), join(dirname(from), url))
    return `url(${quote}${rebased.startsWith('.') ? rebased : `./${rebased}`}${quote})`
  })
}

const toUrl = (file: string | undefined) => file ? pathToFileURL(file) : null

/** Resolves aliases and packages for Sass, and loads what it found with its `url()`s rebased onto `entry`. */
function appImporter(root: string, entry: string) {
  return {
    canonicalize(url: string, context: { containingUrl: URL | null }): URL | null {
      // A file beside one this importer loaded: Sass asks with its absolute URL.
      if (url.startsWith('file:')) return toUrl(sassFileOf(fileURLToPath(url)))
      if (url.startsWith('.') || url.startsWith('/')) return null
      const from = context.containingUrl?.protocol === 'file:' ? fileURLToPath(context.containingUrl) : entry
      // `~pkg/x`, webpack's way of naming a package, is the package.
      const found = /^(~~|@@|~|@)\//.test(url) ? sassFileOf(resolveAlias(root, url)) : packageFileOf(url.replace(/^~(?=[^/])/, ''), from)
      return toUrl(found)
    },
    async load(canonical: URL) {
      const file = fileURLToPath(canonical)
      const ext = extname(file)
      const contents = rebaseUrls(await readFile(file, 'utf8'), file, entry)
      return { contents, syntax: ext === '.sass' ? 'indented' : ext === '.css' ? 'css' : 'scss', sourceMapUrl: canonical }
    },
  }
}

export interface SassInput {
  source: string
  file: string
  root: string
  lang: 'sass' | 'scss'
  options?: PreprocessorOptions
}

/** Compiles one Sass source to CSS: its code and the files it read (dev watches them). */
export async function compileSass(sass: SassModule, { source, file, root, lang, options }: SassInput): Promise<{ css: string, files: string[] }> {
  const { additionalData: _, ...sassOptions } = options ?? {}
  const result = await sass.compileStringAsync(await withAdditionalData(source, file, options), {
    // Deprecations in packages' Sass (reached through the importer) are theirs to fix: not printed.
    quietDeps: true,
    ...sassOptions,
    syntax: lang === 'sass' ? 'indented' : 'scss',
    url: pathToFileURL(file),
    // The entry's own relative loads come through it too, so their url()s are rebased.
    importer: appImporter(root, file),
    importers: [appImporter(root, file), ...(sassOptions.importers as unknown[] ?? [])],
  })
  const files = result.loadedUrls.filter(url => url.protocol === 'file:').map(url => fileURLToPath(url)).filter(read => read !== file)
  return { css: result.css, files }
}
