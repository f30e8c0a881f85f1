/**
 * An app built and served as a static host would serve it (docs/playwright.md), shared by
 * swerve/playwright's fixtures and the cross-engine suite (engines/): one build on one
 * host on a free port; the build it serves can be swapped (a deploy) and swapped back, and
 * the host stopped and started again on the same port.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type BuildResult } from '../build/build.ts'
import { appServing, createHandler, listen, type FetchHandler, type Listening } from '../presets/node/serve.ts'
import type { SwerveServer } from '../runtime/server/types.ts'

export interface SwerveAppOptions {
  /** The app's folder: absolute, or relative to the folder Playwright runs in. */
  root: string
  /**
   * The preset to build with. Default `static`: the worker is the only server, as on a
   * static host. `node`: the app's own Node server answers beside the files (memory
   * storage), as `swerve preview` does; `worker: false` routes reach it.
   */
  preset?: 'static' | 'node'
  /** The build's environment: in process.env while it builds, and its `SWERVE_*`/`NUXT_*` values built into runtimeConfig. */
  env?: Record<string, string>
  /** Cache-Control for the host's files (default: hashed assets immutable, the rest no-cache). `() => 'no-store'` leaves only the worker's cache. */
  cacheControl?: (pathname: string) => string
}

export interface DeployOptions {
  /** This build's environment, over `swerveApp.env`: in process.env while it builds (the config reads it), and its `SWERVE_*`/`NUXT_*` values over the app's runtimeConfig (docs/config.md#runtimeconfig). */
  env?: Record<string, string>
  /** Files changed for this build, by path in the app: new text, or a function of the old. The app's folder is not touched. */
  files?: Record<string, string | ((text: string) => string)>
  /** A kill switch: a `sw.js` that unregisters itself and deletes swerve's caches (`swerve build --self-destroy`). */
  selfDestroy?: boolean
}

/** Answers a host request instead of the app's files (undefined: the app answers after all). */
export type HostRoute = (request: Request) => Response | undefined | Promise<Response | undefined>

/** One build on one static host; the build it serves can be swapped (a deploy) and swapped back. */
export interface ServedApp {
  origin: string
  root: string
  options: SwerveAppOptions
  built: BuildResult
  current: BuildResult
  requests: string[]
  reachable: boolean
  routes: { match: string | RegExp, handler: HostRoute }[]
  /** Stops the host (connections are refused, as with a server that is down) and starts it again on its port. */
  stop: () => Promise<void>
  start: () => Promise<void>
  close: () => Promise<void>
}

export async function buildApp(root: string, options: SwerveAppOptions, extra: Pick<DeployOptions, 'env' | 'selfDestroy'> = {}): Promise<BuildResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'swerve-playwright-'))
  const env = { ...options.env, ...extra.env }
  // The build runs with `env` in process.env, as `NAME=value swerve build` would: the config reads it too.
  const before = Object.fromEntries(Object.keys(env).map(name => [name, process.env[name]]))
  Object.assign(process.env, env)
  try {
    return await build(root, { quiet: true, outDir, preset: options.preset ?? 'static', env, selfDestroy: extra.selfDestroy })
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true })
    // The build's message names file:line; say which app it was.
    throw new Error(`swerve/playwright: building ${root} failed:\n${(error as Error).message}`)
  } finally {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Builds the app and serves it; with `prebuilt`, serves that build of it instead (its owner removes it). */
export async function serveApp(options: SwerveAppOptions, prebuilt?: Promise<BuildResult>): Promise<ServedApp> {
  const root = resolve(options.root)
  if (!existsSync(root)) throw new Error(`swerve/playwright: the app folder ${root} does not exist (swerveApp.root).`)
  const built = await (prebuilt ?? buildApp(root, options))
  const handlers = new Map<BuildResult, Promise<FetchHandler>>()
  const served: ServedApp = { origin: '', root, options, built, current: built, requests: [], reachable: true, routes: [], stop: async () => {}, start: async () => {}, close: async () => {} }
  const handlerOf = (result: BuildResult) => {
    let handler = handlers.get(result)
    if (!handler) handlers.set(result, handler = hostOf(result, options))
    return handler
  }
  const handle: FetchHandler = async (request) => {
    const url = new URL(request.url)
    const path = url.pathname + url.search
    served.requests.push(path)
    if (!served.reachable) return new Response('Host unreachable: the test took it offline (sw.offline()).', { status: 503 })
    for (const { match, handler } of served.routes) {
      if (typeof match === 'string' ? match === url.pathname : match.test(path)) {
        const answer = await handler(request)
        if (answer) return answer
      }
    }
    return (await handlerOf(served.current))(request)
  }
  let listening: Listening | undefined = await listen(handle)
  served.origin = listening.origin
  const port = Number(new URL(listening.origin).port)
  served.stop = async () => {
    await listening?.close()
    listening = undefined
  }
  served.start = async () => {
    listening ??= await listen(handle, { port })
  }
  served.close = async () => {
    await listening?.close()
    if (!prebuilt) rmSync(built.config.outDir, { recursive: true, force: true })
  }
  return served
}

/** What the host answers for a build: its files, and with the `node` preset its Node server. */
async function hostOf(result: BuildResult, options: SwerveAppOptions): Promise<FetchHandler> {
  const files = { publicDir: result.publicDir, base: result.config.base, cacheControl: options.cacheControl }
  if (options.preset !== 'node') return createHandler(files)
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href) as { createApp: (options: { storage: 'memory' }) => SwerveServer }
  return createHandler({ ...files, ...appServing(createApp({ storage: 'memory' })) })
}

/** A copy of the app with `files` changed; node_modules is linked, not copied. */
function changedCopy(root: string, files: NonNullable<DeployOptions['files']>): string {
  const copy = mkdtempSync(join(tmpdir(), 'swerve-deploy-'))
  cpSync(root, copy, { recursive: true, filter: path => !/[\\/](\.output|\.swerve|\.data|node_modules)([\\/]|$)/.test(path.slice(root.length)) })
  if (existsSync(join(root, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir')
  for (const [file, change] of Object.entries(files)) {
    const path = join(copy, file)
    const old = existsSync(path) ? readFileSync(path, 'utf8') : ''
    const text = typeof change === 'function' ? change(old) : change
    if (typeof change === 'function' && text === old) throw new Error(`swerve/playwright: deploy left ${file} unchanged.`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  }
  return copy
}

/** Builds the app again (with `files` changed, in a copy) and serves that build from now on. */
export async function deployTo(served: ServedApp, options: DeployOptions = {}): Promise<BuildResult> {
  const root = options.files ? changedCopy(served.root, options.files) : served.root
  try {
    const result = await buildApp(root, served.options, options)
    served.current = result
    return result
  } finally {
    if (root !== served.root) rmSync(root, { recursive: true, force: true })
  }
}
