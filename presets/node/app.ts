/**
 * `.output/server/app.mjs`: the app's server for Node callers (the standalone
 * server, `swerve preview`, the prerenderer, tests): storage on files under
 * `.data/kv` (or memory), and an async context so the request stays known
 * across `await`s.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { join } from 'node:path'
import type { Driver } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { createAppServer } from '../../runtime/pipeline.ts'
import type { SwerveServer } from '../../runtime/server/types.ts'
import { fsStorage } from './fs-storage.ts'

export interface NodeAppOptions {
  /** `fs` (default): files under `dataDir`; `memory`: nothing kept; or any unstorage driver. */
  storage?: 'fs' | 'memory' | Driver
  /** Default: `$SWERVE_DATA_DIR`, else `.data/kv` in the working directory. */
  dataDir?: string
  /** Where `SWERVE_*` runtimeConfig overrides are read (default: `process.env`). */
  env?: Record<string, string | undefined>
}

export function createApp(options: NodeAppOptions = {}): SwerveServer {
  const { storage = 'fs' } = options
  const driver = storage === 'memory'
    ? memoryDriver()
    : storage === 'fs'
      ? fsStorage({ base: options.dataDir ?? process.env.SWERVE_DATA_DIR ?? join(process.cwd(), '.data', 'kv') })
      : storage
  return createAppServer({ storage: driver, asyncContext: new AsyncLocalStorage(), env: options.env ?? process.env })
}

export default createApp
