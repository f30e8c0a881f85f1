/** The payload: server state handed to the client with devalue (Date, Map, Set, undefined …). */
import { parse, stringify } from 'devalue'
import type { Payload } from './context.ts'
import { markNuxtError } from '../shared/errors.ts'

export const PAYLOAD_ID = '__SWERVE_DATA__'

/** Safe inside `<script>`: every `<` is escaped, so `</script>` in data cannot close the tag. */
export function serializePayload(payload: Payload): string {
  return stringify(payload).replace(/</g, '\\u003C').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** Errors come back as Nuxt's errors (`isNuxtError`), as they were on the server. */
export function parsePayload(text: string): Payload {
  const payload = parse(text) as Payload
  if (payload.error) markNuxtError(payload.error)
  for (const error of Object.values(payload.errors ?? {})) if (error) markNuxtError(error)
  return payload
}
