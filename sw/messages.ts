/** What tabs ask the worker (runtime/shared/messages.ts has the union), and Background Sync. */
import { messageOf, reply, type ToWorker } from '../runtime/shared/messages.ts'
import { swrOf } from '../runtime/shared/route-rules.ts'
import { pageRequest, type PipelineLoader, type WorkerHost } from './host.ts'
import { SYNC_TAG } from './worker-pipeline.ts'
import { versionsInUse } from './builds-in-use.ts'

declare const self: ServiceWorkerGlobalScope

/** Background Sync's event, where the browser has it. */
interface SyncEvent extends ExtendableEvent {
  tag: string
}

export function onMessage(host: WorkerHost) {
  return (event: ExtendableMessageEvent): void => {
    const message = messageOf<ToWorker>(event.data)
    switch (message?.type) {
      case 'SKIP_WAITING':
        void self.skipWaiting()
        break
      // useSync(): a tab asks for a sync (came online, its interval, sync()) or for the state.
      case 'SWERVE_SYNC':
      case 'SWERVE_SYNC_STATE':
        if (__SWERVE_SYNC__ && host.pipeline.syncs) answerSync(host.pipeline, event, message.type === 'SWERVE_SYNC')
        break
      // swerve/playwright asks for the build; a `timings` build (npm run bench) adds where its start went.
      case 'SWERVE_BOOT':
        reply(event.ports[0], 'SWERVE_BOOT', { ...__SWERVE_TIMINGS__ ? host.build.boot : {}, buildId: host.build.config.buildId })
        break
      // A tab shows a page the browser answered from a route (sw/install.ts): a `swr` render may be due again.
      case 'SWERVE_SHOWN':
        shown(host, event, message.url)
        break
      // A tab of an older version closed or reloaded: its files may go now.
      case 'SWERVE_PRUNE':
        event.waitUntil((async () => {
          if (await host.caches.assets.keepsOlderBuilds()) await host.caches.assets.prune(await versionsInUse(host.build.config.buildId))
        })())
        break
    }
  }
}

function answerSync(pipeline: PipelineLoader, event: ExtendableMessageEvent, now: boolean): void {
  const engine = pipeline.get().sync!
  event.waitUntil((async () => {
    if (now) await engine.sync()
    else pipeline.syncOnStart(event)
    reply(event.ports[0], 'SWERVE_SYNC', { type: 'SWERVE_SYNC_STATE', states: await engine.states() })
  })())
}

function shown({ caches, routing, pipeline }: WorkerHost, event: ExtendableMessageEvent, href: unknown): void {
  if (typeof href !== 'string' || !URL.canParse(href)) return
  const url = new URL(href)
  if (url.origin !== self.location.origin || url.search || !routing.swrPaths().includes(url.pathname)) return
  const maxAge = swrOf(routing.rulesFor(url.pathname))!
  event.waitUntil(caches.swr.shown({ request: pageRequest(url), maxAge, render: pipeline.render, waitUntil: work => event.waitUntil(work) }))
}

/** Background Sync: the network is back; a rejection asks the browser to try again later. */
export function onSync(pipeline: PipelineLoader) {
  return (event: SyncEvent): void => {
    if (event.tag !== SYNC_TAG) return
    event.waitUntil(pipeline.get().sync!.sync().then((done) => {
      if (!done) throw new Error('[swerve] sync incomplete: the browser retries later')
    }))
  }
}
