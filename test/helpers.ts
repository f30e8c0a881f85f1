/** Builds an app's Node bundle into a temporary folder and returns its server (`app.fetch`). */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type BuildOptionsInput, type BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'

export const demoRoot = fileURLToPath(new URL('../demo', import.meta.url))
/** Everything the worker runs: its host (sw.js) and the pipeline it imports (sw-pipeline.js). */
export const workerCode = (publicDir: string) => ['sw.js', 'sw-pipeline.js'].map(file => readFileSync(join(publicDir, file), 'utf8')).join('\n')
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

export async function buildServer(root: string, options: { prerender?: boolean } = {}): Promise<{ server: SwerveServer, result: BuildResult }> {
  const outDir = tempDir('swerve-test-')
  const result = await build(root, { outDir, quiet: true, prerender: options.prerender ?? false })
  // Unit tests: the Node host keeps storage in memory.
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const server: SwerveServer = createApp({ storage: 'memory' })
  return { server, result }
}

export const request = (server: SwerveServer, path: string, init: RequestInit = {}) =>
  server.fetch(new Request(`http://localhost${path}`, { headers: { accept: 'text/html' }, ...init }))

export interface Standalone {
  origin: string
  stop: () => Promise<number | null>
}

/**
 * Starts a build's `server/index.mjs` on a free port. `shell` runs before it in the
 * same shell (`ulimit -n 256`).
 */
export async function startStandalone(serverDir: string, env: Record<string, string> = {}, shell = ''): Promise<Standalone> {
  const command = `${shell ? `${shell} && ` : ''}exec "${process.execPath}" "${join(serverDir, 'index.mjs')}"`
  const child = spawn('sh', ['-c', command], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const origin = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      const match = output.match(/listening on (http:\/\/[^/\s]+)/)
      if (match) resolve(match[1]!)
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('exit', code => reject(new Error(`index.mjs exited with ${code}: ${output}`)))
  })
  const exited = new Promise<number | null>(resolve => child.on('exit', resolve))
  return {
    origin,
    stop: () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** A copy of a fixture app (or the demo) in a temporary folder, to edit and build; `remove()` deletes it. */
export interface AppCopy {
  root: string
  /** Replaces `from` with `to` in the app's file. */
  edit: (file: string, from: string | RegExp, to: string) => void
  build: (options?: BuildOptionsInput) => Promise<BuildResult>
  remove: () => void
}

const made: string[] = []
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A temporary folder, removed (with whatever was built into it) when this process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** `name`: a folder under test/fixtures, or `demo`. */
export function copyOf(name: string): AppCopy {
  const source = name === 'demo' ? demoRoot : fixture(name)
  const root = tempDir(`swerve-${name}-`)
  cpSync(source, root, { recursive: true, filter: path => !/[\\/](\.output|\.swerve|\.data|node_modules)([\\/]|$)/.test(path.slice(source.length)) })
  return {
    root,
    edit(file, from, to) {
      const path = join(root, file)
      const text = readFileSync(path, 'utf8')
      const next = text.replace(from, to)
      if (next === text) throw new Error(`edit of ${file}: ${from} not found`)
      writeFileSync(path, next)
    },
    build: options => build(root, { quiet: true, ...options }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}
