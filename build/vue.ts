/**
 * esbuild plugin for Vue single-file components, on @vue/compiler-sfc.
 * The same file compiles for the client (DOM render + extracted CSS) and for
 * the server (SSR render, no CSS), with one scope id so hydration matches.
 */
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import { compileScript, compileTemplate, parse, type SFCDescriptor } from '@vue/compiler-sfc'
import type { PartialMessage, Plugin } from 'esbuild'
import { compileCss, plainCssTools, type CompiledStyle, type CssTools } from './css.ts'
import { extractPageMeta } from './page-meta.ts'

export interface VuePluginOptions {
  root: string
  ssr: boolean
  dev?: boolean
  /** Dev: components carry `__hmrId` and register with Vue's HMR runtime. */
  hmr?: boolean
  /** Rewrites the compiled module: auto-imports and components (build/imports.ts). */
  transform?: (code: string, file: string, loader?: SfcLoader) => Promise<{ code: string, errors: PartialMessage[] }>
  /** What the transform knows changes with this (new composables, components): compiled files are made again. */
  version?: () => number
  /** Compiled modules, shared by the bundles of one build (or one dev server): the worker and Node compile each file once. */
  cache?: Map<string, CompiledSfc>
  /** Preprocessors and the app's PostCSS (build/css.ts); without it, plain CSS and the app's installed preprocessors. */
  css?: CssTools
}

/** What a compiled SFC is, by its scripts' `lang`: `<script setup lang="tsx">` keeps its JSX for esbuild. */
export type SfcLoader = 'ts' | 'tsx' | 'js' | 'jsx'

export interface CompiledSfc { source: string, version: number, code: string, loader: SfcLoader }

const STYLE_QUERY = /\?vue&type=style&index=(\d+)\.css$/

export function toScopeId(root: string, file: string): string {
  return createHash('sha256').update(relative(root, file).split('\\').join('/')).digest('hex').slice(0, 8)
}

function lineText(source: string, line: number): string {
  return source.split('\n')[line - 1] ?? ''
}

function toMessage(file: string, source: string, error: any, lineOffset = 0): PartialMessage {
  // Vue's locations are 1-based ({ start: { line, column } }), Babel's columns 0-based; esbuild wants 0-based.
  const start = error.loc?.start ? { line: error.loc.start.line, column: error.loc.start.column - 1 } : error.loc && { line: error.loc.line, column: error.loc.column }
  if (!start) return { text: String(error.message ?? error), location: { file } }
  const line = start.line + lineOffset
  return {
    text: String(error.message ?? error).replace(/\s*\(\d+:\d+\)$/, ''),
    location: { file, line, column: start.column, lineText: lineText(source, line) },
  }
}

/** Descriptors are parsed once per file version and shared by the style loads. */
const descriptors = new Map<string, { source: string, descriptor: SFCDescriptor }>()

async function loadDescriptor(file: string) {
  const source = await readFile(file, 'utf8')
  const cached = descriptors.get(file)
  if (cached?.source === source) return { ...cached, errors: [] as Error[] }
  const { descriptor, errors } = parse(source, { filename: file, sourceMap: false })
  descriptors.set(file, { source, descriptor })
  return { source, descriptor, errors: errors as Error[] }
}

/** What every compile of one SFC shares: its scope id (same on client and server) and template options. */
function sfcContext(file: string, descriptor: SFCDescriptor, options: VuePluginOptions) {
  const id = toScopeId(options.root, file)
  const scoped = descriptor.styles.some(style => style.scoped)
  const scopeId = scoped ? `data-v-${id}` : undefined
  const isTS = [descriptor.script?.lang, descriptor.scriptSetup?.lang].some(lang => lang === 'ts' || lang === 'tsx')
  const templateOptions = {
    ssr: options.ssr,
    ssrCssVars: descriptor.cssVars,
    compilerOptions: { scopeId, isTS, expressionPlugins: isTS ? ['typescript' as const] : [], sourceMap: false },
  }
  return { id, scoped, scopeId, isTS, templateOptions }
}

/**
 * compileScript's options, all but inlineTemplate. No source maps, here or in parse and the
 * template: esbuild gets the compiled code alone (docs/performance.md says what they cost).
 */
function scriptOptions(id: string, options: VuePluginOptions, templateOptions: ReturnType<typeof sfcContext>['templateOptions']) {
  return { id, isProd: !options.dev, genDefaultAs: '_sfc_main', templateOptions, sourceMap: false }
}

