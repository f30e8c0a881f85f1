/**
 * The messages between a page and its worker (docs/worker.md#messages-between-pages-and-the-worker):
 * one union each way, and the answers that come back on a message's port, so a type is
 * spelled in one place and both sides are checked against it.
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

/** The sync state of every synced base: posted to every tab after each change, and the answer to a sync. */
export interface SyncStateMessage {
  type: 'SWERVE_SYNC_STATE'
  states: Record<string, SyncState>
}

/** What the worker posts to its pages. */
export type ToPage =
  /** Which build does this tab run? Answered on the port with `{ version }`. */
  | { type: 'SWERVE_VERSION' }
  | SyncStateMessage
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

/** What comes back on the port of the messages that have one. */
export interface Replies {
  SWERVE_SYNC: SyncStateMessage
  SWERVE_SYNC_STATE: SyncStateMessage
  /** The worker's build; a `timings` build (npm run bench) adds where its start went (sw/boot.ts). */
  SWERVE_BOOT: { buildId: string } & Record<string, number | string | undefined>
  SWERVE_VERSION: { version: string }
  /** Only a kill switch answers (sw/self-destroy.ts). */
  SWERVE_KILL_SWITCH: { killSwitch: true }
}

interface Port { postMessage: (message: unknown, transfer: Transferable[]) => void }

/** Posts a message to a worker; with `transfer`, a port for its answer. */
export const postToWorker = (worker: Port, message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer)

/** Posts a message to a page (a worker's client); with `transfer`, a port for its answer. */
export const postToPage = (client: Port, message: ToPage, transfer: Transferable[] = []) => client.postMessage(message, transfer)

/** Answers a message on its port (`event.ports[0]`), in the shape `Replies` gives its type. */
export const reply = <T extends keyof Replies>(port: MessagePort | undefined, _type: T, answer: Replies[T]) => port?.postMessage(answer)

/**
 * Posts `message` with a port and resolves with what comes back on it; `within` ms without an
 * answer resolves undefined. (Every message that asks carries nothing but its type.)
 */
export function ask<T extends keyof Replies>(target: Port, message: { type: T }, within?: number): Promise<Replies[T] | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    const timer = within === undefined ? undefined : setTimeout(() => resolve(undefined), within)
    channel.port1.onmessage = (event: MessageEvent<Replies[T]>) => {
      clearTimeout(timer)
      resolve(event.data)
    }
    target.postMessage(message, [channel.port2])
  })
}
