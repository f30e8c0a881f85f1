/** `useState`, `useRequestEvent`, `useRuntimeConfig`: small composables over the app context. */
import { toRef, type Ref } from 'vue'
import type { H3Event } from 'h3'
import { useApp } from '../context.ts'

/** State shared from the server render to the client, by key. */
export function useState<T>(key: string, init?: () => T): Ref<T> {
  const app = useApp()
  const state = toRef(app.payload.state, key) as Ref<T>
  if (state.value === undefined && init) state.value = init()
  return state
}

/** The h3 event of this render (server only; `undefined` on the client). */
export function useRequestEvent(): H3Event | undefined {
  return import.meta.server ? useApp().event : undefined
}

/** The `runtimeConfig.public` values from swerve.config, on both sides. */
export function useRuntimeConfig(): Record<string, unknown> {
  return useApp().payload.config
}
