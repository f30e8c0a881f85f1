/** `useRequestHeaders`, `useRequestURL`: the request a render answers (the page's own URL in the client). */
import { useApp } from '../context.ts'
import { pageOf } from '../page.ts'

/** The request's headers (server only; `{}` in the page), optionally only `include`. */
export function useRequestHeaders(include?: string[]): Record<string, string> {
  if (import.meta.client) return {}
  const headers = useApp().event?.req.headers
  if (!headers) return {}
  const all: Record<string, string> = {}
  headers.forEach((value, name) => { all[name] = value })
  if (!include) return all
  return Object.fromEntries(include.map(name => name.toLowerCase()).filter(name => name in all).map(name => [name, all[name]]))
}

/** The URL being rendered: the request's on the server, the page's in the client. */
export function useRequestURL(): URL {
  if (import.meta.server) return new URL(useApp().event!.req.url)
  return new URL(pageOf(useApp()).url())
}
