/**
 * Stub of the generated `#swerve/virtual/runtime-caching`: the worker's runtime caching
 * (sw/runtime-caching.ts) when the app has `sw.runtimeCaching` rules, else undefined, so a
 * worker without rules carries none of Workbox's runtime modules.
 */
/** The part of a worker's events this needs (runtime/ has no WebWorker types). */
interface ExtendableEvent extends Event {
  waitUntil: (promise: Promise<unknown>) => void
}

export interface RuntimeCaching {
  /** Whether a rule answers this request (GETs only). */
  matches: (url: URL, request: Pick<Request, 'method' | 'destination'>) => boolean
  /** The first matching rule's answer to a worker's fetch event. */
  handle: (event: ExtendableEvent & { request: Request }) => Promise<Response>
}

const runtimeCaching: RuntimeCaching | undefined = undefined
export default runtimeCaching
