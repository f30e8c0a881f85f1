/**
 * Sync's wire and clock, shared by the worker (which pushes and pulls) and the
 * origin (which answers): docs/sync.md.
 *
 * A change is stamped with a hybrid logical clock: `<ms, 13 digits>-<counter, 4
 * base-36 digits>-<node>`. Stamps compare as strings, grow with the wall clock,
 * never repeat on one node, and a node that has seen a stamp only makes larger
 * ones, so "last writer wins" means the same thing on every device.
 */

import { swervePrefix } from './paths.ts'

/** The wire format's version: `v` in every body. */
export const SYNC_VERSION = 1

/** `<base>_swerve/sync/<storage base>`: a storage base's sync route. */
export const syncPath = (base: string, name: string) => `${swervePrefix(base)}sync/${encodeURIComponent(name)}`

export interface SyncChange {
  /** The key inside the storage base (`welcome`, not `notes:welcome`). */
  key: string
  /** The value as `getItem` returns it; absent when `deleted`. */
  value?: unknown
  deleted?: true
  hlc: string
}

export interface SyncRequest {
  v: typeof SYNC_VERSION
  /** What the last answer said; null on a first sync. */
  cursor: string | null
  changes: SyncChange[]
  /** The device is replacing its copy after a `resync` answer: its pages from the start need no more. */
  resync?: true
}

export interface SyncResponse {
  v: typeof SYNC_VERSION
  /** Where the device's next pull starts: the last change of the log it has now (opaque to it). */
  cursor: string
  /** The origin's changes since the cursor, and the winner of every pushed change that lost. */
  changes: SyncChange[]
  /** More changes follow: ask again with this cursor (a page holds `sync.pageSize` at most). */
  more?: true
  /** The device was away longer than tombstones are kept: it replaces its copy by a pull from the start. */
  resync?: true
}

export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'error'

/** A synced base's state, as the worker reports it to its tabs (`useSync()`). */
export interface SyncState {
  status: SyncStatus
  /** Changes made on this device that the origin has not taken yet. */
  pending: number
  /** When the last sync completed (ms since the epoch), or null. */
  lastSyncedAt: number | null
  /** Why the last sync failed (offline is no error). */
  error: string | null
}

const HLC = /^(\d{13})-([0-9a-z]{4})-([0-9a-z]{1,16})$/
const COUNTER_MAX = 36 ** 4 - 1

export const isHlc = (value: unknown): value is string => typeof value === 'string' && HLC.test(value)

/** The wall-clock milliseconds of a stamp. */
export const hlcTime = (hlc: string) => Number(hlc.slice(0, 13))

export interface Clock {
  readonly node: string
  /** A new stamp, larger than every stamp this clock made or observed. */
  tick: () => string
  /** Learns of a stamp made elsewhere. */
  observe: (hlc: string) => void
}

export function createClock(node: string, now: () => number = Date.now): Clock {
  let wall = 0
  let count = 0
  return {
    node,
    tick() {
      const time = now()
      if (time > wall) {
        wall = time
        count = 0
      } else if (count < COUNTER_MAX) {
        count++
      } else {
        // 1.7 million stamps in one millisecond: borrow the next one.
        wall++
        count = 0
      }
      return `${String(wall).padStart(13, '0')}-${count.toString(36).padStart(4, '0')}-${node}`
    },
    observe(hlc) {
      const match = HLC.exec(hlc)
      if (!match) return
      const time = Number(match[1])
      const counter = Number.parseInt(match[2]!, 36)
      if (time > wall) {
        wall = time
        count = counter
      } else if (time === wall && counter > count) {
        count = counter
      }
    },
  }
}

/** A random node name for a clock: 10 base-36 characters. */
export function randomNode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return Array.from(bytes, byte => (byte % 36).toString(36)).join('')
}

/** The synced base a whole key (`notes:welcome`) belongs to, if any. */
export const syncedBaseOf = (bases: readonly string[], key: string) => bases.find(base => key.startsWith(`${base}:`))

/** How a value is kept as text in storage, as unstorage keeps it. */
export const toStoredText = (value: unknown) => typeof value === 'string' ? value : JSON.stringify(value)
