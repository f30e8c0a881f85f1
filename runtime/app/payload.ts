/** The payload: server state handed to the client with devalue (Date, Map, Set, undefined …). */
import { parse, stringify } from 'devalue'
import type { Payload } from './context.ts'
import { markNuxtError } from '../shared/errors.ts'
import { defineAppPlugin, type AppPlugin, type AppPluginObject, type AppPluginSetup } from './plugins.ts'

type Transform = (value: any) => unknown

/** Nuxt's payload reducers and revivers, by type name: devalue writes and reads the types they name. */
const reducers: Record<string, Transform> = {}
const revivers: Record<string, Transform> = {}

/** A type of value the server writes into the payload itself: `reduce` returns what to write, or a falsy value to pass. */
export function definePayloadReducer(name: string, reduce: Transform): void {
  reducers[name] = reduce
}

/** How the page reads back a type a reducer wrote. */
export function definePayloadReviver(name: string, revive: Transform): void {
  revivers[name] = revive
}

/** A plugin that defines payload types: the page runs it before it reads the payload (client/entry.ts). */
export function definePayloadPlugin(input: AppPluginSetup | AppPluginObject): AppPlugin & { payload: true } {
  return { ...defineAppPlugin(input), payload: true }
}

export const PAYLOAD_ID = '__SWERVE_DATA__'

/** Safe inside `<script>`: every `<` is escaped, so `</script>` in data cannot close the tag. */
export function serializePayload(payload: Payload): string {
  return stringify(payload, reducers).replace(/</g, '\\u003C').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** Errors come back as Nuxt's errors (`isNuxtError`), as they were on the server. */
export function parsePayload(text: string): Payload {
  const payload = parse(text, revivers) as Payload
  if (payload.error) markNuxtError(payload.error)
  for (const error of Object.values(payload.errors ?? {})) if (error) markNuxtError(error)
  return payload
}
