/**
 * CSS as Vue users write it (docs/ecosystem.md), in SFC `<style>` blocks and in stylesheet
 * files: Sass, Less and Stylus when the app has them installed (through @vue/compiler-sfc's own
 * preprocessing), PostCSS with the app's `postcss.config.*` (which is how Tailwind CSS v4 runs),
 * and CSS modules (`<style module>`, `$style`, `useCssModule`) with the same class names on the
 * server and in the page.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileStyleAsync } from '@vue/compiler-sfc'
import type { OnLoadResult, PartialMessage, Plugin } from 'esbuild'
import postcss, { type AcceptedPlugin } from 'postcss'
import { compileSass, loadSass, SASS_PACKAGES, type PreprocessorOptions } from './sass.ts'

/** A style block's or file's language, and the package that compiles it. */
const PREPROCESSORS: Record<string, string> = { scss: SASS_PACKAGES.join(' or '), sass: SASS_PACKAGES.join(' or '), less: 'less', styl: 'stylus', stylus: 'stylus' }

export interface CssTools {
  /** The app's PostCSS plugins (none without a config). */
  postcssPlugins: AcceptedPlugin[]
  /** Loads a preprocessor from the app's own node_modules. */
  appRequire: NodeJS.Require
  /** Vite's `css.preprocessorOptions`, by language (nuxt.config's `vite.css.preprocessorOptions`). */
  preprocessorOptions?: Record<string, PreprocessorOptions>
  /** Nuxt modules' PostCSS plugins (build/kit/): they run on packages' stylesheets too, as in Nuxt. */
  packagePlugins?: AcceptedPlugin[]
}

/** No PostCSS plugins; preprocessors from the app's node_modules. */
export const plainCssTools = (root: string, preprocessorOptions?: Record<string, PreprocessorOptions>): CssTools => ({ postcssPlugins: [], appRequire: createRequire(join(root, 'package.json')), preprocessorOptions })

/** A package from the app's node_modules, else from a layer's (`modulesDir`, as Nuxt resolves PostCSS plugins). */
export function resolvePackage(appRequire: NodeJS.Require, modulesDir: string[], name: string): string {
  for (const dir of modulesDir) {
    try {
      return createRequire(join(dir, 'index.js')).resolve(name)
    } catch {}
  }
  return appRequire.resolve(name)
}

/** PostCSS plugins Nuxt modules added (`postcss.plugins`: name → options), loaded from the app's node_modules or its layers'. */
async function modulePostcssPlugins(appRequire: NodeJS.Require, plugins: Record<string, unknown>, modulesDir: string[]): Promise<AcceptedPlugin[]> {
  const loaded: AcceptedPlugin[] = []
  for (const [name, options] of Object.entries(plugins)) {
    const module = await import(pathToFileURL(resolvePackage(appRequire, modulesDir, name)).href)
    const plugin = module.default ?? module
    loaded.push(typeof plugin === 'function' ? plugin(options) : plugin)
  }
  return loaded
}

/** The app's PostCSS config, read as Vite reads it (postcss-load-config); none is fine. Then Nuxt modules' plugins (build/kit/). */
export async function loadCssTools(root: string, preprocessorOptions?: Record<string, PreprocessorOptions>, modulePlugins?: Record<string, unknown>, modulesDir: string[] = []): Promise<CssTools> {
  const { appRequire } = plainCssTools(root)
  const packagePlugins = modulePlugins ? await modulePostcssPlugins(appRequire, modulePlugins, modulesDir) : []
  let postcssPlugins: AcceptedPlugin[] = packagePlugins
  const { default: loadConfig } = await import('postcss-load-config')
  try {
    postcssPlugins = [...(await loadConfig({}, root)).plugins as AcceptedPlugin[], ...postcssPlugins]
  } catch (error) {
    if (!/No PostCSS Config found/.test(String((error as Error).message))) throw new Error(`postcss.config: ${(error as Error).message}`)
  }
  return { postcssPlugins, appRequire, preprocessorOptions, packagePlugins }
}

export interface StyleInput {
  source: string
  /** The file the style is in (a `.vue` file, or the stylesheet itself). */
  file: string
  root: string
  /** `data-v-…` of a scoped block. */
  id?: string
  scoped?: boolean
  lang?: string
  /** `<style module>` (true, or the name `<style module="classes">` gives). */
  module?: boolean | string
  /** Which style block of the file: each block's module class names are its own. */
  index?: number
  dev?: boolean
}

export interface CompiledStyle {
  code: string
  /** A module's class names: `{ red: 'red_1a2b3c' }`. */
  modules?: Record<string, string>
  errors: PartialMessage[]
  /** Files a preprocessor read besides the source (Sass's `@use`): dev watches them. */
  files?: string[]
}

/** Class names of a module block: the name and a hash of where it is, the same in every bundle. */
const scopedName = (root: string, file: string, index: number) => (name: string) =>
  `${name}_${createHash('sha256').update(`${relative(root, file)}#${index}#${name}`).digest('base64url').slice(0, 6)}`

