/**
 * The messages between a page and its worker (docs/worker.md#messages): one union each
 * way, so a type is spelled in one place and both sides are checked against it.
 */
import type { SyncState } from './sync-protocol.ts'

/** What a page (or swerve/playwright, or the bench) posts to the worker. */
export type ToWorker =
  /** The waiting worker takes over (`useServiceWorker().update()`). */
  | { type: 'SKIP_WAITING' }
  /** Sync now; the state comes back on the message's port (`useSync().sync()`). */
  | { type: 'SWERVE_SYNC' }
  /** Only the sync state, on the message's port. */
  | { type: 'SWERVE_SYNC_STATE' }
  /** The worker's build (and, in a bench build, where its start went), on the port. */
  | { type: 'SWERVE_BOOT' }
  /** The browser answered this page from a static route: a `swr` render may be due. */
  | { type: 'SWERVE_SHOWN', url: string }
  /** This tab runs the newest build now: files no tab runs can go. */
  | { type: 'SWERVE_PRUNE' }
  /** Wakes a stopped worker (swerve/playwright). */
  | { type: 'SWERVE_PING' }
  /** Is this worker a kill switch? Only a kill switch answers, on the port, and removes itself again. */
  | { type: 'SWERVE_KILL_SWITCH' }

/** What the worker posts to its pages. */
export type ToPage =
  /** Which build does this tab run? Answered on the port with `{ version }`. */
  | { type: 'SWERVE_VERSION' }
  /** The sync state of every synced base, after each change of it. */
  | { type: 'SWERVE_SYNC_STATE', states: Record<string, SyncState> }
  /**
   * Cookies the worker's pipeline set that the Cookie Store API did not keep (WebKitGTK 2.50
   * resolves `set` and stores nothing): each tab sets them with `document.cookie`.
   */
  | { type: 'SWERVE_SET_COOKIE', cookies: string[] }
  /** A kill switch removed the worker of `scope`: the tabs under it load from the network again. */
  | { type: 'SWERVE_RELOAD', scope: string }

/** `data` as a message of this union, when it is one: only its type is checked, the rest by the handler. */
export const messageOf = <M extends { type: string }>(data: unknown): M | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' ? data as M : undefined

interface Port { postMessage: (message: unknown, transfer: Transferable[]) => void }

/** Posts a message to a worker; with `transfer`, a port for its answer. */
export const postToWorker = (worker: Port, message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer)

/** Posts a message to a page (a worker's client); with `transfer`, a port for its answer. */
export const postToPage = (client: Port, message: ToPage, transfer: Transferable[] = []) => client.postMessage(message, transfer)
