/**
 * The kill switch seen from the page (docs/worker.md#kill-switch). The page of a killed
 * build never registers `sw.js`: Chromium keeps a registration that a page registers
 * again while it is being removed (its old worker still controls a tab or answers a
 * request), and the kill switch, installed already, then waits behind the old worker. The
 * page removes its scope's worker and swerve's caches itself instead, and so does a page
 * that finds a kill switch waiting in its registration.
 */
import { isSwerveCacheOf } from '../runtime/shared/cache-names.ts'
import { ask } from '../runtime/shared/messages.ts'

/** Unregisters the worker of `scope` (never another scope's) and deletes swerve's caches of it; whether one was registered. */
async function removeWorker(scope: string): Promise<boolean> {
  const registrations = (await navigator.serviceWorker.getRegistrations()).filter(registration => registration.scope === scope)
  const removed = await Promise.all(registrations.map(registration => registration.unregister()))
  const names = globalThis.caches ? await caches.keys() : []
  await Promise.all(names.filter(name => isSwerveCacheOf(name, scope)).map(name => caches.delete(name)))
  return removed.includes(true)
}

/**
 * Removes the worker of `scope` and its caches, and loads the page again from the network
 * if a worker controlled it: once in 10 s at most, so no browser state can make it loop.
 */
export async function leaveWorker(scope: string): Promise<void> {
  const controlled = !!navigator.serviceWorker.controller
  if (!await removeWorker(scope) || !controlled) return
  const key = `swerve:left ${scope}`
  const last = Number(sessionStorage.getItem(key) ?? 0)
  if (Date.now() - last < 10_000) return
  sessionStorage.setItem(key, String(Date.now()))
  location.reload()
}

/** Whether `worker` is a kill switch: only one answers `SWERVE_KILL_SWITCH`, at once. */
export async function isKillSwitch(worker: ServiceWorker, timeout = 5000): Promise<boolean> {
  return await ask(worker, { type: 'SWERVE_KILL_SWITCH' }, timeout) !== undefined
}
