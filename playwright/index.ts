/**
 * `swerve/playwright` (docs/playwright.md): Playwright fixtures for apps whose tests and
 * demos run in a browser with no backend. `app` builds the app once per Playwright worker
 * process and serves it as a static host on a free port; `sw` drives the service worker
 * (ready, kill, offline, update, storage) without CDP or raw service-worker calls in tests.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { test as base, expect as baseExpect, type BrowserContext, type Page, type Response as PageResponse, type Worker } from '@playwright/test'
import { build, type BuildResult } from '../build/build.ts'
import { appServing, createHandler, listen, type FetchHandler } from '../presets/node/serve.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { SyncState } from '../runtime/app/composables/sync.ts'
import { createStorageAccess, type StorageAccess } from './worker-storage.ts'

export type { StorageAccess, SyncState }

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

export interface SwerveApp {
  /** The served URL of `path` (relative to the app's base; default its root). */
  url: (path?: string) => string
  origin: string
  /** The served build's base path (`/` unless the app sets `base`). */
  base: () => string
  /** The build being served now. */
  buildId: () => string
  /** The built app's files (`.output/public` of the build being served). */
  publicDir: () => string
  /** The storage bases the served build syncs (docs/sync.md). */
  syncedBases: () => string[]
  /** Paths the host was asked for, in order: what reached the network, not the worker. */
  requests: string[]
  /** Builds the app again (with `env`, changed `files`, or as a kill switch) and serves it on the same origin. This test only. */
  deploy: (options?: DeployOptions) => Promise<void>
  /**
   * The host answers paths that `match` (a path, or a RegExp tried on path and query) with
   * `handler` first: a page of your own, a failure (`new Response(null, { status: 503 })`).
   * What reaches the host from the worker too, which `page.route` cannot see. This test only.
   */
  route: (match: string | RegExp, handler: HostRoute) => void
}

export interface SwerveWorker {
  /** Waits until a worker is installed, activated and controls the page; a timeout names the step it stopped at. */
  ready: (options?: { timeout?: number }) => Promise<void>
  /** Waits until the page has hydrated (`<html data-swerve-hydrated>`). */
  hydrated: (options?: { timeout?: number }) => Promise<void>
  /** The browser stops the worker, as it does when idle; the next request starts it afresh. */
  kill: () => Promise<void>
  /** The browser goes offline and the host stops answering (503 to anything that still reaches it). */
  offline: () => Promise<void>
  online: () => Promise<void>
  /** Checks for a new build, activates it, waits until it controls the page and reloads the page onto it. */
  update: (options?: { timeout?: number }) => Promise<void>
  /** A request from the page, through the worker (`page.request` goes around it, to the host). */
  fetch: (path: string, init?: { method?: string, headers?: Record<string, string>, body?: string }) => Promise<{ status: number, headers: Record<string, string>, text: string, json: () => unknown }>
  /** The worker's storage under `base` (what the app reads with `useStorage(base)`). */
  storage: (base?: string) => StorageAccess
  /**
   * Syncs the worker's synced storage with the origin now (docs/sync.md) and resolves with
   * each base's state when it is done: `{ notes: { status, pending, lastSyncedAt, error } }`.
   */
  syncNow: (options?: { timeout?: number }) => Promise<Record<string, SyncState>>
  /** The worker's console, as `type: text` lines. */
  messages: string[]
}

interface WorkerFixtures {
  /** The apps this Playwright worker built and serves, one per app and preset. */
  swerveApps: (options: SwerveAppOptions) => Promise<ServedApp>
}

interface TestFixtures {
  swerveApp: SwerveAppOptions | undefined
  swerveServed: ServedApp
  app: SwerveApp
  sw: SwerveWorker
}

/** One build on one static host; the build it serves can be swapped (a deploy) and swapped back. */
interface ServedApp {
  origin: string
  root: string
  options: SwerveAppOptions
  built: BuildResult
  current: BuildResult
  requests: string[]
  reachable: boolean
  routes: { match: string | RegExp, handler: HostRoute }[]
  close: () => Promise<void>
}

