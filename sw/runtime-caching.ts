/**
 * Runtime caching (docs/worker.md#runtime-caching): requests no build knows (uploads,
 * a CDN's fonts, another origin's API), answered by Workbox's own strategies with its
 * expiration and cacheable-response plugins. Bundled only into an app's worker that has
 * `sw.runtimeCaching` rules (build/virtual.ts).
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { registerQuotaErrorCallback } from 'workbox-core'
import { ExpirationPlugin } from 'workbox-expiration'
import { CacheFirst, CacheOnly, NetworkFirst, NetworkOnly, StaleWhileRevalidate, type Strategy } from 'workbox-strategies'
import type { RuntimeCachingPreset, RuntimeCachingRule } from '../runtime/config.ts'
import type { RuntimeCaching } from '../runtime/virtual/runtime-caching.ts'
import { urlPatternMatcher } from '../runtime/shared/route-pattern.ts'

declare const self: ServiceWorkerGlobalScope

type Matcher = (url: URL, request: Pick<Request, 'destination'>) => boolean

/** A rule as the presets write them: a matcher may be a function. */
interface Rule extends Omit<RuntimeCachingRule, 'match'> {
  match: RuntimeCachingRule['match'] | Matcher
}

/** Runtime caches start with this (and end with the scope), so the kill switch removes them. */
export const RUNTIME_PREFIX = 'swerve-runtime '

const DAY = 24 * 60 * 60
const IMAGE = /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp)$/i
const FONT = /\.(?:woff2?|ttf|otf|eot)$/i
const sameOrigin = (url: URL) => url.origin === self.location.origin

const PRESETS: Record<RuntimeCachingPreset, Rule[]> = {
  images: [{
    match: (url, request) => sameOrigin(url) && (request.destination === 'image' || IMAGE.test(url.pathname)),
    handler: 'CacheFirst',
    options: { cacheName: 'images', expiration: { maxEntries: 100, maxAgeSeconds: 30 * DAY } },
  }],
  fonts: [{
    match: (url, request) => request.destination === 'font' || FONT.test(url.pathname),
    handler: 'CacheFirst',
    // Fonts of another origin without CORS are opaque (status 0): kept too.
    options: { cacheName: 'fonts', expiration: { maxEntries: 30, maxAgeSeconds: 365 * DAY }, cacheableResponse: { statuses: [0, 200] } },
  }, {
    // A font service's stylesheet (Google Fonts' `css2?family=…`): its font URLs may change.
    match: (url, request) => !sameOrigin(url) && request.destination === 'style' && /font/i.test(url.hostname),
    handler: 'StaleWhileRevalidate',
    options: { cacheName: 'font-styles', expiration: { maxEntries: 30 } },
  }],
  cdn: [{
    match: (url, request) => !sameOrigin(url) && ['script', 'style', 'image', 'font'].includes(request.destination),
    handler: 'StaleWhileRevalidate',
    options: { cacheName: 'cdn', expiration: { maxEntries: 200, maxAgeSeconds: 30 * DAY }, cacheableResponse: { statuses: [0, 200] } },
  }],
}

function matcherOf(match: Rule['match']): Matcher {
  if (typeof match === 'function') return match
  if (match instanceof RegExp) return url => match.test(url.href)
  const test = urlPatternMatcher(match, self.location.origin)
  return url => test(url)
}

const STRATEGIES = { CacheFirst, CacheOnly, NetworkFirst, NetworkOnly, StaleWhileRevalidate }

function strategyOf({ handler, options = {} }: Rule, cacheName: string): Strategy {
  const plugins = [
    ...options.cacheableResponse ? [new CacheableResponsePlugin(options.cacheableResponse)] : [],
    ...options.expiration ? [new ExpirationPlugin(options.expiration)] : [],
  ]
  const Handler = STRATEGIES[handler]
  if (!Handler) throw new Error(`[swerve] sw.runtimeCaching: no handler ${JSON.stringify(handler)} (${Object.keys(STRATEGIES).join(', ')})`)
  const timeout = handler === 'NetworkFirst' || handler === 'NetworkOnly' ? { networkTimeoutSeconds: options.networkTimeoutSeconds } : {}
  return new Handler({ cacheName, plugins, ...timeout })
}

/**
 * Storage is full while a runtime cache was written: the oldest half of each runtime cache
 * goes (Cache Storage lists entries in the order they were put), logged once. The answer
 * itself is never failed by it: Workbox writes the cache beside answering.
 */
function onQuotaError(names: string[]): () => Promise<void> {
  let logged = false
  return async () => {
    if (!logged) console.warn(`[swerve] storage is full: the oldest entries of ${names.join(', ')} were dropped`)
    logged = true
    for (const name of names) {
      const cache = await caches.open(name)
      const keys = await cache.keys()
      await Promise.all(keys.slice(0, Math.ceil(keys.length / 2)).map(key => cache.delete(key)))
    }
  }
}

export function createRuntimeCaching(entries: (RuntimeCachingRule | RuntimeCachingPreset)[]): RuntimeCaching {
  const scope = self.registration.scope
  const rules = entries.flatMap(entry => typeof entry === 'string' ? PRESETS[entry] : [entry]).map((rule, index) => {
    const cacheName = `${RUNTIME_PREFIX}${rule.options?.cacheName ?? `rule-${index}`} ${scope}`
    return { test: matcherOf(rule.match), strategy: strategyOf(rule, cacheName), cacheName }
  })
  registerQuotaErrorCallback(onQuotaError([...new Set(rules.map(rule => rule.cacheName))]))
  const ruleOf = (url: URL, request: Pick<Request, 'method' | 'destination'>) => request.method === 'GET' ? rules.find(rule => rule.test(url, request)) : undefined
  return {
    matches: (url, request) => ruleOf(url, request) !== undefined,
    handle(event) {
      const rule = ruleOf(new URL(event.request.url), event.request)!
      return rule.strategy.handle({ event, request: event.request })
    },
  }
}
