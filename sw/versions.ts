/** Asks every open tab which build it runs (client/service-worker.ts answers), so their files stay. */
declare const self: ServiceWorkerGlobalScope

const ANSWER_WITHIN = 1000

export async function versionsInUse(current: string): Promise<Set<string>> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
  const answers = await Promise.all(windows.map(client => new Promise<string | undefined>((resolve) => {
    const channel = new MessageChannel()
    const timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN)
    channel.port1.onmessage = (message) => {
      clearTimeout(timer)
      resolve(typeof message.data?.version === 'string' ? message.data.version : undefined)
    }
    client.postMessage({ type: 'SWERVE_VERSION' }, [channel.port2])
  })))
  const versions = new Set(answers.filter((v): v is string => !!v))
  versions.add(current)
  return versions
}
