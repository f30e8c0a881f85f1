import type { H3Event } from 'h3'
import type { Hookable } from 'hookable'
import type { SyncChange } from '../shared/sync-protocol.ts'

/** Nitro's `render:html` shape: arrays of strings a plugin may change. */
export interface RenderHTMLContext {
  htmlAttrs: string[]
  head: string[]
  bodyAttrs: string[]
  bodyPrepend: string[]
  body: string[]
  bodyAppend: string[]
  /** With `csp: { nonce: true }`: this answer's nonce, for tags a hook adds. */
  nonce?: string
}

/** `sync:conflict`'s argument: a key a device pushed that the origin changed since that device last pulled. */
export interface SyncConflict {
  /** The key inside the storage base. */
  key: string
  /** What the origin holds. */
  local: SyncChange
  /** What the device pushed. */
  remote: SyncChange
  event: H3Event
}

export interface ServerHooks {
  request: (event: H3Event) => void | Promise<void>
  beforeResponse: (event: H3Event, context: { body: unknown }) => void | Promise<void>
  afterResponse: (event: H3Event, context: { body: unknown }) => void | Promise<void>
  error: (error: Error, context: { event?: H3Event, tags?: string[] }) => void | Promise<void>
  close: () => void | Promise<void>
  'render:html': (html: RenderHTMLContext, context: { event: H3Event }) => void | Promise<void>
  'render:response': (response: Response, context: { event: H3Event }) => void | Promise<void>
  /**
   * Confines a sync request to keys starting with the prefix it returns (a string, or a
   * promise of one; nothing: every key) (docs/sync.md#scope). Typed `any` because hookable
   * types hooks as returning nothing.
   */
  'sync:scope': (event: H3Event, context: { base: string }) => any
  /** A key both a device and the origin changed: return a merged value, or nothing for last-writer-wins. */
  'sync:conflict': (conflict: SyncConflict) => any
}

export type ServerHookable = Hookable<ServerHooks>
