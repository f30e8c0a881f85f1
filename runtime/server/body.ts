/**
 * `readBody` and `readValidatedBody` as h3 has them, except that a body sent
 * as anything but JSON or a urlencoded form is refused with a 415 instead of
 * being parsed as JSON whatever its type: a cross-site `text/plain` form post
 * never reads as the JSON a route expects. `{ type }` reads a body as the
 * route asks and skips the check.
 */
import { HTTPError, readBody as h3ReadBody, readValidatedBody as h3ReadValidatedBody, type H3Event, type HTTPEvent } from 'h3'

const JSON_OR_FORM = /^application\/(?:json|[\w.+-]+\+json|x-www-form-urlencoded)\s*(?:;|$)/i

function assertBodyType(event: HTTPEvent, type: string | undefined): void {
  if (type) return
  const contentType = event.req.headers.get('content-type')
  if (contentType === null || JSON_OR_FORM.test(contentType)) return
  throw new HTTPError({
    status: 415,
    statusText: 'Unsupported Media Type',
    message: `This route reads JSON: send the body with Content-Type: application/json (got ${contentType.split(';')[0]}).`,
  })
}

export const readBody = (async (event: H3Event, options?: { type?: string }) => {
  assertBodyType(event, options?.type)
  return h3ReadBody(event, options as Parameters<typeof h3ReadBody>[1])
}) as typeof h3ReadBody

export const readValidatedBody = (async (event: H3Event, validate: Parameters<typeof h3ReadValidatedBody>[1], options?: { type?: string }) => {
  assertBodyType(event, options?.type)
  return h3ReadValidatedBody(event, validate, options as never)
}) as typeof h3ReadValidatedBody
