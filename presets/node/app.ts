/**
 * `.output/server/app.mjs`: the app's server for Node callers (the standalone
 * server, `swerve preview`, the prerenderer, tests): storage on files under
 * `.data/kv` (or memory) with swerve.config's mounts over it (a base on Redis),
 * and an async context so the request stays known across `await`s.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { join } from 'node:path'
import type { Driver } from 'unstorage'
import memoryDriver from 'unstorage/drivers/memory'
import { mounts } from '#swerve/virtual/storage'
import { createAppServer } from '../../runtime/app-server.ts'
import { overlay, toEnvName, type Env } from '../../runtime/server/runtime-config.ts'
import type { SwerveServer } from '../../runtime/server/types.ts'
import { fsStorage } from './fs-storage.ts'

export interface NodeAppOptions {
  /**
   * `fs` (default): files under `dataDir`; `memory`: nothing kept, swerve.config's
   * mounts included; or any unstorage driver at the root.
   */
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
  const env = options.env ?? process.env
  return createAppServer({ storage: driver, mounts: storage === 'memory' ? undefined : mountsOf(env), asyncContext: new AsyncLocalStorage(), env })
}

/** The config's storage mounts, each driver's options with `SWERVE_STORAGE_<BASE>_<OPTION>` over them. */
function mountsOf(env: Env): Record<string, Driver> {
  return Object.fromEntries(mounts.map(({ base, driver, options }) => {
    return [base, driver(overlay(options, `SWERVE_STORAGE_${toEnvName(base)}`, env))]
  }))
}

export default createApp