/** The template alone, as `render`/`ssrRender` (dev: the HMR update of a template-only change). */
export function compileRender(file: string, source: string, descriptor: SFCDescriptor, options: VuePluginOptions, bindings?: Record<string, any>): string {
  const { id, scoped, templateOptions } = sfcContext(file, descriptor, options)
  const template = compileTemplate({
    ...templateOptions,
    source: descriptor.template!.content,
    filename: file,
    id,
    scoped,
    slotted: descriptor.slotted,
    isProd: !options.dev,
    compilerOptions: { ...templateOptions.compilerOptions, bindingMetadata: bindings },
  })
  if (template.errors.length) {
    const offset = descriptor.template!.loc.start.line - 1
    throw Object.assign(new Error('template'), { messages: template.errors.map(e => toMessage(file, source, e, typeof e === 'string' ? 0 : offset)) })
  }
  return template.code
}

/** The bindings of `<script setup>`, which a separately compiled template needs. */
export function scriptBindings(file: string, descriptor: SFCDescriptor, options: VuePluginOptions): Record<string, any> | undefined {
  if (!descriptor.script && !descriptor.scriptSetup) return undefined
  const { id, templateOptions } = sfcContext(file, descriptor, options)
  return compileScript(descriptor, { ...scriptOptions(id, options, templateOptions), inlineTemplate: false }).bindings
}

/** `__cssModules` of a component with `<style module>`: each module's class names, by the name templates use (`$style`). */
export type CssModules = Record<string, Record<string, string>>

export function compileSfc(file: string, source: string, descriptor: SFCDescriptor, options: VuePluginOptions, cssModules?: CssModules) {
  const { id, scopeId, isTS, templateOptions } = sfcContext(file, descriptor, options)
  const pageMeta = descriptor.scriptSetup ? extractPageMeta(descriptor) : undefined
  const lines: string[] = []
  const inline = !!descriptor.scriptSetup && !options.hmr
  let bindings: Record<string, any> | undefined
  if (descriptor.script || descriptor.scriptSetup) {
    const script = compileScript(descriptor, { ...scriptOptions(id, options, templateOptions), inlineTemplate: inline })
    bindings = script.bindings
    lines.push(script.content)
  } else {
    lines.push('const _sfc_main = {}')
  }
  if (descriptor.template && !inline) {
    lines.push(compileRender(file, source, descriptor, options, bindings).replace(/\nexport (function|const) (render|ssrRender)/, '\n$1 $2'))
    lines.push(options.ssr ? '_sfc_main.ssrRender = ssrRender' : '_sfc_main.render = render')
  }
  if (scopeId) lines.push(`_sfc_main.__scopeId = ${JSON.stringify(scopeId)}`)
  if (cssModules) lines.push(`_sfc_main.__cssModules = ${JSON.stringify(cssModules)}`)
  if (options.dev) lines.push(`_sfc_main.__file = ${JSON.stringify(relative(options.root, file))}`)
  if (pageMeta) lines.push(`export const pageMeta = ${pageMeta}`)
  if (!options.ssr) {
    descriptor.styles.forEach((_, index) => lines.push(`import ${JSON.stringify(`${file}?vue&type=style&index=${index}.css`)}`))
  }
  if (options.hmr && !options.ssr) {
    lines.push(
      `_sfc_main.__hmrId = ${JSON.stringify(id)}`,
      `if (typeof __VUE_HMR_RUNTIME__ !== 'undefined') { __VUE_HMR_RUNTIME__.createRecord(${JSON.stringify(id)}, _sfc_main) }`,
    )
  }
  lines.push('export default _sfc_main')
  const jsx = [descriptor.script?.lang, descriptor.scriptSetup?.lang].some(lang => lang === 'tsx' || lang === 'jsx')
  const loader: SfcLoader = isTS ? (jsx ? 'tsx' : 'ts') : (jsx ? 'jsx' : 'js')
  return { code: lines.join('\n'), loader, id }
}

/** A compiled style block, and the files its preprocessor read (Sass's `@use`) with their times. */
interface KeptStyle { signature: string, compiled: Promise<CompiledStyle>, read: Map<string, number> }

const mtimeOf = (file: string) => existsSync(file) ? statSync(file).mtimeMs : -1
/** Whether none of the files a block's compile read has changed since. */
const unchanged = (read: Map<string, number>) => [...read].every(([file, mtime]) => mtimeOf(file) === mtime)

/**
 * Compiled style blocks by file and index, reused while the block is unchanged (dev rebuilds):
 * a module's class names and its CSS come from one compile. A failed compile is not kept.
 */
