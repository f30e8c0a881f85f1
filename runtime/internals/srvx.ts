/**
 * srvx's `FastResponse._toNodeResponse()`, an internal method: written for the version in
 * runtime/internals/versions.ts; test/internals.test.ts fails when the installed one differs.
 */

/**
 * A response's text, or undefined when it has no body. In a Node host an in-process
 * answer is srvx's `FastResponse`: its `_toNodeResponse()` (what srvx writes a socket
 * from) hands a string body over as it is, where `text()` would make a `Response` and
 * read it through a stream, about 60 µs per call (docs/performance.md). It takes the
 * answer's status and headers with it, so only a body whose answer is no longer needed
 * (`ok`, its status read) is read so.
 */
export async function textOf(response: Response, ok: boolean): Promise<string | undefined> {
  // The page has no srvx answers: its bundle leaves this branch out.
  if (!import.meta.client && ok) {
    const toNode = (response as { _toNodeResponse?: () => { body?: unknown } })._toNodeResponse
    if (typeof toNode === 'function') {
      const { body } = toNode.call(response)
      if (body === undefined || body === null) return undefined
      // Bytes, a web stream or a Node stream: a Response reads each of them.
      return typeof body === 'string' ? body : new Response(body as BodyInit).text()
    }
  }
  return response.body ? response.text() : undefined
}
