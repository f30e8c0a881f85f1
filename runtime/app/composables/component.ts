/** Nuxt's `defineNuxtComponent`: an options-API component with `asyncData` and `head`. */
import { computed, defineComponent, getCurrentInstance, type ComponentOptions, type DefineComponent, type SetupContext } from 'vue'
import { useHead } from '@unhead/vue'
import { callWithApp, useApp, type SwerveApp } from '../context.ts'
import { useAsyncData } from './async-data.ts'

export interface NuxtComponentOptions extends ComponentOptions {
  /** Data fetched as `useAsyncData` does, merged into the component's data. */
  asyncData?: (app: SwerveApp) => Record<string, unknown> | Promise<Record<string, unknown>>
  /** unhead's input, or a function of the app that returns it. */
  head?: Record<string, unknown> | ((app: SwerveApp) => Record<string, unknown>)
}

export function defineNuxtComponent(options: NuxtComponentOptions): DefineComponent {
  const { setup, asyncData, head } = options
  if (!asyncData && !head) return defineComponent(options as any) as DefineComponent
  return defineComponent({
    ...options,
    setup(props: Record<string, unknown>, context: SetupContext) {
      const app = useApp()
      const result = (setup ? callWithApp(app, () => setup(props, context)) : {}) ?? {}
      if (head) useHead(typeof head === 'function' ? head(app) : head)
      if (!asyncData) return result
      const type = getCurrentInstance()?.type as { __file?: string, __name?: string, name?: string } | undefined
      const key = `options:asyncdata:${options.name ?? type?.__name ?? type?.name ?? type?.__file ?? ''}`
      const fetched = useAsyncData(key, () => asyncData(app))
      return Promise.all([result, fetched]).then(([own, { data }]) => ({
        ...own as object,
        ...Object.fromEntries(Object.keys(data.value ?? {}).map(name => [name, computed(() => (data.value as Record<string, unknown> | undefined)?.[name])])),
      }))
    },
  } as any) as DefineComponent
}
