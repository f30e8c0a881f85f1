/**
 * `swerve dev`: esbuild contexts rebuilt on every change, the pipeline in Node
 * (or, with --sw, in the worker), updates pushed to the page over SSE.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs'
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, dirname, extname, join, relative } from 'node:path'
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
import { createOutputWriter } from './outputs.ts'
import { errorPage } from './overlay.ts'

export interface DevOptions { port?: number, host?: string, sw?: boolean, quiet?: boolean }

export interface DevServer {
  url: string
  /** Milliseconds from start to ready, and of each rebuild since. */
  readyMs: number
  rebuilds: number[]
  /**
   * Resolves once the next batch of changes is handled: rebuilt, and its updates pushed to the
   * open pages (tests). Resolves with those updates.
   */
  nextRebuild: () => Promise<DevUpdate[]>
  close: () => Promise<void>
}

/**
 * What a dev client build links, guessed before the first one: the entry keeps its name in
 * dev. Built with the guess, the server is not built a second time unless it was wrong.
 */
const DEV_CLIENT_ASSETS = { entry: `${SWERVE_DIR}/entry.js`, css: [`${SWERVE_DIR}/entry.css`], pages: {} }

/** The page's meta that names the updates it was rendered with (client/dev.ts). */
export const DEV_UPDATE_META = 'swerve-dev-update'

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

/** An update pushed to the open pages over SSE (client/dev.ts reads it). */
export interface DevUpdate { type: string, [key: string]: unknown }

/** What one dev server's parts share. */
interface Dev {
  config: WorkerStage['config']
  ctx: WorkerStage
  log: ReturnType<typeof consola.withTag> | undefined
  dirs: { dev: string, public: string, appFile: string, data: string }
  /** The client's, the Node app's, and with --sw the worker's esbuild contexts, in that order. */
  contexts: BuildContext[]
  deps: ReturnType<typeof createDevDeps>
  /** Writes the client's files; those of the builds before stay (build/dev/outputs.ts). */
  writeClient: ReturnType<typeof createOutputWriter>
  vue: ReturnType<typeof createVueTracker>
  push: ReturnType<typeof createPush>
  pipeline?: SwerveServer
  failure?: string
  generation: number
  /** The SFCs the first build bundled: the page runs them. */
  firstBuilt: string[]
  rebuilds: number[]
  /** Who waits for the next batch to be handled (`nextRebuild`). */
  waiting: ((updates: DevUpdate[]) => void)[]
}

/** Updates to the open pages over SSE (`/__swerve/events`), and the modules an in-place re-render loads. */
function createPush() {
  const listeners = new Set<ServerResponse>()
  const hmrModules = new Map<string, string>()
  /** How many changes pages were told to apply (reload, CSS, re-render): a page rendered before the last one missed it. */
  let updates = 0
  /** What was pushed since the last `takeSent()`. */
  let sent: DevUpdate[] = []
  const send = (message: DevUpdate) => {
    if (message.type !== 'error' && message.type !== 'ok') updates++
    sent.push(message)
    for (const response of listeners) response.write(`data: ${JSON.stringify(message)}\n\n`)
  }
  return {
    send,
    hmrModules,
    updates: () => updates,
    takeSent: () => sent.splice(0),
    /** Answers the events stream and the HMR modules; false for any other request. */
    serve(req: IncomingMessage, res: ServerResponse, failure: string | undefined): boolean {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname === '/__swerve/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
        // A page rendered before the last update connects only after it (it loads, then hydrates): it reloads.
        const since = Number(url.searchParams.get('since') ?? updates)
        const first = failure ? { type: 'error', message: failure } : since < updates ? { type: 'reload' } : { type: 'ok' }
        res.write(`data: ${JSON.stringify(first)}\n\n`)
        listeners.add(res)
        req.on('close', () => listeners.delete(res))
        return true
      }
      const hmr = url.pathname.match(/^\/__swerve\/hmr\/(\w+)\.js$/)
      if (!hmr) return false
      const code = hmrModules.get(hmr[1]!)
      res.writeHead(code ? 200 : 404, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(code ?? '')
      return true
    },
    close: () => { for (const response of listeners) response.end() },
  }
}

/** The esbuild contexts dev rebuilds; without --sw, /sw.js is the kill switch, built once. */
async function startBundles({ ctx, config, dirs, deps }: Pick<Dev, 'ctx' | 'config' | 'dirs' | 'deps'>, sw: boolean): Promise<BuildContext[]> {
  const contexts = [
    // Written by dev (build/dev/outputs.ts): esbuild would remove the last build's chunks.
    await context({ ...clientOptions(ctx, dirs.public, deps.urlOf), write: false }),
    await context(bundleOptions(ctx, NODE_APP, dirs.appFile)),
  ]
  if (sw) {
    for (const spec of presets.sw.bundles(config)) contexts.push(await context(bundleOptions(ctx, spec, join(dirs.dev, spec.outfile))))
  } else {
    // A worker left by a production build on this origin updates to it on the next
    // navigation and removes itself, so none is ever stale.
    const killSwitch = { ...config, selfDestroy: true }
    await build(bundleOptions({ ...ctx, config: killSwitch }, presets.sw.bundles(killSwitch)[0]!, join(dirs.public, 'sw.js')))
  }
  return contexts
}

