/**
 * `useSync(base?)` (docs/sync.md): the state of synced storage as the worker
 * reports it, and `sync()` to sync now. The client connects it to the worker
 * (client/sync-driver.ts); on the server, and before the page is hydrated, it reads
 * idle with nothing pending, so server HTML and hydration agree.
 *
 * Module state, on purpose: it mirrors the one worker's sync state for the page (client/sync-driver.ts
 * connects once); the server never writes it, so requests share nothing.
 */
import { computed, reactive, ref, type ComputedRef } from 'vue'
import type { SyncState, SyncStatus } from '../../shared/sync-protocol.ts'

export type { SyncState, SyncStatus }

export interface UseSync {
  /** Whether the worker syncs this base (or any, without one): false on a static host, and until the worker has said. */
  enabled: ComputedRef<boolean>
  /** `offline` while the browser is, `error` when the last sync failed (see `error`). */
  status: ComputedRef<SyncStatus>
  /** Changes made on this device that the origin has not taken yet. */
  pending: ComputedRef<number>
  /** When the last sync completed (ms since the epoch), or null. */
  lastSyncedAt: ComputedRef<number | null>
  /** Why the last sync failed: the origin's answer (`401 Unauthorized: …`), for instance. */
  error: ComputedRef<string | null>
  /** Syncs now; settles when the worker has finished. */
  sync: () => Promise<void>
}

const states = /* @__PURE__ */ reactive<Record<string, SyncState>>({})
const online = /* @__PURE__ */ ref(true)
let requestSync: () => Promise<void> = async () => {}

/** @internal the client's sync code plugs in here. */
export function connectSync(request: () => Promise<void>) {
  requestSync = request
  return {
    update(next: Record<string, SyncState>) {
      Object.assign(states, next)
    },
    online(value: boolean) {
      online.value = value
    },
  }
}

const ORDER: SyncStatus[] = ['idle', 'offline', 'syncing', 'error']

/** The state of one synced base, or of all of them together. */
export function useSync(base?: string): UseSync {
  const selected = computed(() => base === undefined ? Object.values(states) : states[base] ? [states[base]] : [])
  return {
    enabled: computed(() => selected.value.length > 0),
    status: computed(() => {
      const worst = selected.value.reduce<SyncStatus>((status, state) => ORDER.indexOf(state.status) > ORDER.indexOf(status) ? state.status : status, 'idle')
      return !online.value && worst !== 'error' ? 'offline' : worst
    }),
    pending: computed(() => selected.value.reduce((sum, state) => sum + state.pending, 0)),
    lastSyncedAt: computed(() => {
      const times = selected.value.map(state => state.lastSyncedAt)
      return times.length && times.every(time => time !== null) ? Math.min(...times as number[]) : null
    }),
    error: computed(() => selected.value.find(state => state.error)?.error ?? null),
    sync: () => requestSync(),
  }
}
