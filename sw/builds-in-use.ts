/** Asks every open tab which build it runs (client/service-worker.ts answers), so their files stay. */
import { ask } from '../runtime/shared/messages.ts'

declare const self: ServiceWorkerGlobalScope

const ANSWER_WITHIN = 1000

export async function versionsInUse(current: string): Promise<Set<string>> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const answers = await Promise.all(windows.map(client => ask(client, { type: 'SWERVE_VERSION' }, ANSWER_WITHIN)))
  const versions = new Set(answers.map(answer => answer?.version).filter((v): v is string => typeof v === 'string'))
  versions.add(current)
  return versions
}
