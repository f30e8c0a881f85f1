/**
 * Node's storage: files under `.data/kv` (or $SWERVE_DATA_DIR), or memory when
 * SWERVE_STORAGE=memory (unit tests). Imported before the pipeline.
 */
import { join } from 'node:path'
import fsDriver from 'unstorage/drivers/fs-lite'
import memoryDriver from 'unstorage/drivers/memory'
import { setStorageDriver } from '../../runtime/server/storage.ts'

setStorageDriver(process.env.SWERVE_STORAGE === 'memory'
  ? memoryDriver()
  : fsDriver({ base: process.env.SWERVE_DATA_DIR ?? join(process.cwd(), '.data', 'kv') }))

export { setStorageDriver }
