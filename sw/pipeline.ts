/**
 * The worker's pipeline side (`sw-pipeline.js`): the app's server on IndexedDB,
 * the cookie bridge, and unsafe requests run once. The host (sw/index.ts)
 * imports it when a request first needs it, so a cold start that the precache
 * or a kept `swr` render answers evaluates none of it (docs/worker.md).
 */
import type { Driver } from 'unstorage'
import type { FetchOptions, SwerveServer } from '../runtime/server/types.ts'
import { applySetCookies, withCookies, type Initiator } from './cookies.ts'
import { createIdempotency } from './idempotency.ts'
import { createWorkerStorage } from './storage.ts'

export interface WorkerPipeline {
  /** The server's answer; `initiator` is asked only when cookies go along. */
  handle: (request: Request, initiator: () => Promise<Initiator>, options?: Pick<FetchOptions, 'passthrough'>) => Promise<Response>
  /** Drops idempotency records old enough that no retry can come. */
  prune: () => Promise<void>
  close: () => Promise<void>
}

/** What `sw-pipeline.js` leaves on the worker's global scope for the host. */
export const PIPELINE_GLOBAL = '__swervePipeline'

export function createWorkerPipeline(createServer: (storage: Driver) => SwerveServer): WorkerPipeline {
  const storage = createWorkerStorage()
  const server = createServer(storage.driver)
  const idempotency = createIdempotency(storage)
  return {
    handle(request, initiator, options = {}) {
      // A build-time flag: a worker without the cookie bridge carries none of its code.
      const run = __SWERVE_SW_COOKIES__
        ? async () => {
          const setCookies: string[] = []
          const answer = await server.fetch(await withCookies(request, await initiator()), { ...options, setCookies })
          await applySetCookies(setCookies)
          return answer
        }
        : () => server.fetch(request, options)
      return idempotency.handle(request, run)
    },
    prune: () => idempotency.prune(),
    close: () => server.close(),
  }
}
