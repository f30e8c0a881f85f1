/**
 * Cookies in the worker. The browser strips `Cookie` from requests a service
 * worker sees, and ignores `Set-Cookie` on responses it makes. The Cookie Store
 * API bridges both, so `getCookie`/`setCookie` work in the pipeline as on a
 * server. HttpOnly cannot be honoured here: such cookies are stored readable.
 *
 * `SameSite` is honoured as the browser would: a request another site started
 * gets no `Strict` cookie, and `Lax` ones only on a top-level GET navigation.
 */
import { parseSetCookie } from 'cookie-es'
import { postToPage } from '../runtime/shared/messages.ts'
import { withHeaders } from '../runtime/shared/request.ts'

declare const self: ServiceWorkerGlobalScope

interface CookieStoreLike {
  get: (name: string) => Promise<{ value: string } | null>
  getAll: () => Promise<{ name: string, value: string, sameSite?: 'strict' | 'lax' | 'none' }[]>
  set: (options: Record<string, unknown>) => Promise<void>
  delete: (options: { name: string, path?: string, domain?: string }) => Promise<void>
}

/** Read when used: a worker built without the bridge carries none of this. */
const cookieStore = () => (globalThis as unknown as { cookieStore?: CookieStoreLike }).cookieStore

/** Who started a request: this site, or another one (or one the worker cannot tell). */
export type Initiator = 'same-site' | 'cross-site'

/** The request as a server would receive it: with the cookies its initiator may send, in a `Cookie` header. */
export async function withCookies(request: Request, initiator: Initiator): Promise<Request> {
  const cookie = await cookieHeaderOf(request, initiator)
  if (!cookie) return request
  const headers = new Headers(request.headers)
  headers.set('cookie', cookie)
  return withHeaders(request, headers)
}

/** The Cookie header `withCookies` gives `request` ('' when none). */
export async function cookieHeaderOf(request: Request, initiator: Initiator): Promise<string> {
  const store = cookieStore()
  if (!store || request.headers.has('cookie')) return ''
  const topLevelRead = request.destination === 'document' && (request.method === 'GET' || request.method === 'HEAD')
  const cookies = (await store.getAll()).filter(cookie => initiator === 'same-site'
    || cookie.sameSite === 'none'
    || (cookie.sameSite !== 'strict' && topLevelRead))
  return cookies.map(c => `${c.name}=${c.value}`).join('; ')
}

/** What the jar holds for `name` now, as the store reads it (undefined: nothing). */
const valueIn = async (store: CookieStoreLike, name: string) => (await store.get(name).catch(() => null))?.value

/**
 * Applies the pipeline's `Set-Cookie` values to the browser's cookie jar. One the store
 * did not keep (WebKitGTK's `set` resolves without storing) goes to the open tabs, which
 * set it with `document.cookie` (docs/browsers.md).
 */
export async function applySetCookies(setCookies: string[]): Promise<void> {
  const store = cookieStore()
  if (!store) return
  const unkept: string[] = []
  for (const header of setCookies) {
    const cookie = parseSetCookie(header)
    if (!cookie?.name) continue
    const expires = cookie.maxAge !== undefined ? Date.now() + cookie.maxAge * 1000 : cookie.expires?.getTime()
    if (expires !== undefined && expires <= Date.now()) {
      await store.delete({ name: cookie.name, path: cookie.path, domain: cookie.domain }).catch(() => {})
      if (await valueIn(store, cookie.name) !== undefined) unkept.push(header)
      continue
    }
    await store.set({
      name: cookie.name,
      value: cookie.value,
      path: cookie.path ?? '/',
      domain: cookie.domain,
      expires,
      sameSite: typeof cookie.sameSite === 'string' ? cookie.sameSite.toLowerCase() : 'lax',
    }).catch((error: Error) => console.warn(`[swerve] could not set cookie ${cookie.name}: ${error.message}`))
    if (await valueIn(store, cookie.name) !== cookie.value) unkept.push(header)
  }
  if (unkept.length) await setInTabs(unkept)
}

/** Sets cookies through the tabs this worker controls; `document.cookie` ignores an HttpOnly one, so it goes without. */
async function setInTabs(headers: string[]): Promise<void> {
  const cookies = headers.map(header => header.replace(/;\s*HttpOnly\b/gi, ''))
  for (const tab of await self.clients.matchAll({ type: 'window' })) postToPage(tab, { type: 'SWERVE_SET_COOKIE', cookies })
}
