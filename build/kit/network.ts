/**
 * Modules' own requests while they install (@nuxt/fonts asks five font providers for their
 * lists when modules are done). Nuxt lets them take as long as the network does; swerve's build
 * bounds them, so that no network, or one that drops packets, never holds a build:
 * - each request made from module code has a time budget (`SWERVE_MODULE_FETCH_TIMEOUT`, in ms);
 * - an origin that failed once fails at once for the rest of that install (a module's retries
 *   cost nothing).
 * "Module code" is what runs inside `boundModuleFetch()`, followed across `await`s and timers
 * (AsyncLocalStorage); every other caller in the process sees fetch unchanged.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { consola } from 'consola'

interface Bounds { timeout: number, failed: Map<string, unknown> }

const scope = new AsyncLocalStorage<Bounds>()
let installed = false

const originOf = (input: RequestInfo | URL) => {
  try {
    return new URL(input instanceof Request ? input.url : String(input)).origin
  } catch {
    return undefined
  }
}

function install(): void {
  if (installed) return
  installed = true
  const unbounded = globalThis.fetch
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const bounds = scope.getStore()
    const origin = originOf(input)
    if (!bounds || !origin || origin === 'null') return unbounded(input, init)
    if (bounds.failed.has(origin)) throw new TypeError('fetch failed', { cause: bounds.failed.get(origin) })
    const budget = AbortSignal.timeout(bounds.timeout)
    try {
      return await unbounded(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, budget]) : budget })
    } catch (error) {
      if (init?.signal?.aborted) throw error
      if (bounds.failed.has(origin)) throw error
      bounds.failed.set(origin, error)
      consola.withTag('swerve').warn(`A module's request to ${origin} failed (${budget.aborted ? `no answer in ${bounds.timeout} ms` : (error as Error).cause ?? (error as Error).message}); later requests to it during this build fail at once.`)
      throw budget.aborted ? new TypeError('fetch failed', { cause: error }) : error
    }
  }
}

/** Runs `fn` (the modules' install) with its requests bounded, as above. */
export function boundModuleFetch<T>(fn: () => Promise<T>): Promise<T> {
  install()
  const timeout = Number(process.env.SWERVE_MODULE_FETCH_TIMEOUT) || 5000
  return scope.run({ timeout, failed: new Map() }, fn)
}
