/**
 * The worker's pipeline as classic scripts, one per chunk (docs/worker.md, "Scripts per route").
 *
 * A service worker runs classic scripts, and `importScripts()` is its only loader. esbuild
 * splits the pipeline as ESM (a chunk per page, per server route, per shared part); each
 * chunk is then turned into CommonJS (`import()` into `require`) and wrapped in
 * `__swerveDefine(path, factory)`, which the host (sw/scripts.ts) runs when first required.
 * The entry also names every chunk: the host imports them all at install, the only time the
 * browser lets a worker import a script it has not kept.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { transform, type OutputFile, type Plugin } from 'esbuild'
import { DEFINE_GLOBAL } from '../sw/scripts.ts'

export interface WorkerScriptsOptions {
  /** Where the worker's scripts are served from: `sw.js`'s folder (`public/`). */
  root: string
  /** The entry's output file. */
  entry: string
  /** The chunks' folder (emptied first: a rebuild leaves no stale chunks). */
  chunkDir: string
  minify: boolean
  /** Keep the bundle's inline source maps (dev). */
  sourcemap: boolean
}

/** Turns an ESM chunk into a `__swerveDefine(path, factory, scripts?)` call. */
async function toScript(file: OutputFile, options: WorkerScriptsOptions, scripts: string[] | undefined): Promise<string> {
  const path = relative(options.root, file.path)
  const { code } = await transform(file.text, {
    format: 'cjs',
    // `import()` becomes `require()`: the host loads the chunk with importScripts().
    supported: { 'dynamic-import': false },
    minify: options.minify,
    sourcemap: options.sourcemap ? 'inline' : false,
    sourcefile: path,
    banner: `${DEFINE_GLOBAL}(${JSON.stringify(path)},function(require,module,exports){`,
    footer: scripts ? `},${JSON.stringify(scripts)});` : '});',
  })
  return code
}

export function workerScriptsPlugin(options: WorkerScriptsOptions): Plugin {
  return {
    name: 'swerve:worker-scripts',
    setup(build) {
      build.onEnd(async (result) => {
        if (!result.outputFiles) return
        const chunks = result.outputFiles.filter(file => file.path !== options.entry && file.path.endsWith('.js'))
        const scripts = chunks.map(file => relative(options.root, file.path))
        await rm(options.chunkDir, { recursive: true, force: true })
        await mkdir(options.chunkDir, { recursive: true })
        await Promise.all(result.outputFiles.filter(file => file.path.endsWith('.js')).map(async (file) => {
          const isEntry = file.path === options.entry
          await mkdir(dirname(file.path), { recursive: true })
          await writeFile(file.path, await toScript(file, options, isEntry ? scripts : undefined))
        }))
      })
    },
  }
}

/** The folder, under `public/`, of the pipeline's chunks. */
export const WORKER_CHUNKS = join('_swerve', 'worker')
