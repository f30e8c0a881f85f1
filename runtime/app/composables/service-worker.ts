/**
 * `useServiceWorker()` (docs/worker.md): update state as refs. The client registers
 * the worker and drives these (client/service-worker.ts); on the server they
 * stay false.
 *
 * Module state, on purpose: it is the page's one registration of its worker, which outlives
 * any app instance (a page has one); the server never writes it, so requests share nothing.
 */
import { ref } from 'vue'

const offlineReady = /* @__PURE__ */ ref(false)
const needRefresh = /* @__PURE__ */ ref(false)
const unavailable = /* @__PURE__ */ ref(false)
let updater: () => Promise<void> = async () => {}

export interface ServiceWorkerState {
  offlineReady: typeof offlineReady
  needRefresh: typeof needRefresh
  /** This browser gives the page no service worker (blocked, private mode, not a secure origin). */
  unavailable: typeof unavailable
  /** Activates the waiting worker and reloads onto the new version. */
  update: () => Promise<void>
}

/** How long the page's `$fetch` waits for the worker on a first visit to a static host. */
const CONTROL_TIMEOUT = 15_000
/** Where registration is, for the error when the worker never takes control. */
let step = 'registering'
let failure: string | undefined
let controlled = false
const waiters = new Set<(problem?: string) => void>()

function settle(problem?: string): void {
  for (const waiter of waiters) waiter(problem)
  waiters.clear()
}

/** @internal the client's registration code plugs in here. */
export function connectServiceWorker(update: () => Promise<void>) {
  updater = update
  return {
    offlineReady,
    needRefresh,
    update,
    /** Registration reached `name` (installing, activating …). */
    step: (name: string) => { step = name },
    controlled() {
      controlled = true
      settle()
    },
    failed(problem: string) {
      failure = problem
      unavailable.value = true
      settle(problem)
    },
  }
}

/**
 * Settles once a worker controls the page; with a reason when none will (service
 * workers unavailable, registration failed, no control within the time limit).
 */
export function workerControl(): Promise<string | undefined> {
  if (failure || controlled) return Promise.resolve(failure)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiters.delete(done)
      resolve(`the service worker did not take control of this page within ${CONTROL_TIMEOUT / 1000} s (it was ${step})`)
    }, CONTROL_TIMEOUT)
    const done = (problem?: string) => {
      clearTimeout(timer)
      resolve(problem)
    }
    waiters.add(done)
  })
}

function update(): Promise<void> {
  return updater()
}

export function useServiceWorker(): ServiceWorkerState {
  return { offlineReady, needRefresh, unavailable, update }
}
