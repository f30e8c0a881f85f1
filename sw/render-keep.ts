/**
 * The pipeline's side of the render cache (sw/render-cache.ts): while a navigation renders,
 * what it reads is noted (storage through sw/idb-storage.ts's recording, request headers
 * here), and anything it may depend on that the worker cannot check again taints it: a
 * `fetch` to the network (another origin, or the origin's own routes), the time, random
 * numbers. An untainted 200 HTML render is kept with its inputs.
 */
import { isKeepable } from '../runtime/server/swr.ts'
import { withHeaders } from '../runtime/shared/request.ts'
import type { Recording } from './idb-storage.ts'
import { allHeaders, digestOf, INPUTS_HEADER, renderKeyOf, sha256, type RenderInputs } from './render-cache.ts'

/** What one render read besides storage, and why it may not be kept. */
export interface RenderWatch {
  headers: Set<string>
  tainted?: string
}

const watches = new Set<RenderWatch>()
const taint = (why: string) => {
  for (const watch of watches) watch.tainted ??= why
}

/**
 * Notes the uses of what may change with nothing the worker sees: `fetch`, `Date.now()` and
 * `new Date()`, `Math.random()`, `crypto.getRandomValues()`/`randomUUID()`. Installed once,
 * with the pipeline; each call costs a Set's size check when nothing renders.
 */
export function watchUntracked(scope: typeof globalThis): void {
  const wrap = <T extends object, K extends keyof T>(target: T, key: K, why: string) => {
    const original = target[key] as (...args: unknown[]) => unknown
    if (typeof original !== 'function') return
    target[key] = function (this: unknown, ...args: unknown[]) {
      if (watches.size) taint(why)
      return original.apply(this === target || this === undefined ? target : this, args)
    } as T[K]
  }
  wrap(scope, 'fetch', 'a fetch')
  wrap(scope.Date, 'now', 'the time')
  wrap(scope.Math, 'random', 'a random number')
  if (scope.crypto) {
    wrap(scope.crypto, 'getRandomValues', 'a random number')
    wrap(scope.crypto, 'randomUUID', 'a random number')
  }
  const OriginalDate = scope.Date
  scope.Date = new Proxy(OriginalDate, {
    construct(target, args, newTarget) {
      if (!args.length && watches.size) taint('the time')
      return Reflect.construct(target, args, newTarget)
    },
    apply(target, self, args) {
      if (watches.size) taint('the time')
      return Reflect.apply(target, self, args)
    },
  })
}

/** Starts watching a render. */
export function watchRender(): RenderWatch & { stop: () => void } {
  const watch: RenderWatch & { stop: () => void } = { headers: new Set(), stop: () => watches.delete(watch) }
  watches.add(watch)
  return watch
}

/** `request` whose header reads are noted in `watch` (`*`: all were, by a loop over them). */
export function withWatchedHeaders(request: Request, watch: RenderWatch): Request {
  const headers = new Headers(request.headers)
  const one = (method: 'get' | 'has') => {
    const original = headers[method].bind(headers)
    headers[method] = ((name: string) => {
      watch.headers.add(name.toLowerCase())
      return original(name)
    }) as never
  }
  one('get')
  one('has')
  for (const method of ['entries', 'keys', 'values', 'forEach', 'getSetCookie', Symbol.iterator] as const) {
    const original = ((headers as unknown as Record<PropertyKey, (...args: unknown[]) => unknown>)[method]!).bind(headers)
    ;(headers as unknown as Record<PropertyKey, unknown>)[method] = (...args: unknown[]) => {
      watch.headers.add('*')
      return original(...args)
    }
  }
  return withHeaders(request, headers)
}

/**
 * Keeps `response` (a clone of the answer) in `cacheName` with its inputs, unless something
 * tainted the render. `request`: the navigation as the worker got it; `cookie`: the Cookie
 * header the render was given.
 */
export async function keepRender(cacheName: string, request: Request, cookie: string, reads: Recording, watch: RenderWatch, response: Response): Promise<void> {
  const why = reads.tainted ?? watch.tainted
  if (why || !isKeepable(response)) {
    await response.body?.cancel()
    return
  }
  const names = [...reads.names].sort()
  const headers: RenderInputs['headers'] = watch.headers.has('*') ? '*' : {}
  if (headers !== '*') for (const name of watch.headers) if (name !== 'cookie') headers[name] = request.headers.get(name)
  const inputs: RenderInputs = {
    names,
    values: await digestOf(names, names.map(name => reads.values.get(name))),
    cookies: await sha256(cookie),
    headers,
    all: headers === '*' ? allHeaders(request.headers) : undefined,
  }
  const kept = new Headers(response.headers)
  kept.set(INPUTS_HEADER, encodeURIComponent(JSON.stringify(inputs)))
  const body = await response.arrayBuffer()
  await (await caches.open(cacheName)).put(renderKeyOf(request.url), new Response(body, { status: 200, headers: kept }))
}
