/**
 * Node hosts' storage: one file per key under a folder, laid out as unstorage's
 * `fs-lite` lays it out (`notes:welcome` is `notes/welcome`), so existing data
 * reads on. Unlike fs-lite it holds under load (docs/security.md#storage-under-load):
 *
 * - reads are synchronous, in batches between which the event loop runs: ten
 *   times faster than Node's async reads (which pay four thread hops a file),
 *   one descriptor at a time, and no request waits behind more than a batch;
 * - other file operations run at most `concurrency` at a time, so thousands
 *   of them never run out of file descriptors (EMFILE);
 * - every error is thrown, never returned as a value: the server turns it into
 *   the 503/507 it promises;
 * - a write goes to a temporary file renamed over the old one: a crash or a
 *   full disk never leaves half a value;
 * - listing walks folders one at a time and keeps no recursion or spread per
 *   key: 200,000 keys list like 20;
 * - a key that would need a file where a folder is (or the reverse) is absent
 *   when read and a 409 when written, instead of an error naming the path.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import pLimit from 'p-limit'
import { defineDriver } from 'unstorage'
import { HTTPError } from 'h3'

export interface FsStorageOptions {
  base: string
  /** File operations at once (default 64). */
  concurrency?: number
}

/** What a read meets when the key is not there: no file, or a folder or file in its way. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR'])
const TEMP_SUFFIX = '.swerve-tmp'
/** Files read in one go before the event loop runs again (about a millisecond). */
const READ_BATCH = 128

interface PendingRead {
  path: string
  resolve: (text: string | null) => void
  reject: (error: unknown) => void
}

/** Reads files synchronously in batches, yielding to the event loop between batches. */
function createBatchReader() {
  const pending: PendingRead[] = []
  let scheduled = false
  function drain(): void {
    for (const read of pending.splice(0, READ_BATCH)) {
      try {
        read.resolve(readFileSync(read.path, 'utf8'))
      } catch (error) {
        if (ABSENT.has(codeOf(error))) read.resolve(null)
        else read.reject(error)
      }
    }
    if (pending.length) setImmediate(drain)
    else scheduled = false
  }
  return (path: string) => new Promise<string | null>((resolve, reject) => {
    pending.push({ path, resolve, reject })
    if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
  })
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException)?.code ?? ''

function conflict(key: string): HTTPError {
  return new HTTPError({
    status: 409,
    statusText: 'Conflict',
    message: `Storage key ${JSON.stringify(key)} cannot be written: the file store keeps a value where this key needs a folder, or a folder where it needs a value.`,
  })
}

export const fsStorage = defineDriver((options: FsStorageOptions) => {
  const base = resolve(options.base)
  const limit = pLimit(options.concurrency ?? 64)
  const pathOf = (key: string) => join(base, ...key.split(':').filter(Boolean))
  const read = createBatchReader()

  async function write(key: string, value: string): Promise<void> {
    const path = pathOf(key)
    const temp = `${path}.${randomUUID().slice(0, 8)}${TEMP_SUFFIX}`
    try {
      await limit(async () => {
        await mkdir(resolve(path, '..'), { recursive: true })
        await writeFile(temp, value, 'utf8')
        await rename(temp, path)
      })
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {})
      if (ABSENT.has(codeOf(error)) || codeOf(error) === 'EEXIST') throw conflict(key)
      throw error
    }
  }

  async function remove(key: string): Promise<void> {
    try {
      await limit(() => unlink(pathOf(key)))
    } catch (error) {
      if (codeOf(error) === 'EPERM' || codeOf(error) === 'EISDIR') return // a folder: no value to remove
      if (!ABSENT.has(codeOf(error))) throw error
    }
  }

  /** Keys under `prefix` (a folder), breadth first, one folder read at a time. */
  async function list(prefix: string): Promise<string[]> {
    const keys: string[] = []
    const folders = [prefix.split(':').filter(Boolean)]
    for (let i = 0; i < folders.length; i++) {
      const segments = folders[i]!
      let entries
      try {
        entries = await limit(() => readdir(join(base, ...segments), { withFileTypes: true }))
      } catch (error) {
        if (ABSENT.has(codeOf(error))) continue
        throw error
      }
      for (const entry of entries) {
        if (entry.isDirectory()) folders.push([...segments, entry.name])
        else if (entry.isFile() && !entry.name.endsWith(TEMP_SUFFIX)) keys.push([...segments, entry.name].join(':'))
      }
    }
    return keys
  }

  return {
    name: 'swerve-fs',
    options,
    async hasItem(key) {
      try {
        return (await limit(() => stat(pathOf(key)))).isFile()
      } catch (error) {
        if (ABSENT.has(codeOf(error))) return false
        throw error
      }
    },
    getItem: key => read(pathOf(key)),
    setItem: (key, value) => write(key, value),
    removeItem: key => remove(key),
    getKeys: prefix => list(prefix ?? ''),
    async clear(prefix) {
      const keys = await list(prefix ?? '')
      await Promise.all(keys.map(key => remove(key)))
    },
  }
})

export default fsStorage
