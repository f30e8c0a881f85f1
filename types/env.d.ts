/**
 * Every build-time constant swerve defines (build/bundle.ts `defineFlags`):
 * the false branch is removed from each bundle. Everything else the build
 * decides reaches the runtime through `#swerve/virtual/*` modules.
 */
interface ImportMeta {
  /** Server code: the worker, Node, Cloudflare. */
  readonly server: boolean
  /** The page. */
  readonly client: boolean
  /** `swerve dev`. */
  readonly dev: boolean
}

/** The worker bridges cookies through the Cookie Store API (sw/cookies.ts); without, the bridge is not in sw.js. */
declare const __SWERVE_SW_COOKIES__: boolean

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, any>
  export default component
}
