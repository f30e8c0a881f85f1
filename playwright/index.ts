/**
 * `swerve/playwright` (docs/playwright.md): Playwright fixtures for apps whose tests and
 * demos run in a browser with no backend. `app` builds the app once per Playwright worker
 * process and serves it as a static host on a free port; `sw` drives the service worker
 * (ready, kill, offline, update, storage) without CDP or raw service-worker calls in tests.
 */
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { test as base, expect as baseExpect, type BrowserContext, type Page, type Response as PageResponse, type Worker } from '@playwright/test'
import type { BuildResult } from '../build/build.ts'
import { buildApp, deployTo, serveApp, type DeployOptions, type HostRoute, type ServedApp, type SwerveAppOptions } from './host.ts'
import type { SyncState } from '../runtime/app/composables/sync.ts'
import type { Replies, ToWorker } from '../runtime/shared/messages.ts'
import { createStorageAccess, type StorageAccess } from './worker-storage.ts'

export type { DeployOptions, HostRoute, StorageAccess, SwerveAppOptions, SyncState }

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

/**
 * runtime/shared/messages.ts's ask() in the page: posts `message` to the worker controlling
 * `page` with a port and resolves with its reply, typed by `Replies`; undefined without a
 * controller or a reply within `within` ms. (The page's function cannot import ask().)
 */
function askController<T extends keyof Replies>(page: Page, message: Extract<ToWorker, { type: T }>, within: number): Promise<Replies[T] | undefined> {
  return page.evaluate(({ message, within }) => new Promise<Replies[T] | undefined>((done) => {
    const controller = navigator.serviceWorker?.controller
    if (!controller) return done(undefined)
    const channel = new MessageChannel()
    const timer = setTimeout(() => done(undefined), within)
    channel.port1.onmessage = (event: MessageEvent<Replies[T]>) => {
      clearTimeout(timer)
      done(event.data)
    }
    controller.postMessage(message, [channel.port2])
  }), { message, within })
}

/** The build id of the worker controlling `page`, or undefined. */
function controllerBuild(page: Page): Promise<string | undefined> {
  return askController(page, { type: 'SWERVE_BOOT' }, 2000).then(answer => answer?.buildId, () => undefined)
}

/** Asks the worker controlling `page` to sync now, and returns the state it answers with. */
async function syncIn(page: Page, timeout: number): Promise<Record<string, SyncState>> {
  const answer = await askController(page, { type: 'SWERVE_SYNC' }, timeout)
  if (!answer) throw new Error(`the worker did not finish syncing within ${timeout} ms (or no worker controls the page)`)
  return answer.states
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
  // One build per app, preset and env, shared by the spec files this worker runs; one host per cacheControl too.
  swerveApps: [async ({}, use) => {
    const builds = new Map<string, Promise<BuildResult>>()
    const apps = new Map<string, Promise<ServedApp>>()
    await use((options) => {
      const buildKey = JSON.stringify([resolve(options.root), options.preset ?? 'static', options.env ?? {}])
      const key = JSON.stringify([buildKey, String(options.cacheControl ?? '')])
      let served = apps.get(key)
      if (served) return served
      let built = builds.get(buildKey)
      if (!built) {
        builds.set(buildKey, built = buildApp(resolve(options.root), options))
        // serveApp reports a missing folder first; its build's failure then has no reader.
        built.catch(() => {})
      }
      apps.set(key, served = serveApp(options, built))
      return served
    })
    for (const served of apps.values()) await served.then(app => app.close(), () => {})
    for (const built of builds.values()) await built.then(result => rmSync(result.config.outDir, { recursive: true, force: true }), () => {})
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
        deployed.push(await deployTo(served, options))
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
          await page.evaluate(message => navigator.serviceWorker.ready.then(registration => registration.active?.postMessage(message)), { type: 'SWERVE_PING' } satisfies ToWorker).catch(() => {})
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
          await page.evaluate(async (message) => {
            const registration = await navigator.serviceWorker.getRegistration()
            if (!registration?.installing && !registration?.waiting) await registration?.update()
            registration?.waiting?.postMessage(message)
          }, { type: 'SKIP_WAITING' } satisfies ToWorker).catch(() => {})
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
        return await syncIn(page, timeout)
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