function createStyleCompiler(options: VuePluginOptions) {
  const compiledStyles = new Map<string, KeptStyle>()
  function compileStyleOf(file: string, descriptor: SFCDescriptor, index: number): Promise<CompiledStyle> {
    const style = descriptor.styles[index]!
    const key = `${file}#${index}`
    const signature = JSON.stringify([style.scoped, style.module, style.lang, style.content])
    const kept = compiledStyles.get(key)
    if (kept?.signature === signature && unchanged(kept.read)) return kept.compiled
    const compiled = compileCss(options.css ?? plainCssTools(options.root), {
      source: style.content,
      file,
      root: options.root,
      id: `data-v-${toScopeId(options.root, file)}`,
      scoped: style.scoped,
      lang: style.lang,
      module: style.module,
      index,
      dev: options.dev,
    }, style.loc.start.line - 1)
    const entry: KeptStyle = { signature, compiled, read: new Map() }
    compiledStyles.set(key, entry)
    void compiled.then(({ errors, files = [] }) => {
      if (errors.length && compiledStyles.get(key)?.compiled === compiled) compiledStyles.delete(key)
      for (const read of files) entry.read.set(read, mtimeOf(read))
    })
    return compiled
  }
  /** The class names of a component's `<style module>` blocks: the server renders with them too. */
  async function cssModulesOf(file: string, descriptor: SFCDescriptor): Promise<{ modules?: CssModules, errors: PartialMessage[] }> {
    const blocks = descriptor.styles.flatMap((style, index) => style.module ? [{ name: typeof style.module === 'string' ? style.module : '$style', index }] : [])
    if (!blocks.length) return { errors: [] }
    const modules: CssModules = {}
    const errors: PartialMessage[] = []
    for (const { name, index } of blocks) {
      const compiled = await compileStyleOf(file, descriptor, index)
      modules[name] = compiled.modules ?? {}
      errors.push(...compiled.errors)
    }
    return { modules, errors }
  }
  return { compileStyleOf, cssModulesOf }
}

export function vuePlugin(options: VuePluginOptions): Plugin {
  /** Compiled modules by file, reused while the source is unchanged (dev rebuilds compile only what changed). */
  const compiled = options.cache ?? new Map<string, CompiledSfc>()
  const keyOf = (file: string) => `${options.ssr ? 'ssr' : 'dom'}${options.hmr ? '+hmr' : ''}:${file}`
  const version = () => options.version?.() ?? 0
  const { compileStyleOf, cssModulesOf } = createStyleCompiler(options)
  return {
    name: 'swerve:vue',
    setup(build) {
      // Named relative to the app: esbuild hashes a plugin namespace's paths as they are, so an
      // absolute one would change every chunk's name with the folder the app is built in.
      build.onResolve({ filter: STYLE_QUERY }, args => ({ path: relative(options.root, args.path).split('\\').join('/'), namespace: 'vue-style' }))

      build.onLoad({ filter: /\.vue$/ }, async (args) => {
        const { source, descriptor, errors } = await loadDescriptor(args.path)
        if (errors.length) return { errors: errors.map(e => toMessage(args.path, source, e)) }
        const cached = compiled.get(keyOf(args.path))
        if (cached?.source === source && cached.version === version()) return { contents: cached.code, loader: cached.loader, watchFiles: [args.path] }
        try {
          const { modules, errors: styleErrors } = await cssModulesOf(args.path, descriptor)
          if (styleErrors.length) return { errors: styleErrors }
          const sfc = compileSfc(args.path, source, descriptor, options, modules)
          const { code, errors } = options.transform ? await options.transform(sfc.code, args.path, sfc.loader) : { code: sfc.code, errors: [] }
          // In dev a missing name is a warning: the page shows the error when it runs.
          if (errors.length && !options.dev) return { errors }
          compiled.set(keyOf(args.path), { source, version: version(), code, loader: sfc.loader })
          return { contents: code, loader: sfc.loader, watchFiles: [args.path], warnings: errors }
        } catch (error: any) {
          if (error.messages) return { errors: error.messages as PartialMessage[] }
          const block = descriptor.scriptSetup ?? descriptor.script
          const offset = error.loc && block ? block.loc.start.line - 1 : 0
          return { errors: [toMessage(args.path, source, error, offset)] }
        }
      })

      build.onLoad({ filter: /.*/, namespace: 'vue-style' }, async (args) => {
        const file = resolve(options.root, args.path.replace(STYLE_QUERY, ''))
        const index = Number(args.path.match(STYLE_QUERY)![1])
        const { descriptor } = await loadDescriptor(file)
        const compiledStyle = await compileStyleOf(file, descriptor, index)
        return {
          contents: compiledStyle.code,
          loader: 'css',
          resolveDir: file.slice(0, file.lastIndexOf('/')),
          errors: compiledStyle.errors,
          watchFiles: [file, ...compiledStyle.files ?? []],
        }
      })
    },
  }
}
