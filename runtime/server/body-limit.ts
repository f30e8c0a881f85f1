/**
 * Request body limit (413). h3's `bodyLimit` errors the body stream, but
 * Chromium turns a stream error into a bare "Failed to fetch" when the body is
 * read, and requests in a service worker carry no Content-Length. So: trust
 * Content-Length when present; otherwise read the body here, up to the limit,
 * and hand the handler a buffered copy.
 */
import { HTTPError, type H3Event } from 'h3'
import { replaceRequest } from '../internals/h3.ts'
import { withHeaders } from '../shared/request.ts'

function tooLarge(limit: number): HTTPError {
  return new HTTPError({ status: 413, statusText: 'Payload Too Large', message: `Request body is larger than the limit of ${limit} bytes.` })
}

export function createBodyLimit(limit: number) {
  return async function bodyLimit(event: H3Event): Promise<void> {
    const request = event.req
    if (!request.body) return
    const length = request.headers.get('content-length')
    if (length !== null && /^\d+$/.test(length)) {
      if (Number(length) > limit) throw tooLarge(limit)
      return
    }
    const reader = request.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        void reader.cancel().catch(() => {})
        throw tooLarge(limit)
      }
      chunks.push(value)
    }
    const body = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      body.set(chunk, offset)
      offset += chunk.byteLength
    }
    replaceRequest(event, withHeaders(new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal }), request.headers))
  }
}
