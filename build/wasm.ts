/**
 * `.wasm` imports in server code, with nuxt.config's `nitro: { experimental: { wasm: true } }`
 * (docs/ecosystem.md#webassembly), shaped as Nitro's (unwasm's) bindings:
 * - `import { sum } from './sum.wasm'` (or `await import(...)`): the module's exports, ES module
 *   integration style. Its imports come from the modules it names (`import * as env from 'env'`);
 * - `import init from './sum.wasm?init'`: `await init(imports?)` is a `WebAssembly.Instance`.
 *
 * The worker's pipeline is a classic script, without top-level await: the bytes are inlined, an
 * async compile starts when the module loads, and the instance is made on the first call of an
 * exported function (from that compile when it is done, else compiled then). A module that exports
 * more than functions (a memory, a global) is instantiated when it is imported. On workerd, which
 * compiles no bytes at run time, the file is emitted beside the server and imported as a module.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import type { Plugin } from 'esbuild'
import type { ResolvedConfig } from './config.ts'
import type { Target } from './targets.ts'

const WASM = /\.wasm(\?init)?$/
/** A file emitted beside a workerd bundle: imported from there, left to workerd. */
const EMITTED = 'swerve-wasm-file:'

interface Shape {
  exports: WebAssembly.ModuleExportDescriptor[]
  imports: WebAssembly.ModuleImportDescriptor[]
}

/** How the module gets its `WebAssembly.Module` in each runtime. */
function moduleSource(bytes: Buffer, file: string, workerd: boolean): string {
  if (workerd) return `import __module from ${JSON.stringify(`${EMITTED}./${file}`)}\nconst __compile = () => __module\nconst __compiled = Promise.resolve(__module)\n`
  return [
    `const __bytes = () => Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), c => c.charCodeAt(0))`,
    'let __module',
    // Started at once, so the first call rarely compiles on its own (a large module's synchronous compile is slow).
    'const __compiled = WebAssembly.compile(__bytes()).then(m => __module = m)',
    '__compiled.catch(() => {})',
    'const __compile = () => __module ??= new WebAssembly.Module(__bytes())',
  ].join('\n')
}

/** The JavaScript module a `.wasm` import becomes. */
export function wasmBinding(shape: Shape, source: string, init: boolean): string {
  const lines = [source]
  const modules = [...new Set(shape.imports.map(entry => entry.module))]
  modules.forEach((name, index) => lines.push(`import * as __import${index} from ${JSON.stringify(name)}`))
  lines.push(`const __imports = { ${modules.map((name, index) => `${JSON.stringify(name)}: __import${index}`).join(', ')} }`)
  if (init) {
    lines.push('export default async function init(imports = __imports) { return new WebAssembly.Instance(await __compiled.then(() => __compile()), imports) }')
    return lines.join('\n')
  }
  lines.push('let __instance', 'const __exports = () => (__instance ??= new WebAssembly.Instance(__compile(), __imports)).exports')
  shape.exports.forEach(({ name, kind }, index) => {
    // Functions stay lazy; another export's value is read now.
    lines.push(kind === 'function' ? `const __e${index} = (...args) => __exports()[${JSON.stringify(name)}](...args)` : `const __e${index} = __exports()[${JSON.stringify(name)}]`)
    lines.push(`export { __e${index} as ${JSON.stringify(name)} }`)
  })
  lines.push(`export default { ${shape.exports.map(({ name }) => `get ${JSON.stringify(name)}() { return __exports()[${JSON.stringify(name)}] }`).join(', ')} }`)
  return lines.join('\n')
}

const flagError = (root: string, file: string) =>
  `${relative(root, file)}: importing a WebAssembly module needs nitro: { experimental: { wasm: true } } in nuxt.config (or wasm: true in swerve.config).`

/** esbuild: `.wasm` imports for server targets (the worker, Node, workerd). */
export function wasmPlugin(config: Pick<ResolvedConfig, 'root' | 'wasm'>, target: Target, outdir?: string): Plugin {
  return {
    name: 'swerve:wasm',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${EMITTED}`) }, args => ({ path: args.path.slice(EMITTED.length), external: true }))
      build.onResolve({ filter: WASM }, async (args) => {
        if (args.path.startsWith(EMITTED)) return undefined
        if (args.pluginData?.swerveWasm) return undefined
        const init = args.path.endsWith('?init')
        const found = await build.resolve(args.path.replace(/\?init$/, ''), { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { swerveWasm: true } })
        if (found.errors.length) return { errors: found.errors }
        if (!config.wasm) return { errors: [{ text: flagError(config.root, found.path) }] }
        if (target.client) return { errors: [{ text: `${relative(config.root, found.path)}: WebAssembly modules are imported by server code (server/), not by the page.` }] }
        return { path: `${found.path}${init ? '?init' : ''}`, namespace: 'swerve-wasm' }
      })
      build.onLoad({ filter: /.*/, namespace: 'swerve-wasm' }, async (args) => {
        const file = args.path.replace(/\?init$/, '')
        const bytes = await readFile(file)
        const compiled = await WebAssembly.compile(bytes)
        const shape = { exports: WebAssembly.Module.exports(compiled), imports: WebAssembly.Module.imports(compiled) }
        const workerd = target.name === 'cloudflare'
        let emitted = ''
        if (workerd && outdir) {
          emitted = `${basename(file, '.wasm')}-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}.wasm`
          await mkdir(outdir, { recursive: true })
          await writeFile(join(outdir, emitted), bytes)
        }
        return { contents: wasmBinding(shape, moduleSource(bytes, emitted, workerd), args.path.endsWith('?init')), loader: 'js', resolveDir: dirname(file), watchFiles: [file] }
      })
    },
  }
}
