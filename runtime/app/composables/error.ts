/** Errors in the app (docs/guide.md): one shape, Nuxt's, rendered by app/error.vue. */
import { toRef, type Ref } from 'vue'
import { HTTPError, type HTTPErrorDetails } from '../../shared/http-error.ts'
import { isNuxtError, markNuxtError, toErrorShape, type ErrorShape } from '../../shared/errors.ts'
import { useApp } from '../context.ts'

export { isNuxtError }

export interface ErrorInput extends Pick<HTTPErrorDetails, 'status' | 'statusCode' | 'statusText' | 'statusMessage' | 'message' | 'data' | 'cause'> {
  /** Client: a fatal error always shows the error page. */
  fatal?: boolean
}

/** Nuxt's error: h3's HTTPError with `statusCode`/`statusMessage` beside `status`/`statusText`, and `fatal`. */
export type NuxtError = HTTPError & { fatal?: boolean }

/**
 * An HTTPError from a message, an Error or Nuxt's fields; thrown in a page, plugin or
 * middleware it renders the error page with its status. `isNuxtError` knows it.
 */
export function createError(input: string | Error | ErrorInput): NuxtError {
  if (isNuxtError(input) && HTTPError.isError(input)) return input as NuxtError
  if (typeof input === 'string') return markNuxtError(new HTTPError({ status: 500, message: input }))
  const details = input as ErrorInput
  const error = new HTTPError({
    status: details.status ?? details.statusCode ?? 500,
    statusText: details.statusText ?? details.statusMessage,
    message: details.message,
    data: details.data,
    cause: input instanceof Error ? input : details.cause,
  }) as NuxtError
  error.fatal = Boolean(details.fatal)
  return markNuxtError(error)
}

export function useError(): Ref<ErrorShape | null | undefined> {
  return toRef(useApp().payload, 'error')
}

/** Shows the error page (a string, an Error or Nuxt's fields) and returns the error shown. */
export function showError(error: unknown): ErrorShape {
  const app = useApp()
  const shape = toErrorShape(typeof error === 'string' ? createError(error) : error)
  app.payload.error = shape
  void app.hooks.callHook('app:error', error)
  return shape
}

/** Leaves the error page; with `redirect`, navigates there. */
export async function clearError(options: { redirect?: string } = {}): Promise<void> {
  const app = useApp()
  // Navigate first: clearing first would render the failing route again.
  if (options.redirect) await app.router.replace(options.redirect)
  app.payload.error = null
}
