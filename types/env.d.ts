/** Build-time constants (build/bundle.ts `define`): the false branch is removed from each bundle. */
interface ImportMeta {
  readonly server: boolean
  readonly client: boolean
  readonly dev: boolean
  readonly sw: boolean
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, any>
  export default component
}