/** Loads the Node app just built as a new generation, and closes the one before. */
async function loadPipeline(dev: Dev): Promise<void> {
  // Each generation gets its own file: a query string (?v=) is not enough for every
  // ESM loader (test runners' hooks cache by path).
  const file = join(dev.dirs.dev, 'server', `app-${++dev.generation}.mjs`)
  await copyFile(dev.dirs.appFile, file)
  const module = await import(pathToFileURL(file).href)
  if (dev.generation > 1) await rm(join(dev.dirs.dev, 'server', `app-${dev.generation - 1}.mjs`), { force: true })
  await dev.pipeline?.close()
  dev.pipeline = module.createApp({ dataDir: dev.dirs.data })
}

/**
 * Rebuilds everything together; the server bundles again if the client's files changed.
 * `changed`: the files of this batch (the first build records every SFC it bundled).
 */
async function rebuild(dev: Dev, changed?: Set<string>): Promise<boolean> {
  const { ctx, contexts: [client, ...servers], deps } = dev
  const start = performance.now()
  try {
    const before = JSON.stringify(ctx.clientAssets)
    const [clientResult] = await Promise.all([client!.rebuild(), ...servers.map(server => server.rebuild()), deps.update()])
    await dev.writeClient(clientResult.outputFiles!)
    // A shared package the app imports for the first time: bundled now, before the page loads it.
    await deps.update()
    // Dev pages link the entry (one stable name) and no page chunks, so the server
    // rarely needs building again for the client's new file names.
    ctx.clientAssets = { ...clientAssetsOf(ctx, clientResult.metafile!, dev.dirs.public), pages: {} }
    // The server bundles (Node, and the worker with --sw) link the client's files: build them again if those changed.
    if (JSON.stringify(ctx.clientAssets) !== before) await Promise.all(servers.map(server => server.rebuild()))
    await loadPipeline(dev)
    dev.failure = undefined
    // The page now runs these SFCs: later edits are compared with them (components too).
    // The first build's are every SFC: read once the server is up (an edit before that reloads).
    if (changed) commitVue(dev, changed)
    else dev.firstBuilt = Object.keys(clientResult.metafile!.inputs).map(input => join(dev.config.root, input))
    return true
  } catch (error) {
    const built = toBuildError(dev.config.root, error)
    dev.failure = (built as Error).message ?? String(built)
    dev.log?.error(`Build failed:\n${dev.failure}`)
    dev.push.send({ type: 'error', message: dev.failure })
    return false
  } finally {
    dev.rebuilds.push(performance.now() - start)
  }
}

const commitVue = (dev: Dev, files: Iterable<string>) => dev.vue.commit([...files].filter(file => extname(file) === '.vue' && existsSync(file)))

/** A batch of changed files: a restart notice, a reload, or a rebuild and an in-place re-render where Vue allows. */
async function onChanges(dev: Dev, files: Set<string>): Promise<void> {
  const { config, ctx, push } = dev
  const relativeFiles = [...files].map(file => relative(config.root, file))
  const changedConfig = relativeFiles.find(file => CONFIG_FILE.test(basename(file)))
  if (changedConfig) return dev.log?.warn(`${changedConfig} changed: restart \`swerve dev\` to apply it.`)
  if (relativeFiles.every(file => file.startsWith('public/'))) return push.send({ type: 'reload' })
  const scan = scanApp(config.root, config.layers, config.modules)
  const structural = JSON.stringify({ ...scan, root: '' }) !== JSON.stringify({ ...ctx.scan, root: '' })
  if (structural) {
    ctx.scan = scan
    await ctx.imports.update(scan)
  }
  if (structural || relativeFiles.some(file => /(^|\/)server\//.test(file))) await writeTypes(config.root, ctx.scan, ctx.imports)
  const vueChanges = new Map<string, VueChange>()
  if (!structural) for (const file of files) if (extname(file) === '.vue' && existsSync(file)) vueChanges.set(file, dev.vue.classify(file))
  const hmrOnly = vueChanges.size === files.size && [...vueChanges.values()].every(kind => kind !== 'script')

  const wasFailing = dev.failure !== undefined
  const start = performance.now()
  if (!await rebuild(dev, files)) return
  dev.log?.success(`Rebuilt in ${Math.round(performance.now() - start)} ms (${relativeFiles.join(', ')})`)
  if (wasFailing) push.send({ type: 'ok' })
  if (!hmrOnly) return push.send({ type: 'reload' })
  for (const [file, kind] of vueChanges) {
    if (kind === 'style') { push.send({ type: 'css' }); continue }
    const module = await dev.vue.renderModule(file)
    if (!module) return push.send({ type: 'reload' })
    push.hmrModules.set(module.id, module.code)
    push.send({ type: 'rerender', id: module.id, url: `/__swerve/hmr/${module.id}.js?v=${dev.generation}` })
  }
}

/** Watches the app and its layers; each burst of changes reaches `onBatch` as one set, one batch at a time. */
function watchApp(config: Dev['config'], onBatch: (files: Set<string>) => Promise<void>, log: Dev['log']): FSWatcher[] {
  let pending = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()
  return watchedDirs(config.layers).map(({ path, recursive }) => watch(path, { recursive }, (_event, name) => {
    if (!name) return
    const file = join(path, name.toString())
    if (IGNORED.test(relative(config.root, file)) || (!recursive && !ROOT_FILE.test(name.toString()))) return
    pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const batch = pending
      pending = new Set()
      running = running.then(() => onBatch(batch)).catch(error => log?.error(error))
    }, 25)
  }))
}