/** Why a style failed: a preprocessor the app has not installed says what to install. */
function toMessage(error: Error, input: StyleInput, lineOffset: number): PartialMessage {
  const tool = input.lang && PREPROCESSORS[input.lang]
  if (tool && /Cannot find module|Cannot find package/.test(error.message) && error.message.includes(`'${tool.split(' ')[0]}'`)) {
    return { text: `<style lang="${input.lang}"> needs ${tool}, which is not installed: npm install -D ${tool.split(' ')[0]}`, location: { file: relative(input.root, input.file), line: lineOffset + 1 } }
  }
  // Sass's own errors: the line in the file compiled (0-based), or the message names the other file.
  const span = (error as { span?: { url?: URL, start: { line: number } } }).span
  const inFile = span && (!span.url || span.url.href === pathToFileURL(input.file).href)
  const line = inFile ? span.start.line + 1 : (error as { line?: number }).line
  return { text: error.message, location: { file: relative(input.root, input.file), ...(line ? { line: line + lineOffset } : {}) } }
}

/** Sass through the app's compiler (build/sass.ts): the CSS, or the error compileCss reports. */
async function preprocessSass(tools: CssTools, input: StyleInput, lang: 'sass' | 'scss'): Promise<{ css: string, files: string[] }> {
  const sass = loadSass(tools.appRequire)
  if (!sass) throw new Error(`Cannot find module '${SASS_PACKAGES[0]}'`)
  return compileSass(sass, { source: input.source, file: input.file, root: input.root, lang, options: tools.preprocessorOptions?.[lang] })
}

/** Compiles one style: preprocessed, then the app's PostCSS plugins, scoped and as a module where asked. */
export async function compileCss(tools: CssTools, input: StyleInput, lineOffset = 0): Promise<CompiledStyle> {
  let lang = input.lang && PREPROCESSORS[input.lang] ? input.lang : undefined
  let source = input.source
  const files: string[] = []
  const sassLang = lang === 'sass' || lang === 'scss' ? lang : undefined
  if (sassLang) {
    try {
      const sass = await preprocessSass(tools, input, sassLang)
      source = sass.css
      files.push(...sass.files)
      lang = undefined
    } catch (error) {
      // A string of additionalData comes first: its lines are not the file's.
      const data = tools.preprocessorOptions?.[sassLang]?.additionalData
      const added = typeof data === 'string' ? data.split('\n').length - 1 : 0
      return { code: '', errors: [toMessage(error as Error, input, lineOffset - added)], files }
    }
  }
  // A preprocessor that is not installed throws (at once); the others' errors come back as a list.
  const result = await Promise.resolve().then(() => compileStyleAsync({
    source,
    filename: input.file,
    id: input.id ?? '',
    scoped: !!input.scoped,
    isProd: !input.dev,
    preprocessLang: lang as 'scss' | 'sass' | 'less' | 'styl' | 'stylus' | undefined,
    preprocessCustomRequire: tools.appRequire,
    // Relative @use/@import from the file's own folder.
    preprocessOptions: lang ? { ...tools.preprocessorOptions?.[lang], filename: input.file, paths: [dirname(input.file)] } : undefined,
    postcssPlugins: tools.postcssPlugins,
    postcssOptions: { from: input.file },
    modules: !!input.module,
    modulesOptions: input.module ? { generateScopedName: scopedName(input.root, input.file, input.index ?? 0) } : undefined,
  })).catch((error: Error) => ({ code: '', modules: undefined, errors: [error] }))
  return {
    code: result.code,
    modules: result.modules,
    errors: result.errors.map(error => toMessage(error, input, lineOffset)),
    files,
  }
}

/** The files esbuild would take as CSS, and the preprocessors' own. */
const STYLESHEET = /\.(css|scss|sass|less|styl|stylus)$/

/**
 * esbuild: the app's stylesheets (`css: [...]`, or imported) through the same steps. Plain
 * `.css` is left to esbuild unless the app has a PostCSS config; node_modules' files are
 * never run through the app's PostCSS, only their preprocessor.
 */
export function stylesheetPlugin(tools: CssTools, root: string, dev: boolean): Plugin {
  return {
    name: 'swerve:stylesheets',
    setup(build) {
      build.onLoad({ filter: STYLESHEET }, async (args): Promise<OnLoadResult | undefined> => {
        if (args.namespace !== 'file') return undefined
        const ext = args.path.slice(args.path.lastIndexOf('.') + 1)
        const inPackages = args.path.includes('/node_modules/')
        const plugins = inPackages ? tools.packagePlugins ?? [] : tools.postcssPlugins
        if (ext === 'css' && !plugins.length) return undefined
        const source = await readFile(args.path, 'utf8')
        if (ext === 'css') {
          try {
            const result = await postcss(plugins).process(source, { from: args.path })
            return { contents: result.css, loader: 'css', resolveDir: dirname(args.path), watchFiles: [args.path, ...dependenciesOf(result.messages)] }
          } catch (error) {
            return { errors: [{ text: `PostCSS: ${(error as Error).message}`, location: { file: relative(root, args.path), line: (error as { line?: number }).line } }] }
          }
        }
        const compiled = await compileCss({ ...tools, postcssPlugins: plugins }, { source, file: args.path, root, lang: ext, dev })
        return { contents: compiled.code, loader: 'css', resolveDir: dirname(args.path), errors: compiled.errors, watchFiles: [args.path, ...compiled.files ?? []] }
      })
    },
  }
}

/** Files a PostCSS run read (Tailwind's sources, imports): dev watches them. */
function dependenciesOf(messages: { type: string, file?: string }[]): string[] {
  return messages.filter(message => message.type === 'dependency' && message.file).map(message => message.file!)
}
