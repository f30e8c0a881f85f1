/** The payload: server state handed to the client with devalue (Date, Map, Set, undefined …). */
import { parse, stringify } from 'devalue'
import type { Payload } from './context.ts'

export const PAYLOAD_ID = '__SWERVE_DATA__'

/** Safe inside `<script>`: every `<` is escaped, so `</script>` in data cannot close the tag. */
export function serializePayload(payload: Payload): string {
  return stringify(payload).replace(/</g, '\\u003C').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

export function parsePayload(text: string): Payload {
  return parse(text) as Payload
}
