/**
 * The render cache (docs/worker.md#render-cache): a page the worker rendered, kept in Cache
 * Storage (`swerve-render <build> <scope>`) with what its render read, and answered again
 * while those inputs are unchanged. The host checks them here, without the pipeline: the
 * storage names read (their values' digest, read again from IndexedDB), the cookies the
 * render was given, and the request headers it read. Any difference, whoever made it (a
 * route, another tab, a sync pull, the page writing IndexedDB itself), is a miss: the page
 * renders again. sw/render-keep.ts keeps the renders.
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
import { CACHE_HEADER } from '../runtime/server/swr.ts'
import { renonceResponse } from '../runtime/shared/csp.ts'
import { KEYS_READ, RESERVED } from './idb-storage.ts'

/** The kept render's inputs, on its cached response (never on an answer). */
export const INPUTS_HEADER = 'x-swerve-render-inputs'

export interface RenderInputs {
  /** Storage names read (`KEYS_READ`: the list of keys), sorted. */
  names: string[]
  /** SHA-256 of the values read for `names`, in order. */
  values: string
  /** SHA-256 of the Cookie header the render was given ('' when none). */
  cookies: string
  /** The request headers read, with their values; `*`: all of them were (every one is compared). */
  headers: Record<string, string | null> | '*'
  /** With `*`: every header of the request but the cookies. */
  all?: Record<string, string>
}

/** A kept page's key: its URL without the fragment. */
export const renderKeyOf = (url: string) => url.split('#')[0]!

export async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return Array.from(digest, byte => byte.toString(16).padStart(2, '0')).join('')
}

/** A value as both sides compare it: the store's text (null: absent), or the app's keys. */
export function comparable(name: string, value: unknown): unknown {
  if (name === KEYS_READ) return (value as IDBValidKey[]).map(String).filter(key => !key.startsWith(RESERVED))
  return value ?? null
}

export const digestOf = (names: string[], values: unknown[]) => sha256(JSON.stringify(names.map((name, i) => comparable(name, values[i]))))

/** Every header of a request but its cookies, as `*` renders compare them. */
export function allHeaders(headers: Headers): Record<string, string> {
  const all: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (name !== 'cookie') all[name] = value
  })
  return all
}

function sameHeaders(inputs: RenderInputs, headers: Headers): boolean {
  if (inputs.headers === '*') return JSON.stringify(allHeaders(headers)) === JSON.stringify(inputs.all)
  return Object.entries(inputs.headers).every(([name, value]) => headers.get(name) === value)
}

export interface LookupOptions {
  cspNonce?: boolean
  /** Called as the lookup goes (a `timings` build's SWERVE_BOOT). */
  note?: (step: 'renderFound' | 'renderChecked') => void
}

export function createRenderCache(buildId: string, scope: string) {
  const name = `swerve-render ${buildId} ${scope}`
  let store: UseStore | undefined
  /** The storage's database, opened on first use (idb-keyval opens it lazily: this starts it). */
  function opened(): UseStore {
    if (store) return store
    store = createStore('swerve-storage', 'kv')
    store('readonly', () => undefined).catch(() => {})
    return store
  }
  /** The storage values as they are now, for `names`, read in one transaction. */
  async function valuesNow(names: string[]): Promise<string> {
    const listing = names.includes(KEYS_READ)
    const named = names.filter(name => name !== KEYS_READ)
    const [keyList, ...values] = await opened()('readonly', objects => Promise.all([
      listing ? promisifyRequest(objects.getAllKeys()) : undefined,
      ...named.map(name => promisifyRequest(objects.get(name))),
    ]))
    const byName = new Map(named.map((name, i) => [name, values[i]]))
    return digestOf(names, names.map(name => name === KEYS_READ ? keyList : byName.get(name)))
  }

  /**
   * The kept render of `request` if every input it read is as it was, with `x-swerve-cache: hit`;
   * else undefined (and the entry goes). `cookies`: the Cookie header the pipeline would give it.
   */
  async function lookup(request: Request, cookies: () => Promise<string>, options: LookupOptions = {}): Promise<Response | undefined> {
    const key = renderKeyOf(request.url)
    // A hit needs the kept page, the cookies and the database: all three are read at once.
    opened()
    const cookiesNow = cookies().then(sha256)
    cookiesNow.catch(() => {})
    const kept = await caches.match(key, { cacheName: name })
    options.note?.('renderFound')
    const text = kept?.headers.get(INPUTS_HEADER)
    if (!kept || !text) return undefined
    const inputs = JSON.parse(decodeURIComponent(text)) as RenderInputs
    const [cookieDigest, values] = await Promise.all([cookiesNow, valuesNow(inputs.names)])
    options.note?.('renderChecked')
    if (!sameHeaders(inputs, request.headers) || cookieDigest !== inputs.cookies || values !== inputs.values) {
      await kept.body?.cancel()
      await (await caches.open(name)).delete(key)
      return undefined
    }
    const headers = new Headers(kept.headers)
    headers.delete(INPUTS_HEADER)
    headers.set(CACHE_HEADER, 'hit')
    const answer = new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers })
    return options.cspNonce ? renonceResponse(answer) : answer
  }

  return { name, lookup }
}
