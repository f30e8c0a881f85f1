/**
 * Auto-imports and components (docs/conventions.md), as Nuxt has them: code that
 * uses `ref`, `useFetch` or a composable of its own without importing it gets the
 * import, and a template that names `<BaseButton>` or `<NuxtLink>` gets the
 * component. Only what a file uses is imported, so an app that uses nothing pays
 * nothing. Built on unimport.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transform, type Loader, type OnLoadResult, type PartialMessage, type Plugin } from 'esbuild'
import { createUnimport, scanExports, type Import, type Unimport } from 'unimport'
import { parse as parseSfc } from '@vue/compiler-sfc'
import { inAppDir, type AppScan } from './scan.ts'
import { swerveModule } from './paths.ts'
import { escapeRegExp } from '../runtime/shared/route-pattern.ts'
import { addAutoKeys, ASYNC_CONTEXT_CANDIDATE, keepContextAcrossAwait, undeclaredCalls } from './transforms.ts'
import { callsOf, langOf, locationAt, parseModule, type Lang } from './parse.ts'
import type { KitResult } from './kit/result.ts'

/** Components swerve has built in, by every name a template may use for them (Nuxt's too). */
const CLIENT_COMPONENT = /\.client\.(?:vue|[jt]sx)$/

export const BUILTIN_COMPONENTS: Record<string, string> = {
  ClientOnly: 'ClientOnly',
  SwerveLink: 'SwerveLink',
  NuxtLink: 'SwerveLink',
  SwervePage: 'SwervePage',
  NuxtPage: 'SwervePage',
  SwerveLayout: 'SwerveLayout',
  NuxtLayout: 'SwerveLayout',
  SwerveErrorBoundary: 'SwerveErrorBoundary',
  NuxtErrorBoundary: 'SwerveErrorBoundary',
  SwerveLoadingIndicator: 'SwerveLoadingIndicator',
  NuxtLoadingIndicator: 'SwerveLoadingIndicator',
  NuxtRouteAnnouncer: 'SwerveRouteAnnouncer',
  NuxtWelcome: 'SwerveWelcome',
  Title: 'Title',
  Meta: 'Meta',
  Link: 'Link',
  Style: 'Style',
  Head: 'Head',
  Html: 'Html',
  Body: 'Body',
  Base: 'Base',
  NoScript: 'NoScript',
}

/** Registered by the router itself. */
const ROUTER_COMPONENTS = new Set(['RouterView', 'RouterLink'])

/** `_resolveComponent("base-button")` as Vue's compiler writes it for a tag it has no binding for. */
const RESOLVE_COMPONENT = /\b_?resolveComponent\(\s*"([^"]+)"\s*(,\s*true\s*)?\)/g

const pascal = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())

export type ImportSide = 'app' | 'server'

export interface AutoImports {
  /**
   * Adds the imports `code` (the module `file`, compiled) uses without importing, and its
   * template's components. A component or composable nobody provides is an error (a warning in dev).
   */
  transform: (code: string, file: string, loader?: Loader) => Promise<{ code: string, errors: PartialMessage[] }>
  /** The side a file of the app belongs to: `server/` is the server's, the rest the app's. */
  sideOf: (file: string) => ImportSide | undefined
  /** The scripts `sideOf` may claim, as an esbuild filter: esbuild calls no plugin for the others. */
  scripts: RegExp
  /** `.swerve/types/imports.d.ts`: the auto-imported names and components, for tsc and editors. */
  declarations: () => Promise<string>
  /** Reads the app's components and composables again (dev, when files come or go). */
  update: (scan: AppScan) => Promise<void>
  /** Counts updates: a transform made before one is stale. */
  readonly version: number
}

export interface AutoImportOptions {
  /** `imports: false` in swerve.config: no identifiers are imported (components still are). */
  enabled: boolean
  /** Pinia is installed: its `defineStore`, `storeToRefs`, `acceptHMRUpdate` and `stores/**` are imported too, as `@pinia/nuxt` does. */
  pinia?: boolean
  /** What Nuxt modules registered (build/kit/): their imports, import sources and folders. */
  modules?: KitResult
}

