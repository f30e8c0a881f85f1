/** Nuxt's `setResponseStatus`, `useResponseHeader`, `useRequestHeader` in app code (the server's response; no-ops in the page). */
import { computed, ref, type Ref } from 'vue'
import type { H3Event } from 'h3'
import { tryUseApp } from '../context.ts'

const eventOf = (event?: unknown) => (event && typeof event === 'object' && 'res' in event ? event as H3Event : tryUseApp()?.event)

/** Server: the page's status (and status text). Takes the event first, or only the status, as Nuxt does. */
export function setResponseStatus(event: H3Event | number | undefined, code?: number | string, message?: string): void {
  if (import.meta.client) return
  const target = eventOf(event)
  if (!target) return
  const [status, text] = typeof event === 'number' ? [event, code as string | undefined] : [code as number | undefined, message]
  if (status) target.res.status = status
  if (text) target.res.statusText = text
}

/** Server: one header of the response as a ref; setting it sets the header. In the page, a plain ref. */
export function useResponseHeader(name: string): Ref<string | undefined> {
  const event = import.meta.server ? eventOf() : undefined
  if (!event) return ref<string | undefined>()
  return computed<string | undefined>({
    get: () => event.res.headers.get(name) ?? undefined,
    set: (value) => {
      if (value === undefined) event.res.headers.delete(name)
      else event.res.headers.set(name, value)
    },
  })
}

/** Server: one header of the request; `undefined` in the page. */
export function useRequestHeader(name: string): string | undefined {
  if (import.meta.client) return undefined
  return eventOf()?.req.headers.get(name) ?? undefined
}
