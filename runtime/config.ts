/** `swerve.config.ts`: what an app can configure (docs/config.md). */
import type { RouteRules } from './shared/route-rules.ts'

export type { RouteRule, RouteRules } from './shared/route-rules.ts'
export interface HeadConfig {
  title?: string
  titleTemplate?: string
  htmlAttrs?: Record<string, string>
  bodyAttrs?: Record<string, string>
  meta?: Record<string, string>[]
  link?: Record<string, string>[]
  script?: Record<string, string>[]
  style?: Record<string, string>[]
}

export interface WebAppManifest {
  name: string
  short_name?: string
  description?: string
  start_url?: string
  scope?: string
  display?: 'standalone' | 'fullscreen' | 'minimal-ui' | 'browser'
  theme_color?: string
  background_color?: string
  icons?: { src: string, sizes?: string, type?: string, purpose?: string }[]
  [key: string]: unknown
}

/**
 * A storage base's driver in Node hosts (Nitro's shape): `driver` is an unstorage
 * driver name (`fs`, `redis`, `memory`, `db0` …), the other keys its options.
 * Without `driver`, the base stays on the host's default store.
 */
export interface StorageMount {
  driver?: string
  /**
   * With `driver: 'db0'`: the db0 connector (`postgresql`, `better-sqlite3`, `cloudflare-d1` …);
   * the other keys are its options (`url`, `path`, `bindingName`) and `tableName` (docs/sync.md#backends).
   */
  connector?: string
  /** Replicate this base between the devices' workers and the origin (docs/sync.md). */
  sync?: boolean
  [option: string]: unknown
}

export interface ComponentDir {
  path: string
  prefix?: string
}

/** Workbox's strategies, by name (workbox-strategies). */
export type RuntimeCachingHandler = 'CacheFirst' | 'NetworkFirst' | 'StaleWhileRevalidate' | 'NetworkOnly' | 'CacheOnly'

/** Ready-made rules: this origin's images, fonts from anywhere, other origins' scripts, styles and images. */
export type RuntimeCachingPreset = 'images' | 'fonts' | 'cdn'

export interface RuntimeCachingRule {
  /**
   * A URL pattern: `/uploads/*` on this origin, or a full URL (`https://cdn.example.com/*`);
   * `*` is any characters, `:name` one path segment, the query is not compared. A RegExp
   * is tested on the full URL.
   */
  match: string | RegExp
  handler: RuntimeCachingHandler
  options?: {
    /** Named `swerve-runtime <cacheName> <scope>` in Cache Storage (default: `rule-<index>`). */
    cacheName?: string
    expiration?: { maxEntries?: number, maxAgeSeconds?: number }
    /** Which answers are kept (Workbox's default: 200, and opaque ones for all but CacheFirst). */
    cacheableResponse?: { statuses?: number[], headers?: Record<string, string> }
    /** NetworkFirst and NetworkOnly: how long the network has before the cache answers (or the request fails). */
    networkTimeoutSeconds?: number
  }
}

