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

/** A bench or debug build (`timings`): the worker records where its start went (sw/boot.ts). */
declare const __SWERVE_TIMINGS__: boolean

/**
 * Sync (docs/sync.md), one flag per side, so each bundle carries only its own side and an
 * app that syncs no storage base carries neither: `__SWERVE_SYNC__` in the worker (it pushes
 * and pulls; false on a static build), `__SWERVE_SYNC_ROUTE__` in Node and Cloudflare (they
 * answer the sync route). Undefined when swerve's sources run unbundled (its unit tests).
 */
declare const __SWERVE_SYNC__: boolean
declare const __SWERVE_SYNC_ROUTE__: boolean

/**
 * The bundle runs in the service worker (`sw.js`, `sw-pipeline.js`): the server code that only
 * an origin runs (keeping `swr` pages, reading its environment) is left out. Undefined when
 * swerve's sources run unbundled (its unit tests).
 */
declare const __SWERVE_WORKER__: boolean

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, any>
  export default component
}
