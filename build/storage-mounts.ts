/**
 * `storage` in swerve.config: each base's driver, for Node hosts (docs/sync.md).
 * The build imports only the drivers the config names into the server bundle;
 * their options, which may hold a password, never reach the worker or the page.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { StorageMount } from '../runtime/config.ts'
import { packageRoot, swerveModule } from './paths.ts'

/** Drivers swerve has its own of: files, as fs-lite lays them out, that hold under load. */
const OWN_DRIVERS: Record<string, string> = { 'fs': 'presets/node/fs-storage', 'fs-lite': 'presets/node/fs-storage' }

let unstorageDrivers: string | undefined

export function isDriverName(name: string): boolean {
  if (!/^[a-z\d-]+$/.test(name)) return false
  if (name in OWN_DRIVERS) return true
  unstorageDrivers ??= dirname(createRequire(join(packageRoot, 'package.json')).resolve('unstorage/drivers/memory'))
  return existsSync(join(unstorageDrivers, `${name}.mjs`))
}

/** A base on a database a Cloudflare Worker binds (D1, Hyperdrive): mounted in the Worker, not in Node. */
export function inWorkerDatabase(mount: StorageMount | undefined): boolean {
  return mount?.driver === 'db0' && typeof mount.connector === 'string' && mount.connector.startsWith('cloudflare-')
}

/** The module a driver name imports from. */
export function driverModule(name: string): string {
  const own = OWN_DRIVERS[name]
  return own ? swerveModule(own) : `unstorage/drivers/${name}`
}
