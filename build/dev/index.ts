/**
 * `swerve dev`: esbuild contexts rebuilt on every change, the pipeline in Node
 * (or, with --sw, in the worker), updates pushed to the page over SSE.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, extname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, context, type BuildContext } from 'esbuild'
import { consola } from 'consola'
import { toNodeHandler } from 'srvx/node'
import type { SwerveServer } from '../../runtime/server/types.ts'
import { SWERVE_DIR } from '../../runtime/shared/paths.ts'
import { createHandler } from '../../presets/node/serve.ts'
import { bundleOptions, clientAssetsOf, clientOptions } from '../build.ts'
import { loadConfig } from '../config.ts'
import type { WorkerStage } from '../context.ts'
import { toBuildError } from '../errors.ts'
import { NODE_APP, presets } from '../presets.ts'
import { scanApp, type LayerDirs } from '../scan.ts'
import { loadCssTools } from '../css.ts'
import { writeTypes } from '../types.ts'
import { createAutoImports } from '../imports.ts'
import { createVueTracker, type VueChange } from './changes.ts'
import { createDevDeps } from './deps.ts'
import { errorPage } from './overlay.ts'

export interface DevOptions { port?: number, host?: string, sw?: boolean, quiet?: boolean }

export interface DevServer {
  url: string
  /** Milliseconds from start to ready, and of each rebuild since. */
  readyMs: number
  rebuilds: number[]
  /** Resolves after the next rebuild (tests). */
  nextRebuild: () => Promise<void>
  close: () => Promise<void>
}

/**
 * What a dev client build links, guessed before the first one: the entry keeps its name in
 * dev. Built with the guess, the server is not built a second time unless it was wrong.
 */
const DEV_CLIENT_ASSETS = { entry: `${SWERVE_DIR}/entry.js`, css: [`${SWERVE_DIR}/entry.css`], pages: {} }

const IGNORED = /(^|\/)(\.swerve|\.output|\.data|node_modules|\.git)(\/|$)/
/** A layer's config: a change needs a restart. */
const CONFIG_FILE = /^(swerve|nuxt)\.config\.[cm]?[jt]s$/
/** What a layer's root holds besides folders: its config, and in Nuxt 3's layout app.vue, error.vue, app.config. */
const ROOT_FILE = /^((swerve|nuxt|app)\.config\.[cm]?[jt]s|app\.vue|error\.vue)$/
/** Folders of Nuxt 3's root layout that hold the app's files. */
const ROOT_LAYOUT_DIRS = ['pages', 'components', 'layouts', 'plugins', 'composables', 'utils', 'middleware', 'stores', 'assets']

/**
 * What dev watches in the app and each layer: its Vue side (`app/`, or Nuxt 3's folders at
 * the root), `server/` and `public/` with what they hold, and the root itself for its files
 * only (a root watched with what it holds would take in node_modules).
 */
function watchedDirs(layers: LayerDirs[]): { path: string, recursive: boolean }[] {
  return layers.flatMap(({ root, appDir }) => [
    ...(appDir === '.' ? ROOT_LAYOUT_DIRS : [appDir]).map(dir => ({ path: join(root, dir), recursive: true })),
    { path: join(root, 'server'), recursive: true },
    { path: join(root, 'public'), recursive: true },
    { path: root, recursive: false },
  ]).filter(({ path }) => existsSync(path))
}

