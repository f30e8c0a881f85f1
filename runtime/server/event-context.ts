/** What swerve's server keeps on each request's `event.context`, typed (h3's `H3EventContext`, augmented). */
import type { RouteRule } from '../shared/route-rules.ts'

export interface SwerveEventContext {
  /** The request's merged `routeRules`, looked up once when the server's fetch() starts. */
  rule: RouteRule
  /** The answer's body after `beforeResponse`, for `afterResponse`. */
  body?: unknown
  /** Where the answer's `Set-Cookie` values go (a worker's Response cannot carry them): `HostFetchOptions.setCookies`. */
  setCookies?: string[]
  /** Whether nothing answering may mean "send it on" (the pass answer): `HostFetchOptions.passthrough`. */
  passthrough?: boolean
}

declare module 'h3' {
  interface H3EventContext {
    swerve?: SwerveEventContext
  }
}
