/**
 * `useServiceWorker()` (docs/guide.md): update state as refs. The client registers
 * the worker and drives these (client/service-worker.ts); on the server they
 * stay false.
 */
import { ref } from 'vue'

const offlineReady = ref(false)
const needRefresh = ref(false)
let updater: () => Promise<void> = async () => {}

export interface ServiceWorkerState {
  offlineReady: typeof offlineReady
  needRefresh: typeof needRefresh
  /** Activates the waiting worker and reloads onto the new version. */
  update: () => Promise<void>
}

/** @internal the client's registration code plugs in here. */
export function connectServiceWorker(update: () => Promise<void>): ServiceWorkerState {
  updater = update
  return { offlineReady, needRefresh, update }
}

function update(): Promise<void> {
  return updater()
}

export function useServiceWorker(): ServiceWorkerState {
  return { offlineReady, needRefresh, update }
}
