/** Nuxt's data helpers over `useAsyncData`'s and `useState`'s payload: `refreshNuxtData`, `clearNuxtData`, `useNuxtData`, `clearNuxtState`. */
import { computed, type Ref } from 'vue'
import { useApp } from '../context.ts'
import { clearAsyncData, refreshAsyncData } from './async-data.ts'

type Keys = string | string[] | ((key: string) => boolean)

/** Fetches again the `useAsyncData`/`useFetch` data of `keys` (default: all of the page's). */
export function refreshNuxtData(keys?: Keys): Promise<void> {
  return refreshAsyncData(keys)
}

/** Drops the data and errors of `keys` (default: all), back to their defaults. */
export function clearNuxtData(keys?: Keys): void {
  clearAsyncData(keys)
}

/** The data cached under `key` by `useAsyncData`/`useFetch` elsewhere; writable (optimistic updates). */
export function useNuxtData<T = unknown>(key: string): { data: Ref<T | undefined> } {
  const app = useApp()
  const data = computed<T | undefined>({
    get: () => app.payload.data[key] as T | undefined,
    set: (value) => { app.payload.data[key] = value },
  })
  return { data }
}

/** Drops the `useState` values of `keys` (default: all) to `undefined`. */
export function clearNuxtState(keys?: Keys): void {
  const { state } = useApp().payload
  const known = Object.keys(state)
  const chosen = keys === undefined ? known : typeof keys === 'function' ? known.filter(keys) : (Array.isArray(keys) ? keys : [keys])
  for (const key of chosen) if (key in state) state[key] = undefined
}
