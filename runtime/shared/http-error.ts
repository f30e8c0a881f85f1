/**
 * `HTTPError`: h3's class on every server side (Node, the worker, Workers). The page
 * gets a class of the same name and fields instead, which h3's `HTTPError.isError`
 * accepts too: importing h3's brings about 2 KB of server code into the page's
 * initial JS (docs/performance.md).
 */
import { HTTPError as H3HTTPError } from 'h3'

/** What h3's HTTPError is made of (the page's takes the same). */
export interface HTTPErrorDetails {
  status?: number
  statusCode?: number
  statusText?: string
  statusMessage?: string
  message?: string
  data?: unknown
  headers?: HeadersInit
  cause?: unknown
  unhandled?: boolean
}

export class PageHTTPError extends Error {
  override get name(): string {
    return 'HTTPError'
  }

  status: number
  statusText: string | undefined
  data: unknown
  headers: Headers | undefined
  unhandled: boolean | undefined

  static isError(input: unknown): input is PageHTTPError {
    return input instanceof Error && input.name === 'HTTPError' && (input as PageHTTPError).status > 99
  }

  constructor(details: HTTPErrorDetails = {}) {
    const status = Number(details.status ?? details.statusCode)
    const valid = Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500
    const statusText = details.statusText ?? details.statusMessage
    super(details.message || statusText || `HTTPError ${valid}`, { cause: details.cause ?? details })
    this.status = valid
    this.statusText = statusText || undefined
    this.data = details.data
    this.headers = details.headers ? new Headers(details.headers) : undefined
    this.unhandled = details.unhandled
  }

  get statusCode(): number {
    return this.status
  }

  get statusMessage(): string | undefined {
    return this.statusText
  }

  toJSON() {
    return { status: this.status, statusText: this.statusText, unhandled: this.unhandled, message: this.unhandled ? 'HTTPError' : this.message, data: this.unhandled ? undefined : this.data }
  }
}

export const HTTPError = (import.meta.client ? PageHTTPError : H3HTTPError) as typeof H3HTTPError
export type HTTPError = H3HTTPError