export async function createDevServer(rootDir: string, options: DevOptions = {}): Promise<DevServer> {
  const started = performance.now()
  const log = options.quiet ? undefined : consola.withTag('swerve')
  const config = await loadConfig(rootDir, { dev: true, devSw: options.sw, env: process.env })
  const dataDir = process.env.SWERVE_DATA_DIR ?? join(config.root, '.data', 'kv')
  // One context for every rebuild: the bundles' generated modules read it as it is then.
  const scan = scanApp(config.root, config.layers)
  const ctx: WorkerStage = { scan, imports: await createAutoImports(scan, { enabled: config.imports, pinia: config.integrations.pinia }), css: await loadCssTools(config.root), config, clientAssets: DEV_CLIENT_ASSETS, precache: [], cookies: true }
  const devDir = join(config.root, '.swerve', 'dev')
  const publicDir = join(devDir, 'public')
  const appFile = join(devDir, 'server', 'app.mjs')
  await rm(devDir, { recursive: true, force: true })
  await mkdir(publicDir, { recursive: true })
  await writeTypes(config.root, ctx.scan, ctx.imports)

  const contexts: BuildContext[] = []
  const deps = createDevDeps(config, publicDir)
  const client = await context(clientOptions(ctx, publicDir, deps.urlOf))
  const server = await context(bundleOptions(ctx, NODE_APP, appFile))
  contexts.push(client, server)
  if (options.sw) {
    for (const spec of presets.sw.bundles(config)) contexts.push(await context(bundleOptions(ctx, spec, join(devDir, spec.outfile))))
  }
  // Without --sw, /sw.js is the kill switch: a worker left by a production build on this
  // origin updates to it on the next navigation and removes itself, so none is ever stale.
  else {
    const killSwitch = { ...config, selfDestroy: true }
    await build(bundleOptions({ ...ctx, config: killSwitch }, presets.sw.bundles(killSwitch)[0], join(publicDir, 'sw.js')))
  }

  const vue = createVueTracker(config.root, ctx.imports)
  const commitVue = (files: Iterable<string>) => vue.commit([...files].filter(file => extname(file) === '.vue' && existsSync(file)))
  let firstBuilt: string[] = []
  const listeners = new Set<ServerResponse>()
  const hmrModules = new Map<string, string>()
  const rebuilds: number[] = []
  let waiting: (() => void)[] = []
  let pipeline: SwerveServer | undefined
  let failure: string | undefined
  let generation = 0

  const send = (message: object) => {
    for (const response of listeners) response.write(`data: ${JSON.stringify(message)}\n\n`)
  }

  /**
   * Rebuilds everything together; the server bundles again if the client's files changed.
   * `changed`: the files of this batch (the first build records every SFC it bundled).
   */
  async function rebuild(changed?: Set<string>): Promise<boolean> {
    const start = performance.now()
    const [client, server, ...workers] = contexts
    try {
      const before = JSON.stringify(ctx.clientAssets)
      const [clientResult] = await Promise.all([
        client.rebuild(),
        server.rebuild(),
        ...workers.map(worker => worker.rebuild()),
        deps.update(),
      ])
      // A shared package the app imports for the first time: bundled now, before the page loads it.
      await deps.update()
      // Dev pages link the entry (one stable name) and no page chunks, so the server
      // rarely needs building again for the client's new file names.
      ctx.clientAssets = { ...clientAssetsOf(ctx, clientResult.metafile!, publicDir), pages: {} }
      // The server bundles (Node, and the worker with --sw) link the client's files: build them again if those changed.
      if (JSON.stringify(ctx.clientAssets) !== before) await Promise.all(contexts.slice(1).map(c => c.rebuild()))
      // Each generation gets its own file: a query string (?v=) is not enough for every
      // ESM loader (test runners' hooks cache by path).
      const file = join(devDir, 'server', `app-${++generation}.mjs`)
      await copyFile(appFile, file)
      const module = await import(pathToFileURL(file).href)
      if (generation > 1) await rm(join(devDir, 'server', `app-${generation - 1}.mjs`), { force: true })
      await pipeline?.close()
      pipeline = module.createApp({ dataDir })
      failure = undefined
      // The page now runs these SFCs: later edits are compared with them (components too).
      // The first build's are every SFC: read once the server is up (an edit before that reloads).
      if (changed) commitVue(changed)
      else firstBuilt = Object.keys(clientResult.metafile!.inputs).map(input => join(config.root, input))
      return true
    } catch (error) {
      const built = toBuildError(config.root, error)
      failure = (built as Error).message ?? String(built)
      log?.error(`Build failed:\n${failure}`)
      send({ type: 'error', message: failure })
      return false
    } finally {
      const ms = performance.now() - start
      rebuilds.push(ms)
      for (const resolve of waiting) resolve()
      waiting = []
    }
  }

  await rebuild()
  rebuilds.length = 0

  let pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  async function onChanges(files: Set<string>): Promise<void> {
    const relativeFiles = [...files].map(file => relative(config.root, file))
    const changedConfig = relativeFiles.find(file => CONFIG_FILE.test(basename(file)))
    if (changedConfig) {
      log?.warn(`${changedConfig} changed: restart \`swerve dev\` to apply it.`)
      return
    }
    if (relativeFiles.every(file => file.startsWith('public/'))) return send({ type: 'reload' })
    const scan = scanApp(config.root, config.layers)
    const structural = JSON.stringify({ ...scan, root: '' }) !== JSON.stringify({ ...ctx.scan, root: '' })
    if (structural) {
      ctx.scan = scan
      await ctx.imports.update(scan)
    }
    if (structural || relativeFiles.some(file => /(^|\/)server\//.test(file))) await writeTypes(config.root, ctx.scan, ctx.imports)
    const vueChanges = new Map<string, VueChange>()
    if (!structural) for (const file of files) if (extname(file) === '.vue' && existsSync(file)) vueChanges.set(file, vue.classify(file))
    const hmrOnly = vueChanges.size === files.size && [...vueChanges.values()].every(kind => kind !== 'script')

    const wasFailing = failure !== undefined
    const start = performance.now()
    if (!await rebuild(files)) return
    log?.success(`Rebuilt in ${Math.round(performance.now() - start)} ms (${relativeFiles.join(', ')})`)
    if (wasFailing) send({ type: 'ok' })
    if (!hmrOnly) return send({ type: 'reload' })
    for (const [file, kind] of vueChanges) {
      if (kind === 'style') { send({ type: 'css' }); continue }
      const module = await vue.renderModule(file)
      if (!module) return send({ type: 'reload' })
      const { id, code } = module
      hmrModules.set(id, code)
      send({ type: 'rerender', id, url: `/__swerve/hmr/${id}.js?v=${generation}` })
    }
  }

  const watchers: FSWatcher[] = []
  for (const { path, recursive } of watchedDirs(config.layers)) {
    watchers.push(watch(path, { recursive }, (_event, name) => {
      if (!name) return
      const file = join(path, name.toString())
      const rel = relative(config.root, file)
      if (IGNORED.test(rel) || (!recursive && !ROOT_FILE.test(name.toString()))) return
      pending.add(file)
      clearTimeout(timer)
      timer = setTimeout(() => {
        const batch = pending
        pending = new Set()
        running = running.then(() => onChanges(batch)).catch(error => log?.error(error))
      }, 25)
    }))
  }

  const noStore = () => 'no-store'
  /** After the built files and the app's public/: a build error page, or the pipeline. */
  async function renderOrFail(request: Request): Promise<Response> {
    if (failure && (request.headers.get('accept') ?? '').includes('text/html')) {
      return new Response(errorPage(failure), { status: 500, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
    }
    if (!pipeline) return new Response('The app has not built yet.', { status: 503 })
    return pipeline.fetch(request)
  }
  const publicFiles = createHandler({ publicDir: join(config.root, 'public'), base: config.base, cacheControl: noStore, fetch: renderOrFail })
  const handle = toNodeHandler(createHandler({ publicDir, base: config.base, cacheControl: noStore, fetch: publicFiles }))
  const http: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/__swerve/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(`data: ${JSON.stringify(failure ? { type: 'error', message: failure } : { type: 'ok' })}\n\n`)
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }
    const hmr = url.pathname.match(/^\/__swerve\/hmr\/(\w+)\.js$/)
    if (hmr) {
      const code = hmrModules.get(hmr[1])
      res.writeHead(code ? 200 : 404, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(code ?? '')
      return
    }
    return handle(req as never, res as never)
  })

  await new Promise<void>(resolve => http.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const url = `http://${options.host ?? '127.0.0.1'}:${port}${config.base}`
  const readyMs = performance.now() - started
  setImmediate(() => commitVue(firstBuilt))
  log?.ready(`Dev server on ${url} in ${Math.round(readyMs)} ms${options.sw ? ' (pages through the worker)' : ''}`)

  return {
    url,
    readyMs,
    rebuilds,
    nextRebuild: () => new Promise(resolve => waiting.push(resolve)),
    async close() {
      for (const watcher of watchers) watcher.close()
      for (const response of listeners) response.end()
      http.closeAllConnections()
      await new Promise(resolve => http.close(resolve))
      await Promise.all(contexts.map(c => c.dispose()))
      await pipeline?.close()
    },
  }
}
