/**
 * Many devices (docs/sync.md): 1,000 simulated devices speaking the sync protocol over
 * HTTP to two standalone Node processes on one Redis, each device with keys of its own
 * and some shared ones, for 60 s (BENCH_DEVICES, BENCH_DEVICES_SECONDS). Reports pushes
 * and pulls a second with p50/p99, then checks that every device converges to the same
 * values and that no change was lost (each key ends at the newest stamp pushed for it),
 * and counts changes a device received a second time (a request sent again after a reset
 * connection reads its page again: the stamp makes the second copy change nothing).
 */
import { copyOf, startStandalone } from '../test/helpers.ts'
import { startRedis } from '../test/redis.ts'
import { createClock, type SyncChange, type SyncResponse } from '../runtime/shared/sync-protocol.ts'
import { summarize } from './stats.ts'

export interface DevicesFigures {
  devices: number
  seconds: number
  pushesPerSecond: number
  pullsPerSecond: number
  p50: number
  p99: number
  converged: boolean
  lost: number
  /** Changes a device received a second time, with the same stamp. */
  receivedTwice: number
  /** Requests that met a network error (a reset connection) and were sent again, as a device would. */
  retried: number
}

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000)
const SECONDS = Number(process.env.BENCH_DEVICES_SECONDS ?? 60)
const SHARED = 20

interface Device {
  id: number
  clock: ReturnType<typeof createClock>
  cursor: string | null
  replica: Map<string, SyncChange>
  /** (key, stamp) pairs received, to find one received twice. */
  received: Set<string>
  twice: number
}

export async function benchSyncDevices(log: (line: string) => void): Promise<DevicesFigures> {
  log(`Sync: ${DEVICES.toLocaleString('en')} devices against 2 Node processes on one Redis for ${SECONDS} s…`)
  const redis = await startRedis()
  const app = copyOf('sync')
  try {
    const result = await app.build({ preset: 'node', prerender: false })
    const servers = await Promise.all([0, 1].map(() => startStandalone(result.serverDir, { SWERVE_STORAGE_NOTES_URL: redis.url })))
    try {
      const newest = new Map<string, string>()
      const times: number[] = []
      let pushes = 0
      let pulls = 0
      let retried = 0
      /** The request as a device sends it: again after a network error (the worker syncs again later). */
      const send = async (url: string, body: string): Promise<Response> => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          } catch (error) {
            if (attempt >= 10) throw error
            retried++
            await new Promise(resolve => setTimeout(resolve, 100 + Math.random() * 400))
          }
        }
      }
      const post = async (device: Device, changes: SyncChange[]): Promise<SyncResponse> => {
        const origin = servers[device.id % 2]!.origin
        const start = performance.now()
        const response = await send(`${origin}/_swerve/sync/notes`, JSON.stringify({ v: 1, cursor: device.cursor, changes }))
        if (!response.ok) throw new Error(`device ${device.id}: sync answered ${response.status} ${await response.text()}`)
        const answer = await response.json() as SyncResponse
        times.push(performance.now() - start)
        if (changes.length) pushes++
        else pulls++
        for (const change of answer.changes) {
          const seen = `${change.key} ${change.hlc}`
          if (device.received.has(seen)) device.twice++
          device.received.add(seen)
          const held = device.replica.get(change.key)
          if (!held || held.hlc < change.hlc) device.replica.set(change.key, change)
        }
        device.cursor = answer.cursor
        return answer
      }
      /** Pulls until the origin has nothing more. */
      const catchUp = async (device: Device) => {
        while ((await post(device, [])).more);
      }
      const devices: Device[] = Array.from({ length: DEVICES }, (_, id) => ({ id, clock: createClock(`d${id}`), cursor: null, replica: new Map(), received: new Set(), twice: 0 }))
      const end = Date.now() + SECONDS * 1000
      await Promise.all(devices.map(async (device) => {
        // Spread the start, then each device writes and pulls every 1–3 s.
        await new Promise(resolve => setTimeout(resolve, Math.random() * 2000))
        for (let round = 0; Date.now() < end; round++) {
          const key = Math.random() < 0.2 ? `shared-${Math.floor(Math.random() * SHARED)}` : `d${device.id}-${round % 5}`
          const change: SyncChange = { key, value: { by: device.id, round }, hlc: device.clock.tick() }
          if (!newest.has(key) || newest.get(key)! < change.hlc) newest.set(key, change.hlc)
          device.replica.set(key, change)
          await post(device, [change])
          await catchUp(device)
          await new Promise(resolve => setTimeout(resolve, 1000 + Math.random() * 2000))
        }
      }))
      // Everyone syncs once more: all must hold the same values, each key at its newest stamp.
      for (const device of devices) await catchUp(device)
      const truth = devices[0]!.replica
      const same = (replica: Map<string, SyncChange>) => replica.size === truth.size && [...truth].every(([key, change]) => replica.get(key)?.hlc === change.hlc)
      const converged = devices.every(device => same(device.replica))
      const lost = [...newest].filter(([key, hlc]) => truth.get(key)?.hlc !== hlc).length
      const { p50, p99 } = { ...summarize(times), p99: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)]! }
      return { devices: DEVICES, seconds: SECONDS, pushesPerSecond: pushes / SECONDS, pullsPerSecond: pulls / SECONDS, p50, p99, converged, lost, receivedTwice: devices.reduce((sum, device) => sum + device.twice, 0), retried }
    } finally {
      await Promise.all(servers.map(server => server.stop()))
    }
  } finally {
    app.remove()
    await redis.stop()
  }
}
