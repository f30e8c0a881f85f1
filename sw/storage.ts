/** The worker's storage: IndexedDB through idb-keyval. Imported before the pipeline, so plugins see it. */
import indexedbDriver from 'unstorage/drivers/indexedb'
import { setStorageDriver } from '../runtime/server/storage.ts'

setStorageDriver(indexedbDriver({ dbName: 'swerve-storage', storeName: 'kv' }))
