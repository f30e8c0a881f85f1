/**
 * Stub of the generated `#swerve/virtual/config`: everything the build decided
 * that the runtime needs, in one typed module (build/virtual.ts writes
 * it per bundle). The client's copy has no build id (so unchanged files stay
 * byte-identical across builds); the worker's and the client's runtimeConfig
 * hold `public` only.
 */
import type { RouteRules } from '../shared/route-rules.ts'
import type { Security } from '../server/types.ts'

export interface BuiltConfig {
  /** Public path the app is served from, with both slashes: `/`, `/sub/`. */
  base: string
  /** This build's id; '' in the client bundle (the page reads it from the payload). */
  buildId: string
  dev: boolean
  head: Record<string, unknown>
  /** Attributes of the app's root element (`app.rootAttrs`) besides its id, `app`. */
  rootAttrs: Record<string, string>
  manifest: false | { themeColor?: string }
  /** Largest request body, in bytes. */
  bodyLimit: number
  security: Security
  /** `routeRules` from swerve.config, as written. */
  routeRules: RouteRules
  /** `runtimeConfig` from swerve.config: all of it in Node hosts, `public` only in the worker and the page. */
  runtimeConfig: Record<string, unknown> & { public: Record<string, unknown> }
  /**
   * Whether a server answers the app's routes beside the worker (the node and cloudflare
   * presets, the dev server). Without one (`static`), the page's `$fetch` waits for the worker.
   */
  hasOrigin: boolean
  sw: {
    /** Whether the page registers `<base>sw.js` (false in dev without --sw). */
    enabled: boolean
    updates: 'prompt' | 'auto'
    navigation: 'local' | 'network-first'
    navigationPreload: boolean
    /** The worker keeps its renders until what they read changes (sw/render-cache.ts). */
    renderCache: boolean
    /** A kill switch build (`--self-destroy`): the page removes the worker instead of registering it. */
    selfDestroy: boolean
  }
  /** Storage bases replicated between the worker and the origin, and seconds between syncs while a tab is open. */
  sync: { bases: string[], interval: number, pageSize: number, tombstoneDays: number }
}

const config: BuiltConfig = {
  base: '/',
  buildId: 'dev',
  dev: false,
  head: {},
  rootAttrs: {},
  manifest: false,
  bodyLimit: 1024 * 1024,
  security: { checkOrigin: true, cspNonce: false },
  routeRules: {},
  runtimeConfig: { public: {} },
  hasOrigin: true,
  sw: { enabled: true, updates: 'prompt', navigation: 'local', navigationPreload: false, renderCache: false, selfDestroy: false },
  sync: { bases: [], interval: 30, pageSize: 1000, tombstoneDays: 30 },
}
export default config
