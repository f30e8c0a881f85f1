/** Errors in the app (docs/guide.md): one shape, rendered by app/error.vue. */
import { toRef, type Ref } from 'vue'
import { HTTPError, type HTTPErrorDetails } from '../../shared/http-error.ts'
import { toErrorShape, type ErrorShape } from '../../shared/errors.ts'
import { useApp } from '../context.ts'

export interface ErrorInput extends Pick<HTTPErrorDetails, 'status' | 'statusCode' | 'statusText' | 'statusMessage' | 'message' | 'data'> {
  /** Client: a fatal error always shows the error page. */
  fatal?: boolean
}

/** An HTTPError; thrown in a page, plugin or middleware it renders the error page with its status. */
export function createError(input: string | ErrorInput): HTTPError & { fatal?: boolean } {
  if (typeof input === 'string') return new HTTPError({ status: 500, message: input })
  const error = new HTTPError({
    status: input.status ?? input.statusCode ?? 500,
    statusText: input.statusText ?? input.statusMessage,
    message: input.message,
    data: input.data,
  }) as HTTPError & { fatal?: boolean }
  error.fatal = input.fatal
  return error
}

export function useError(): Ref<ErrorShape | null | undefined> {
  return toRef(useApp().payload, 'error')
}

/** Shows the error page . */
export function showError(error: unknown) {
  const app = useApp()
  const shape = toErrorShape(error)
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
