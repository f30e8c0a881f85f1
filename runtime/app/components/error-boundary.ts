/**
 * `<SwerveErrorBoundary>` (Nuxt's `<NuxtErrorBoundary>`): an error thrown below it in
 * the page shows its `#error` slot (`{ error, clearError }`) instead of the error page.
 * On the server errors go on to the error page, as in Nuxt.
 */
import { defineComponent, onErrorCaptured, shallowRef } from 'vue'

export const SwerveErrorBoundary = /* @__PURE__ */ defineComponent({
  name: 'SwerveErrorBoundary',
  emits: { error: (_error: unknown) => true },
  setup(_, { slots, emit }) {
    const error = shallowRef<unknown>(null)
    if (import.meta.client) {
      onErrorCaptured((captured) => {
        emit('error', captured)
        error.value = captured
        return false
      })
    }
    const clearError = () => { error.value = null }
    return () => error.value ? slots.error?.({ error: error.value, clearError }) : slots.default?.()
  },
})