export interface SwerveConfig {
  /** Public path the app is served from, e.g. `/sub/`. Default `/`. */
  base?: string
  /** The server written beside the client and the worker: `node` (default), `cloudflare` or `static`; `swerve build --preset` wins. */
  preset?: 'node' | 'cloudflare' | 'static'
  /** `rootAttrs`: attributes of the element the app renders into (Nuxt's `app.rootAttrs`); its `id` stays `app`. */
  app?: { head?: HeadConfig, rootAttrs?: Record<string, string> }
  /** Extra `routes` besides every static page; `crawl` their links too (default true); `concurrency`: pages rendered at once (default 4). */
  prerender?: { routes?: string[], crawl?: boolean, concurrency?: number }
  sw?: {
    /** `prompt` (default) waits for `useServiceWorker().update()`; `auto` activates at once. */
    updates?: 'prompt' | 'auto'
    /** `local` (default) renders in the worker; `network-first` asks the origin first. */
    navigation?: 'local' | 'network-first'
    navigationPreload?: boolean
    /**
     * Keep each page the worker renders and answer the next navigation to it from Cache Storage while
     * what the render read is unchanged (docs/worker.md#render-cache). Default true; a route opts out
     * with `routeRules: { '/x': { cache: false } }`.
     */
    renderCache?: boolean
    /**
     * Bridge cookies into the worker's pipeline (Cookie Store API): about 1.5 ms a
     * request. `auto` (default) does it when any app module the worker bundles mentions cookies.
     */
    cookies?: 'auto' | boolean
    /**
     * Files the build leaves out of or adds to the precache (globs under `public/`);
     * `maxFileSize`: larger files are left out with a warning (default 2 MiB).
     */
    precache?: { include?: string[], exclude?: string[], maxFileSize?: number }
    /**
     * Requests no build knows, kept as the worker meets them (docs/worker.md#runtime-caching):
     * rules in order, the first that matches answers. `'images'`, `'fonts'` and `'cdn'` are
     * ready-made rules. Never for navigations, `/api` or server routes.
     */
    runtimeCaching?: (RuntimeCachingRule | RuntimeCachingPreset)[]
  }
  manifest?: WebAppManifest | false
  /** Values under `public` reach the client; the rest stays on the server. */
  runtimeConfig?: Record<string, unknown> & { public?: Record<string, unknown> }
  vue?: {
    /**
     * Vue's Options API (`data`, `methods` …). Default true; an app written with
     * `<script setup>` only can turn it off for smaller bundles (worker and page).
     */
    optionsApi?: boolean
  }
  server?: {
    /** Largest request body accepted, in bytes (default 1 MiB). */
    bodyLimit?: number
  }
  security?: {
    /**
     * Refuse (403) a POST, PUT, PATCH or DELETE whose `Origin` is another site, in every
     * host, the worker included. Default true.
     */
    checkOrigin?: boolean
  }
  /**
   * Per path pattern (`/blog/**`, `/api/pay/*`), as in Nitro: `prerender`, `swr`/`isr`,
   * `ssr: false`, `redirect`, `headers`, and `worker: false` (docs/routing.md).
   */
  routeRules?: RouteRules
  /**
   * Storage bases on drivers of their own in Node hosts, and which bases sync
   * (docs/sync.md). Options can be overridden at start: `SWERVE_STORAGE_<BASE>_<OPTION>`.
   */
  storage?: Record<string, StorageMount>
  sync?: {
    /** Seconds between syncs while a tab is open (default 30). */
    interval?: number
    /** Changes in one answer at most; a device asks again while `more` says so (default 1,000). */
    pageSize?: number
    /** Days a delete's tombstone is kept; a device away longer replaces its copy (default 30). */
    tombstoneDays?: number
  }
  /**
   * Auto-imports (docs/conventions.md): Vue's APIs, `swerve/app` and the app's
   * `composables/` and `utils/` in app code; `swerve/server` and `server/utils/` in
   * server code. Default true; `false` leaves every import to be written.
   */
  imports?: boolean
  /** Stylesheets on every page (`'~/assets/main.css'`), bundled into the page's CSS. */
  css?: string[]
  /**
   * `.wasm` imports in server code (nuxt.config's `nitro.experimental.wasm`): `import { sum } from
   * './sum.wasm'` and `import init from './sum.wasm?init'` (docs/ecosystem.md#webassembly).
   */
  wasm?: boolean
  /**
   * Vite's `css.preprocessorOptions` (nuxt.config's `vite.css.preprocessorOptions`), by language
   * (`sass`, `scss`, `less`, `styl`): the preprocessor's options, and `additionalData`, a string
   * or `(source, filename) => string` put before every block and file (docs/ecosystem.md#sass).
   */
  preprocessorOptions?: Record<string, { additionalData?: string | ((source: string, filename: string) => string | Promise<string>), [option: string]: unknown }>
  /**
   * Layers (docs/conventions.md#layers): folders or installed packages shaped like an app,
   * whose files, `app.config` and config join this app's. The app wins over its layers,
   * earlier layers over later ones.
   */
  extends?: string | (string | [string, Record<string, unknown>?])[]
  /**
   * Where components come from, besides `components/` (Nuxt's shape): a folder relative to
   * the config's own folder, with a `prefix` for their names (`{ path: './ui', prefix: 'UI' }`).
   */
  components?: ComponentDir[]
  /** `nonce: true`: a fresh nonce on every script and style swerve writes, and a `Content-Security-Policy` header that allows only those. */
  csp?: { nonce?: boolean }
}

export function defineConfig(config: SwerveConfig): SwerveConfig {
  return config
}

/** `nuxt.config.ts`'s own helper: swerve reads the keys it knows (docs/conventions.md). */
export function defineNuxtConfig<T extends Record<string, unknown>>(config: T): T {
  return config
}