const PINIA_IMPORTS = ['defineStore', 'storeToRefs', 'acceptHMRUpdate'].map(name => ({ name, from: 'pinia' }))

/**
 * Components the app's plugins register, not ours to resolve: names given to
 * `app.vueApp.component('Name', …)`, and the components a plugin imports from a library to
 * hand it (`import * as components from 'vuetify/components'`, or `{ VBtn }`): a namespace's
 * exported names, a named import's PascalCase names.
 */
async function pluginComponents(scan: AppScan): Promise<Set<string>> {
  const names = new Set<string>()
  for (const plugin of scan.plugins) {
    const file = join(scan.root, plugin.file)
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(/\.component\(\s*['"`]([\w-]+)['"`]/g)) names.add(pascal(match[1]))
    const program = parseModule(source, langOf(file))
    for (const node of program?.body ?? []) {
      // A library's import: not the app's own files (relative, or `~/`, `@/`).
      if (node.type !== 'ImportDeclaration' || node.importKind === 'type' || /^(\.|[~@]\/)/.test(node.source.value)) continue
      for (const specifier of node.specifiers) {
        if (specifier.type === 'ImportSpecifier' && /^[A-Z]/.test(specifier.imported.name ?? '')) names.add(specifier.imported.name)
        if (specifier.type !== 'ImportNamespaceSpecifier') continue
        let resolved: string
        try {
          resolved = createRequire(file).resolve(node.source.value)
        } catch {
          continue
        }
        for (const entry of await scanExports(resolved, false)) if (/^[A-Z]/.test(entry.name)) names.add(entry.name)
      }
    }
  }
  return names
}

/** The first match of `pattern` in a file's source as an error's location (1-based line, 0-based column). */
function locate(file: string, pattern: RegExp): { line: number, column: number, lineText: string } | undefined {
  const source = readFileSync(file, 'utf8')
  const found = pattern.exec(source)
  if (!found) return undefined
  const before = source.slice(0, found.index).split('\n')
  const line = before.length
  return { line, column: before.at(-1)!.length, lineText: source.split('\n')[line - 1] }
}

/** Where a `.vue` file's template names `tag` (`<BaseButton` or `<base-button`). */
function tagLocation(file: string, tag: string) {
  const kebab = tag.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
  return locate(file, new RegExp(`<(${tag}|${kebab})(?=[\\s/>])`))
}

/** A file's code, where it starts in the file, and its language: a `.vue` file's script blocks, or the whole file. */
function scriptsOf(file: string, source: string): { code: string, offset: number, lang: Lang }[] {
  if (!file.endsWith('.vue')) return [{ code: source, offset: 0, lang: langOf(file) }]
  const { descriptor } = parseSfc(source, { filename: file })
  return [descriptor.scriptSetup, descriptor.script].flatMap(block => block ? [{ code: block.content, offset: block.loc.start.offset, lang: langOf(block.lang ?? 'ts') }] : [])
}

/**
 * Where the source of `file` first calls `name`: the code it was compiled from, read by the
 * parser (a `.vue` file's script blocks), so a comment or a string that spells it is passed over.
 */
function callLocation(file: string, name: string) {
  const source = readFileSync(file, 'utf8')
  for (const block of scriptsOf(file, source)) {
    const program = parseModule(block.code, block.lang)
    const [call] = program ? callsOf(program, called => called === name) : []
    if (call) return locationAt(source, block.offset + call.start)
  }
  // A call in a template: its first mention.
  return locate(file, new RegExp(`(?<![.\\w$])${name.replace(/\$/g, '\\$')}\\s*\\(`))
}

/**
 * One path segment other than `name`, for an esbuild filter: esbuild runs filters as Go
 * regular expressions, which have no lookahead to say "not node_modules".
 */
export function segmentOtherThan(name: string): string {
  const others = [`[^/]{0,${name.length - 1}}`, `[^/]{${name.length + 1},}`]
  for (let i = 0; i < name.length; i++) others.push(`${escapeRegExp(name.slice(0, i))}[^/${escapeRegExp(name[i]!)}][^/]{${name.length - 1 - i}}`)
  return `(?:${others.join('|')})`
}

/** The names each side imports of itself: swerve's, h3's and Pinia's (the app's own files are scanned). */
type ImportPresets = Record<ImportSide, Import[]>

/** What a scan of the app decides: read again when the app's files change (dev). */
interface ImportState {
  scan: AppScan
  unimports: Record<ImportSide, Unimport> | undefined
  /** Component name → file. */
  components: Map<string, string>
  /** Components a plugin or library registers globally (pluginComponents). */
  registered: Set<string>
}

/** The app's imports, as a scan of it decides them. */
async function loadImports(scan: AppScan, options: AutoImportOptions, presets: ImportPresets | undefined): Promise<ImportState> {
  // Every layer's composables and utils (the app's first: where two export one name, it wins).
  const dirsOf = (side: ImportSide) => scan.layers.flatMap(({ root: layerRoot, appDir }) => side === 'app'
    ? ['composables', 'utils', ...options.pinia ? ['stores'] : []].map(dir => `${join(layerRoot, inAppDir(appDir, dir))}/**/*.{ts,js,mjs}`)
    : [`${join(layerRoot, 'server/utils')}/**/*.{ts,js,mjs}`])
    .concat(side === 'app' ? (options.modules?.importDirs ?? []).map(dir => `${dir}/**/*.{ts,js,mjs}`) : [])
  const make = async (side: ImportSide): Promise<Unimport> => {
    const unimport = createUnimport({
      presets: side === 'app' ? ['vue'] : [],
      imports: presets![side],
      dirs: dirsOf(side),
      dirsScanOptions: { cwd: scan.root },
      addons: side === 'app' ? { vueTemplate: true } : [],
    })
    await unimport.init()
    return unimport
  }
  return {
    scan,
    unimports: presets && { app: await make('app'), server: await make('server') },
    components: new Map(scan.components.map(c => [c.name, join(scan.root, c.file)])),
    registered: await pluginComponents(scan),
  }
}

/** Imports the components a compiled template resolves by name; names nobody knows are errors. */
function resolveComponents(code: string, file: string, root: string, { components, registered }: Pick<ImportState, 'components' | 'registered'>): { code: string, errors: PartialMessage[] } {
  const imports = new Map<string, string>()
  const errors: PartialMessage[] = []
  const replaced = code.replace(RESOLVE_COMPONENT, (call, tag: string, maybeSelf: string | undefined) => {
    const name = pascal(tag)
    const lazy = /^Lazy[A-Z]/.test(name) && components.has(name.slice(4))
    const own = lazy ? components.get(name.slice(4)) : components.get(name)
    const builtin = BUILTIN_COMPONENTS[name]
    if (!own && !builtin) {
      if (!maybeSelf && !ROUTER_COMPONENTS.has(name) && !registered.has(name)) {
        const known = [...components.keys()].slice(0, 12).join(', ')
        errors.push({
          text: `Unknown component <${tag}>: no file in components/ is named ${name}${known ? ` (known: ${known})` : ''}. Import it, or add it to components/.`,
          location: { file: relative(root, file), ...tagLocation(file, name) },
        })
      }
      return call
    }
    const local = `__swerve_component_${name}`
    if (!imports.has(local)) {
      // A `.client` component renders in the page only, as inside <ClientOnly>.
      const clientOnly = own !== undefined && CLIENT_COMPONENT.test(own)
      const source = clientOnly ? `${local}_source` : local
      if (clientOnly) imports.set('__swerve_clientOnly', 'import { createClientOnly as __swerve_clientOnly } from "swerve/app"')
      imports.set(local, (builtin && !own
        ? `import { ${builtin} as ${local} } from "swerve/app"`
        : lazy
          ? `import { defineAsyncComponent as __swerve_defineAsync } from "vue"\nconst ${source} = /* @__PURE__ */ __swerve_defineAsync(() => import(${JSON.stringify(own)}).then(m => m.default))`
          : `import ${source} from ${JSON.stringify(own)}`)
        + (clientOnly ? `\nconst ${local} = /* @__PURE__ */ __swerve_clientOnly(${source})` : ''))
    }
    return local
  })
  if (!imports.size) return { code, errors }
  // Declarations go last: imports are hoisted, and the lazy ones are read only when rendering.
  return { code: `${replaced}\n${[...imports.values()].join('\n')}`, errors }
}


/** `.swerve/types/imports.d.ts`: every auto-imported name and component, as globals for tsc. */
async function declarationsOf(root: string, { unimports, scan }: ImportState): Promise<string> {
  const lines = ['// Generated by swerve: do not edit.']
  /** An app file as `.swerve/types/` imports it (without `.ts`). */
  const typesPath = (path: string) => {
    const to = relative(join(root, '.swerve/types'), path).split('\\').join('/').replace(/\.[cm]?ts$/, '')
    return to.startsWith('.') ? to : `./${to}`
  }
  if (unimports) {
    const resolvePath = (entry: Import) => entry.from.startsWith('/') ? typesPath(entry.from) : entry.from
    // The app's and the server's names are one global scope to tsc: each side's own names are declared once.
    const seen = new Set<string>()
    const both: Import[] = []
    for (const entry of [...await unimports.app.getImports(), ...await unimports.server.getImports()]) {
      const name = entry.as ?? entry.name
      if (seen.has(name)) continue
      seen.add(name)
      both.push(entry)
    }
    lines.push(toGlobalDeclarations(both, resolvePath))
  }
  const globals = [
    ...Object.entries(BUILTIN_COMPONENTS).map(([name, exported]) => `    ${name}: typeof import('swerve/app')['${exported}']`),
    ...scan.components.flatMap((c) => {
      const path = JSON.stringify(typesPath(join(root, c.file)))
      return [`    ${c.name}: typeof import(${path})['default']`, `    Lazy${c.name}: typeof import(${path})['default']`]
    }),
  ]
  lines.push(`declare module 'vue' {\n  interface GlobalComponents {\n${globals.join('\n')}\n  }\n}\nexport {}\n`)
  return lines.join('\n')
}

export async function createAutoImports(first: AppScan, options: AutoImportOptions): Promise<AutoImports> {
  const root = first.root
  const exportsOf = async (file: string, from: string) =>
    (await scanExports(file, false)).map(entry => ({ ...entry, from }))
  // Server code gets h3's helpers too, as in Nitro (swerve/server's own versions win).
  const server = options.enabled ? await exportsOf(swerveModule('runtime/server/index'), 'swerve/server') : []
  const h3 = options.enabled ? (await exportsOf(fileURLToPath(import.meta.resolve('h3')), 'h3')).filter(entry => !server.some(own => own.name === entry.name)) : []
  const presets = options.enabled
    ? { app: [...await exportsOf(swerveModule('runtime/app/index'), 'swerve/app'), ...options.pinia ? PINIA_IMPORTS : [], ...options.modules?.imports ?? []], server: [...server, ...h3, ...options.modules?.serverImports ?? []] }
    : undefined

  let state = await loadImports(first, options, presets)
  let version = 0
  /** The app's folder and its layers', the innermost first (a layer may be inside the app's folder). */
  const layerRoots = first.layers.map(layer => layer.root).sort((a, b) => b.length - a.length)

  /** The app's and its layers' own files (not their node_modules, not the build's output): `server/` is the server's, the rest the app's. */
  function sideOf(file: string): ImportSide | undefined {
    if (file.startsWith(join(root, '.output/'))) return undefined
    const layerRoot = layerRoots.find(dir => file.startsWith(`${dir}/`))
    if (!layerRoot) return undefined
    const rest = file.slice(layerRoot.length + 1)
    if (rest.split('/').includes('node_modules')) return undefined
    return rest.startsWith('server/') ? 'server' : 'app'
  }

  /** `useTodo()` with no `useTodo` anywhere: "useTodo is not defined" at run time, so an error now. */
  function missingComposables(code: string, file: string, loader: Loader): PartialMessage[] {
    return undeclaredCalls(code, langOf(loader)).map(({ callee: { name } }) => ({
      text: `${name} is not defined: no import, no composable of that name in composables/ or utils/${sideOf(file) === 'server' ? ' (server/utils/ for server code)' : ''}.`,
      location: { file: relative(root, file), ...callLocation(file, name) },
    }))
  }

  return {
    sideOf,
    // The app's and its layers' scripts: under their roots, outside their node_modules (sideOf decides the rest).
    scripts: new RegExp(`^(?:${layerRoots.map(escapeRegExp).join('|')})/${segmentOtherThan('node_modules')}(?:/.*)?\\.[cm]?[jt]sx?$`),
    async transform(code, file, loader = 'ts') {
      const side = sideOf(file)
      let errors: PartialMessage[] = []
      if (file.endsWith('.vue')) ({ code, errors } = resolveComponents(code, file, root, state))
      if (side === 'app') code = addAutoKeys(code, relative(root, file), langOf(loader))
      if (side && state.unimports) code = (await state.unimports[side].injectImports(code, file)).code
      if (side) errors.push(...missingComposables(code, file, loader))
      return { code, errors }
    },
    async update(scan) {
      state = await loadImports(scan, options, presets)
      version++
    },
    get version() {
      return version
    },
    declarations: () => declarationsOf(root, state),
  }
}

/** `declare global { const ref: typeof import('vue')['ref'] }` for each auto-imported name. */
function toGlobalDeclarations(imports: Import[], resolvePath: (entry: Import) => string): string {
  const lines = imports.map((entry) => {
    return `  const ${entry.as ?? entry.name}: typeof import(${JSON.stringify(resolvePath(entry))})[${JSON.stringify(entry.name)}]`
  })
  return `declare global {\n${lines.join('\n')}\n}`
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' }

/** Transformed files of each build (or dev server), shared by its bundles. */
const transformed = new WeakMap<AutoImports, Map<string, { source: string, version: number, result: OnLoadResult }>>()

/** esbuild: the app's own scripts get their imports (`.vue` files get theirs in the Vue plugin). */
export function autoImportPlugin(imports: AutoImports, options: { dev: boolean }): Plugin {
  /** Every bundle and dev rebuild loads each file again: an unchanged one is not transformed again. */
  const done = transformed.get(imports) ?? new Map()
  transformed.set(imports, done)
  return {
    name: 'swerve:auto-imports',
    setup(build) {
      build.onLoad({ filter: imports.scripts }, async (args) => {
        const side = args.namespace === 'file' && !args.path.endsWith('.d.ts') ? imports.sideOf(args.path) : undefined
        if (!side) return undefined
        const original = readFileSync(args.path, 'utf8')
        const cached = done.get(args.path)
        if (cached && cached.source === original && cached.version === imports.version) return cached.result
        let source = original
        let loader = LOADERS[args.path.slice(args.path.lastIndexOf('.'))]
        // Plugins and middleware that await: JavaScript first, then their awaits keep the app.
        if (side === 'app' && ASYNC_CONTEXT_CANDIDATE.test(source)) {
          const js = loader === 'js' ? source : (await transform(source, { loader, format: 'esm', target: 'es2022', sourcefile: args.path })).code
          const kept = keepContextAcrossAwait(js)
          if (kept) {
            source = kept
            loader = 'js'
          }
        }
        const { code, errors } = await imports.transform(source, args.path, loader)
        const result: OnLoadResult = { contents: code, loader, ...(options.dev ? { warnings: errors } : { errors }) }
        if (!errors.length) done.set(args.path, { source: original, version: imports.version, result })
        return result
      })
    },
  }
}
