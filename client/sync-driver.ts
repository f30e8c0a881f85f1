/**
 * Drives `useSync()` (docs/sync.md): asks the worker to sync when the tab comes
 * online, every `sync.interval` seconds while it is open, and on `sync()`; keeps
 * the state the worker posts.
 */
import { connectSync } from '../runtime/app/composables/sync.ts'
import { workerControl } from '../runtime/app/composables/service-worker.ts'
import { ask as askWorker, messageOf, type ToPage } from '../runtime/shared/messages.ts'

export function startSync(interval: number): void {
  const container = navigator.serviceWorker
  if (!container) return
  const state = connectSync(() => ask('SWERVE_SYNC'))

  /** Sends the worker a request and takes the state it answers with. */
  async function ask(type: 'SWERVE_SYNC' | 'SWERVE_SYNC_STATE'): Promise<void> {
    const problem = await workerControl()
    const worker = container.controller
    if (problem || !worker) return
    const answer = await askWorker(worker, { type })
    if (answer) state.update(answer.states)
  }

  container.addEventListener('message', (event) => {
    const message = messageOf<ToPage>(event.data)
    if (message?.type === 'SWERVE_SYNC_STATE') state.update(message.states)
  })
  state.online(navigator.onLine)
  window.addEventListener('offline', () => state.online(false))
  window.addEventListener('online', () => {
    state.online(true)
    void ask('SWERVE_SYNC')
  })
  setInterval(() => {
    if (navigator.onLine) void ask('SWERVE_SYNC')
  }, interval * 1000)
  void ask('SWERVE_SYNC_STATE')
}