/** The dev server's HTTP: built files, then the app's public/, then a build error page or the pipeline. */
function serveHttp(dev: Dev): Server {
  const noStore = () => 'no-store'
  async function renderOrFail(request: Request): Promise<Response> {
    if (dev.failure && (request.headers.get('accept') ?? '').includes('text/html')) {
      return new Response(errorPage(dev.failure), { status: 500, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
    }
    if (!dev.pipeline) return new Response('The app has not built yet.', { status: 503 })
    const seen = dev.push.updates()
    const response = await dev.pipeline.fetch(request)
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) return response
    // The updates this page has: it tells the events stream, which reloads it if it missed one.
    const html = (await response.text()).replace('<head>', `<head><meta name="${DEV_UPDATE_META}" content="${seen}">`)
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(html, { status: response.status, statusText: response.statusText, headers })
  }
  const publicFiles = createHandler({ publicDir: join(dev.config.root, 'public'), base: dev.config.base, cacheControl: noStore, fetch: renderOrFail })
  const handle = toNodeHandler(createHandler({ publicDir: dev.dirs.public, base: dev.config.base, cacheControl: noStore, fetch: publicFiles }))
  return createServer(async (req, res) => {
    if (!dev.push.serve(req, res, dev.failure)) return handle(req as never, res as never)
  })
}

export async function createDevServer(rootDir: string, options: DevOptions = {}): Promise<DevServer> {
  const started = performance.now()
  const log = options.quiet ? undefined : consola.withTag('swerve')
  const config = await loadConfig(rootDir, { dev: true, devSw: options.sw, env: process.env })
  // One context for every rebuild: the bundles' generated modules read it as it is then.
  const scan = scanApp(config.root, config.layers, config.modules)
  const ctx: WorkerStage = { scan, imports: await createAutoImports(scan, { enabled: config.imports, pinia: config.integrations.pinia, modules: config.modules }), css: await loadCssTools(config.root, config.preprocessorOptions, config.modules?.postcssPlugins), config, clientAssets: DEV_CLIENT_ASSETS, precache: [], cookies: true }
  const devDir = join(config.root, '.swerve', 'dev')
  const dirs = { dev: devDir, public: join(devDir, 'public'), appFile: join(devDir, 'server', 'app.mjs'), data: process.env.SWERVE_DATA_DIR ?? join(config.root, '.data', 'kv') }
  await rm(devDir, { recursive: true, force: true })
  await mkdir(dirs.public, { recursive: true })
  await writeTypes(config.root, ctx.scan, ctx.imports)
  const deps = createDevDeps(config, dirs.public)
  const dev: Dev = {
    config, ctx, log, dirs, deps,
    // The entries (entry.js, entry.css) sit at _swerve/'s top, their chunks and assets below it.
    writeClient: createOutputWriter(path => dirname(path) === join(dirs.public, SWERVE_DIR)),
    contexts: await startBundles({ ctx, config, dirs, deps }, !!options.sw),
    vue: createVueTracker(config.root, ctx.imports),
    push: createPush(),
    generation: 0,
    firstBuilt: [],
    rebuilds: [],
    waiting: [],
  }
  await rebuild(dev)
  dev.rebuilds.length = 0
  dev.push.takeSent()
  // A waiter is told after the batch's updates are pushed, not when its rebuild ends: the
  // re-render's module is made after the rebuild, and a page waited for before it was sent.
  const watchers = watchApp(config, files => onChanges(dev, files).finally(() => {
    const updates = dev.push.takeSent()
    for (const resolve of dev.waiting.splice(0)) resolve(updates)
  }), log)
  const http = serveHttp(dev)
  await new Promise<void>(resolve => http.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  const url = `http://${options.host ?? '127.0.0.1'}:${port}${config.base}`
  const readyMs = performance.now() - started
  setImmediate(() => commitVue(dev, dev.firstBuilt))
  log?.ready(`Dev server on ${url} in ${Math.round(readyMs)} ms${options.sw ? ' (pages through the worker)' : ''}`)

  return {
    url,
    readyMs,
    rebuilds: dev.rebuilds,
    nextRebuild: () => new Promise(resolve => dev.waiting.push(resolve)),
    async close() {
      for (const watcher of watchers) watcher.close()
      dev.push.close()
      http.closeAllConnections()
      await new Promise(resolve => http.close(resolve))
      await Promise.all(dev.contexts.map(c => c.dispose()))
      await dev.pipeline?.close()
    },
  }
}
