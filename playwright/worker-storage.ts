/**
 * The worker's storage, read and written from the page: the worker keeps it in IndexedDB
 * (database `swerve-storage`, store `kv`, keys `<base>:<key>`, values as unstorage writes
 * them: strings as they are, everything else as JSON). The page shares it with the worker,
 * so this works while the worker is stopped too.
 */
import type { Page } from '@playwright/test'

export interface StorageAccess {
  get: (key: string) => Promise<unknown>
  set: (key: string, value: unknown) => Promise<void>
  /** Keys under the base, without it. */
  keys: () => Promise<string[]>
  clear: () => Promise<void>
  /** Every key under the base with its value. */
  dump: () => Promise<Record<string, unknown>>
}

type Operation = { op: 'get' | 'set' | 'entries' | 'clear', prefix: string, key?: string, value?: string }

/** Runs one operation against the worker's IndexedDB store, in the page. */
function run(page: Page, operation: Operation): Promise<Array<[string, string]>> {
  return page.evaluate(({ op, prefix, key, value }) => new Promise<Array<[string, string]>>((resolve, reject) => {
    const opened = indexedDB.open('swerve-storage')
    opened.onupgradeneeded = () => opened.result.createObjectStore('kv')
    opened.onerror = () => reject(opened.error)
    opened.onsuccess = () => {
      const db = opened.result
      const tx = db.transaction('kv', op === 'get' || op === 'entries' ? 'readonly' : 'readwrite')
      const store = tx.objectStore('kv')
      const found: Array<[string, string]> = []
      if (op === 'get') {
        const request = store.get(prefix + key)
        request.onsuccess = () => { if (request.result !== undefined) found.push([key!, request.result]) }
      } else if (op === 'set') {
        store.put(value, prefix + key)
      } else {
        const cursor = store.openCursor()
        cursor.onsuccess = () => {
          const at = cursor.result
          if (!at) return
          const name = String(at.key)
          if (name.startsWith(prefix) && !name.startsWith('#swerve:')) {
            if (op === 'clear') at.delete()
            else found.push([name.slice(prefix.length), at.value])
          }
          at.continue()
        }
      }
      tx.oncomplete = () => { db.close(); resolve(found) }
      tx.onerror = () => reject(tx.error)
    }
  }), operation)
}

/** unstorage's reading of a stored string: JSON when it parses, else the string. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

export function createStorageAccess(page: Page, base = ''): StorageAccess {
  const prefix = base ? `${base.replace(/:+$/, '')}:` : ''
  return {
    async get(key) {
      const [entry] = await run(page, { op: 'get', prefix, key })
      return entry ? parse(entry[1]) : null
    },
    async set(key, value) {
      await run(page, { op: 'set', prefix, key, value: typeof value === 'string' ? value : JSON.stringify(value) })
    },
    keys: async () => (await run(page, { op: 'entries', prefix })).map(([key]) => key),
    async clear() {
      await run(page, { op: 'clear', prefix })
    },
    dump: async () => Object.fromEntries((await run(page, { op: 'entries', prefix })).map(([key, value]) => [key, parse(value)])),
  }
}
