/**
 * Types for `$fetch` and `useFetch` from the route handlers' return types (docs/guide.md).
 * `swerve build` writes `.swerve/types/routes.d.ts`, which adds the app's routes
 * to `InternalApi` by declaration merging:
 *   '/api/hello': { get: { message: string }, default: ... }
 */
import type { $Fetch, CreateFetchOptions, FetchOptions, FetchResponse } from './fetch-core.ts'

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface InternalApi {}

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options'
type MethodOf<O> = O extends { method: infer M extends string } ? Lowercase<M> : 'get'

/** A handler's value as it arrives over HTTP: Dates become strings, functions vanish. */
export type Serialized<T> =
  T extends Response ? unknown
    : T extends Date ? string
      : T extends string | number | boolean | null ? T
        : T extends undefined ? undefined
          : T extends Array<infer U> ? Serialized<U>[]
            : T extends object ? { [K in keyof T as T[K] extends (...args: any[]) => any ? never : K]: Serialized<T[K]> }
              : T

type RouteEntry<R extends string> = R extends keyof InternalApi ? InternalApi[R] : never
type PickMethod<E, M extends string> = M extends keyof E ? E[M] : 'default' extends keyof E ? E['default'] : unknown

export type TypedResult<R extends string, M extends string = 'get'> =
  [RouteEntry<R>] extends [never] ? unknown : Serialized<Awaited<PickMethod<RouteEntry<R>, M>>>

export type KnownRoute = keyof InternalApi & string

export interface TypedFetchOptions<M extends string = Method> extends Omit<FetchOptions, 'method'> {
  method?: M | Uppercase<M>
}

type Result<T, R extends string, O> = T extends undefined ? TypedResult<R, MethodOf<O>> : T

/** ofetch's `$Fetch`, its return types from the route's handler. */
export interface InternalFetch {
  <T = undefined, R extends KnownRoute | (string & {}) = string, O extends TypedFetchOptions = TypedFetchOptions>(
    request: R,
    options?: O,
  ): Promise<Result<T, R, O>>
  /** The Response itself, the parsed body as `_data`. */
  raw<T = undefined, R extends KnownRoute | (string & {}) = string, O extends TypedFetchOptions = TypedFetchOptions>(
    request: R,
    options?: O,
  ): Promise<FetchResponse<Result<T, R, O>>>
  /** The fetch under it: no parsing, no throwing; in-process for the app's own paths on the server. */
  native: $Fetch['native']
  /** A `$fetch` with these defaults (`baseURL`, `headers`, interceptors ...). */
  create: (defaults: FetchOptions, globalOptions?: CreateFetchOptions) => InternalFetch
}
