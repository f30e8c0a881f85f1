/**
 * `useCookie(name, options)`: one cookie as a ref, on both sides. The server reads
 * the request's `Cookie` header and answers `Set-Cookie` when the value is set;
 * the page reads and writes `document.cookie`. Every `useCookie(name)` of an app
 * shares one ref.
 */
import { customRef, watch, type Ref } from 'vue'
import { parse, serialize } from 'cookie-es'
import { setCookie } from 'h3'
import { useApp } from '../context.ts'
import { pageOf } from '../page.ts'

export interface CookieOptions<T> {
  default?: () => T
  /** Default: JSON for objects, the text itself for strings. */
  decode?: (value: string) => T
  encode?: (value: T) => string
  maxAge?: number
  expires?: Date
  path?: string
  domain?: string
  secure?: boolean
  /** Server only: the page can neither read nor write it. */
  httpOnly?: boolean
  sameSite?: boolean | 'lax' | 'strict' | 'none'
  partitioned?: boolean
  /** A value the app only reads: setting it is an error. */
  readonly?: boolean
}

function decodeValue(value: string): unknown {
  try {
    const parsed = JSON.parse(value)
    return typeof parsed === 'number' && String(parsed) !== value ? value : parsed
  } catch {
    return value
  }
}

const encodeValue = (value: unknown) => typeof value === 'string' ? value : JSON.stringify(value)

export function useCookie<T = string | null | undefined>(name: string, options: CookieOptions<T> = {}): Ref<T> {
  const app = useApp()
  const cookies = (app._cookies ??= new Map<string, Ref<unknown>>())
  const known = cookies.get(name)
  if (known) return known as Ref<T>

  const decode = options.decode ?? decodeValue as (value: string) => T
  const encode = options.encode ?? encodeValue as (value: T) => string
  const header = import.meta.server ? app.event?.req.headers.get('cookie') ?? '' : pageOf(app).cookies()
  // Raw values: cookie-es would decode them as URI components before `decode` sees them.
  const raw = parse(header, { decode: value => value })[name]
  let value: T = raw !== undefined ? decode(decodeURIComponent(raw)) : options.default ? options.default() : undefined as T
  const { default: _, decode: __, encode: ___, readonly, ...attributes } = options

  function write(next: T): void {
    const text = next === null || next === undefined ? '' : encode(next)
    const remove = text === '' ? { maxAge: 0, expires: new Date(0) } : {}
    if (import.meta.server) {
      if (app.event) setCookie(app.event, name, text, { path: '/', ...attributes, ...remove })
    } else if (!options.httpOnly) {
      pageOf(app).setCookie(serialize(name, text, { path: '/', ...attributes, ...remove, httpOnly: false } as any))
    }
  }

  let trigger = () => {}
  const cookie = customRef<T>((track, triggerRef) => {
    trigger = triggerRef
    return {
      get() {
        track()
        return value
      },
      set(next) {
        if (readonly) throw new Error(`[swerve] useCookie(${JSON.stringify(name)}) is readonly`)
        value = next
        triggerRef()
        // The page writes from the watcher below, which sees objects changed in place too.
        if (import.meta.server) write(next)
      },
    }
  })
  cookies.set(name, cookie as Ref<unknown>)
  // `refreshCookie(name)`: the page reads `document.cookie` again (a cookie a response or a script changed).
  const readers = (app._cookieReaders ??= new Map())
  readers.set(name, () => {
    const fresh = parse(pageOf(app).cookies(), { decode: text => text })[name]
    value = fresh !== undefined ? decode(decodeURIComponent(fresh)) : options.default ? options.default() : undefined as T
    trigger()
  })
  if (import.meta.client) watch(cookie, next => write(next), { deep: true, flush: 'sync' })
  return cookie
}

/** Client: reads the cookie `name` again into its `useCookie` ref (after a `$fetch` that set it). */
export function refreshCookie(name: string): void {
  if (import.meta.server) return
  useApp()._cookieReaders?.get(name)?.()
}
