/**
 * Security every host gets from the pipeline (docs/security.md): unsafe methods
 * from another site are refused, and every answer carries the headers that
 * keep a browser from guessing types or leaking full URLs.
 */
import { HTTPError, type H3Event } from 'h3'
import { UNSAFE_METHODS } from '../shared/request.ts'

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

/** The host of an `Origin` header; `null` (an opaque origin) and junk have none. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}

/**
 * A POST, PUT, PATCH or DELETE that another site started answers 403: its `Origin`
 * names another host (the scheme is not compared: TLS may end at a proxy), or, with
 * no `Origin`, `Sec-Fetch-Site` says cross-site. Requests with neither come from
 * no browser (curl, a server's own `$fetch`) and pass.
 */
export function checkOrigin(event: H3Event): void {
  if (!UNSAFE_METHODS.has(event.req.method)) return
  const origin = event.req.headers.get('origin')
  const crossSite = origin === null ? event.req.headers.get('sec-fetch-site') === 'cross-site' : hostOf(origin) !== event.url.host
  if (!crossSite) return
  throw new HTTPError({
    status: 403,
    statusText: 'Forbidden',
    message: `Cross-site ${event.req.method} refused: the request came from another site (${origin ?? 'Sec-Fetch-Site: cross-site'}). Set security.checkOrigin to false to allow it.`,
  })
}

/** An answer's headers: its `routeRules` headers, then the security defaults (a rule may replace one; a route's own win). */
export function withAnswerHeaders(response: Response, ruleHeaders: Record<string, string> | undefined): Response {
  return withDefaultHeaders(withDefaultHeaders(response, ruleHeaders), SECURITY_HEADERS)
}

/** Adds the headers a response does not set itself (a route's own win). */
function withDefaultHeaders(response: Response, headers: Record<string, string> | undefined): Response {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!response.headers.has(name)) response.headers.set(name, value)
  }
  return response
}
