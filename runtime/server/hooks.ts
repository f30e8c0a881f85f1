import type { H3Event } from 'h3'
import type { Hookable } from 'hookable'

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

export interface ServerHooks {
  request: (event: H3Event) => void | Promise<void>
  beforeResponse: (event: H3Event, context: { body: unknown }) => void | Promise<void>
  afterResponse: (event: H3Event, context: { body: unknown }) => void | Promise<void>
  error: (error: Error, context: { event?: H3Event, tags?: string[] }) => void | Promise<void>
  close: () => void | Promise<void>
  'render:html': (html: RenderHTMLContext, context: { event: H3Event }) => void | Promise<void>
  'render:response': (response: Response, context: { event: H3Event }) => void | Promise<void>
}

export type ServerHookable = Hookable<ServerHooks>