async function buildApp(root: string, options: SwerveAppOptions, extra: Pick<DeployOptions, 'env' | 'selfDestroy'> = {}): Promise<BuildResult> {
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

async function serveApp(options: SwerveAppOptions): Promise<ServedApp> {
  const root = resolve(options.root)
  if (!existsSync(root)) throw new Error(`swerve/playwright: the app folder ${root} does not exist (swerveApp.root).`)
  const built = await buildApp(root, options)
  const handlers = new Map<BuildResult, Promise<FetchHandler>>()
  const served: ServedApp = { origin: '', root, options, built, current: built, requests: [], reachable: true, routes: [], close: async () => {} }
  const handlerOf = (result: BuildResult) => {
    let handler = handlers.get(result)
    if (!handler) handlers.set(result, handler = hostOf(result, options))
    return handler
  }
  const listening = await listen(async (request) => {
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
  })
  served.origin = listening.origin
  served.close = async () => {
    await listening.close()
    rmSync(built.config.outDir, { recursive: true, force: true })
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

/** The build id of the worker controlling `page`, or undefined. */
function controllerBuild(page: Page): Promise<string | undefined> {
  return page.evaluate(() => new Promise<string | undefined>((done) => {
    const controller = navigator.serviceWorker?.controller
    if (!controller) return done(undefined)
    const channel = new MessageChannel()
    channel.port1.onmessage = event => done(event.data?.buildId)
    controller.postMessage({ type: 'SWERVE_BOOT' }, [channel.port2])
    setTimeout(() => done(undefined), 2000)
  })).catch(() => undefined)
}

/** Where the page's worker is: the step a `ready()` that timed out stopped at. */
function workerStep(page: Page): Promise<string> {
  return page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return 'this page has no navigator.serviceWorker (not a secure origin?)'
    const registration = await navigator.serviceWorker.getRegistration()
    if (!registration) return 'no worker registered: is the page a swerve build, and did it register (see sw.messages and the page console)?'
    if (registration.installing) return 'installing: sw.js or a file it precaches may have failed to load'
    if (registration.waiting && !registration.active) return 'installed, waiting to activate'
    if (registration.active?.state === 'activating') return 'activating'
    if (!navigator.serviceWorker.controller) return 'active, but not controlling this page (was it loaded with a hard reload?)'
    return 'controlling'
  }).catch(error => `the page could not be asked (${(error as Error).message})`)
}

async function stopWorkers(context: BrowserContext, page: Page): Promise<void> {
  const session = await context.newCDPSession(page)
  try {
    await session.send('ServiceWorker.enable')
    await session.send('ServiceWorker.stopAllWorkers')
  } finally {
    await session.detach()
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Playwright's own Chromium, or the one CHROMIUM_PATH names (a config's executablePath wins).
  launchOptions: [async ({ launchOptions }, use) => {
    await use({ ...launchOptions, executablePath: launchOptions.executablePath ?? process.env.CHROMIUM_PATH })
  }, { scope: 'worker' }],
  // Built once per Playwright worker for each app (and preset) its tests use, so
  // test.use({ swerveApp }) works in a describe group too.
  swerveApps: [async ({}, use) => {
    const apps = new Map<string, Promise<ServedApp>>()
    await use((options) => {
      const key = JSON.stringify([resolve(options.root), options.preset ?? 'static', String(options.cacheControl ?? '')])
      let served = apps.get(key)
      if (!served) apps.set(key, served = serveApp(options))
      return served
    })
    for (const served of apps.values()) await served.then(app => app.close(), () => {})
  }, { scope: 'worker' }],
  swerveApp: [undefined, { option: true }],
  swerveServed: async ({ swerveApp, swerveApps }, use) => {
    if (!swerveApp) throw new Error("swerve/playwright: set the app with test.use({ swerveApp: { root: './my-app' } }).")
    await use(await swerveApps(swerveApp))
  },

  app: async ({ swerveServed: served }, use) => {
    const deployed: BuildResult[] = []
    const app: SwerveApp = {
      origin: served.origin,
      base: () => served.current.config.base,
      url: (path = '') => served.origin + served.current.config.base + path.replace(/^\//, ''),
      buildId: () => served.current.config.buildId,
      publicDir: () => served.current.publicDir,
      syncedBases: () => served.current.config.sync.bases,
      requests: served.requests,
      route: (match, handler) => { served.routes.push({ match, handler }) },
      async deploy(options = {}) {
        const root = options.files ? changedCopy(served.root, options.files) : served.root
        try {
          const result = await buildApp(root, served.options, options)
          deployed.push(result)
          served.current = result
        } finally {
          if (root !== served.root) rmSync(root, { recursive: true, force: true })
        }
      },
    }
    served.requests.length = 0
    await use(app)
    // The next test gets the app as built, on a host that answers.
    served.current = served.built
    served.reachable = true
    served.routes.length = 0
    for (const result of deployed) rmSync(result.config.outDir, { recursive: true, force: true })
  },

  sw: async ({ page, context, app, swerveServed: served }, use) => {
    const messages: string[] = []
    const followConsole = (worker: Worker) => worker.on('console', message => messages.push(`${message.type()}: ${message.text()}`))
    context.serviceWorkers().forEach(followConsole)
    context.on('serviceworker', followConsole)
    let offline = false
    let killed = false

    const sw: SwerveWorker = {
      messages,
      async ready({ timeout = 20_000 } = {}) {
        try {
          await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout })
        } catch {
          throw new Error(`swerve/playwright: no service worker took control of ${page.url()} within ${timeout} ms. Step: ${await workerStep(page)}.${messages.length ? `\nThe worker said:\n${messages.join('\n')}` : ''}`)
        }
      },
      async hydrated({ timeout = 20_000 } = {}) {
        await page.locator('html[data-swerve-hydrated]').waitFor({ state: 'attached', timeout })
      },
      async kill() {
        await stopWorkers(context, page)
        killed = !offline
      },
      async offline() {
        // Chromium 156 hangs the next navigation when a context goes offline while its
        // worker is stopped (CDP): wake the worker first. (Stopping it offline is fine.)
        if (killed) {
          await page.evaluate(() => navigator.serviceWorker.ready.then(registration => registration.active?.postMessage({ type: 'SWERVE_PING' }))).catch(() => {})
          killed = false
        }
        served.reachable = false
        offline = true
        await context.setOffline(true)
      },
      async online() {
        served.reachable = true
        offline = false
        await context.setOffline(false)
      },
      async update({ timeout = 20_000 } = {}) {
        const target = app.buildId()
        const deadline = Date.now() + timeout
        while (await controllerBuild(page) !== target) {
          if (Date.now() > deadline) throw new Error(`swerve/playwright: build ${target} did not take control within ${timeout} ms. Step: ${await workerStep(page)}.`)
          // Check for the new sw.js; a new worker that waits is told to activate (prompt mode).
          await page.evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration()
            if (!registration?.installing && !registration?.waiting) await registration?.update()
            registration?.waiting?.postMessage({ type: 'SKIP_WAITING' })
          }).catch(() => {})
          await page.waitForTimeout(100)
        }
        // The page still runs the old build's code: load it again from the new worker.
        await page.reload()
        await sw.hydrated({ timeout: Math.max(1000, deadline - Date.now()) })
      },
      async fetch(path, init = {}) {
        const answer = await page.evaluate(async ({ url, init }) => {
          const response = await fetch(url, init)
          return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() }
        }, { url: app.url(path), init })
        return { ...answer, json: () => JSON.parse(answer.text) }
      },
      storage: base => createStorageAccess(page, base),
      async syncNow({ timeout = 30_000 } = {}) {
        if (!app.syncedBases().length) throw new Error('swerve/playwright: sw.syncNow(): the app syncs no storage base (storage: { name: { sync: true } } in swerve.config).')
        await sw.ready()
        return await page.evaluate(({ timeout }) => new Promise<Record<string, SyncState>>((resolve, reject) => {
          const channel = new MessageChannel()
          const timer = setTimeout(() => reject(new Error(`the worker did not finish syncing within ${timeout} ms`)), timeout)
          channel.port1.onmessage = (event) => {
            clearTimeout(timer)
            resolve(event.data.states)
          }
          navigator.serviceWorker.controller!.postMessage({ type: 'SWERVE_SYNC' }, [channel.port2])
        }), { timeout })
      },
    }
    await use(sw)
    if (offline) await context.setOffline(false)
  },
})

/** Playwright's `expect` with `toBeFromServiceWorker()` (a Response) and `toBeControlled()` (a Page). */
export const expect = baseExpect.extend({
  toBeFromServiceWorker(response: PageResponse | null) {
    const pass = !!response && response.fromServiceWorker()
    return {
      pass,
      name: 'toBeFromServiceWorker',
      message: () => response
        ? `expected ${response.url()} ${pass ? 'not ' : ''}to be answered by the service worker${pass ? '' : ` (it came from the network, status ${response.status()})`}`
        : 'expected a response, got null (a same-document navigation has none)',
    }
  },
  async toBeControlled(page: Page, options: { timeout?: number } = {}) {
    const timeout = options.timeout ?? this.timeout
    let pass = false
    if (this.isNot) {
      pass = await page.evaluate(() => !!navigator.serviceWorker?.controller)
    } else {
      pass = await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout }).then(() => true, () => false)
    }
    const step = pass ? '' : await workerStep(page)
    return {
      pass,
      name: 'toBeControlled',
      message: () => pass ? `expected ${page.url()} not to be controlled by a service worker` : `expected ${page.url()} to be controlled by a service worker within ${timeout} ms. Step: ${step}`,
    }
  },
})
