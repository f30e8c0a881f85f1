/** One error type (h3's HTTPError) and its two faces: JSON for routes, a page for navigations. */
import { HTTPError } from './http-error.ts'

/**
 * Nuxt's error fields (`statusCode`, `statusMessage`, `fatal`, `data`, `message`), with h3 v2's
 * `status`/`statusText` beside them as aliases: the same shape in `useError()`, `error.vue`'s
 * `error` prop, `useFetch().error` and the JSON of a server error.
 */
export interface ErrorShape {
  statusCode: number
  statusMessage: string
  message: string
  fatal: boolean
  data?: unknown
  /** `statusCode`, by h3 v2's name. */
  status: number
  /** `statusMessage`, by h3 v2's name. */
  statusText: string
}

/** Nuxt's mark of an error made by `createError` (`isNuxtError`); not enumerable, so not in JSON. */
export const NUXT_ERROR_SIGNATURE = '__nuxt_error'

export function markNuxtError<T extends object>(error: T): T {
  if (!(NUXT_ERROR_SIGNATURE in error)) Object.defineProperty(error, NUXT_ERROR_SIGNATURE, { value: true, configurable: false, writable: false, enumerable: false })
  return error
}

export function isNuxtError(error: unknown): error is ErrorShape {
  return !!error && typeof error === 'object' && NUXT_ERROR_SIGNATURE in error
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 500: 'Internal Server Error',
  503: 'Service Unavailable', 507: 'Insufficient Storage',
}

export function statusTextOf(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : 'Error')
}

export function toHTTPError(error: unknown): HTTPError {
  // A $fetch error (FetchError) whose body is our error JSON: keep the route's own words,
  // whether it comes as thrown or as h3 wrapped it in an HTTPError.
  const fetchError = (error as any)?.name === 'FetchError' ? error as any : (error as any)?.cause?.name === 'FetchError' ? (error as any).cause : undefined
  const body = fetchError?.data
  if (body && typeof body === 'object' && typeof (body.status ?? body.statusCode) === 'number') {
    return new HTTPError({ status: body.status ?? body.statusCode, statusText: body.statusText ?? body.statusMessage, message: body.message, data: body.data })
  }
  if (HTTPError.isError(error)) return error
  const input = error as any
  if (input && typeof input === 'object' && typeof (input.status ?? input.statusCode) === 'number') {
    return new HTTPError({ status: input.status ?? input.statusCode, statusText: input.statusText ?? input.statusMessage, message: input.message, data: input.data })
  }
  // Anything else is unhandled: a bug, or a library's failure, whose words are not for the visitor.
  return new HTTPError({ status: 500, message: input?.message ?? String(error), cause: error, unhandled: true })
}

/** What leaves the server: never a stack trace, nor the words of an unhandled error. */
export function toErrorShape(error: unknown): ErrorShape {
  const httpError = toHTTPError(error)
  const status = httpError.status || 500
  const statusText = httpError.statusText || statusTextOf(status)
  const cause = httpError.cause as Error | undefined
  // A production server never answers with an unhandled error's own message; dev and the page do.
  const hidden = import.meta.server && !import.meta.dev && httpError.unhandled
  const message = hidden ? statusText : httpError.message || cause?.message || statusText
  const fatal = Boolean((error as { fatal?: unknown } | null)?.fatal ?? (httpError as { fatal?: unknown }).fatal)
  const shape: ErrorShape = { statusCode: status, statusMessage: statusText, message, fatal, status, statusText }
  if (httpError.data !== undefined) shape.data = httpError.data
  return markNuxtError(shape)
}

/** A server error's JSON: Nuxt's fields and h3 v2's (`fatal` is the page's alone). */
function toErrorJSON(shape: ErrorShape): Omit<ErrorShape, 'fatal'> {
  const { fatal: _fatal, ...json } = shape
  return json
}

export function toErrorResponse(error: unknown): Response {
  const shape = toErrorShape(error)
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  const httpError = toHTTPError(error)
  httpError.headers?.forEach((value, name) => headers.set(name, value))
  return new Response(JSON.stringify(toErrorJSON(shape)), { status: shape.status, statusText: shape.statusText, headers })
}

const escapeHTML = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

/** A bare error page, for when the app itself cannot render one (a server plugin failed). */
export function toErrorHTMLResponse(error: unknown): Response {
  const shape = toErrorShape(error)
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${shape.status} ${escapeHTML(shape.statusText)}</title></head>`
    + `<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:15vh auto;padding:0 1.5rem"><h1>${shape.status} ${escapeHTML(shape.statusText)}</h1><p>${escapeHTML(shape.message)}</p></body></html>`
  return new Response(html, { status: shape.status, statusText: shape.statusText, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
}
