/**
 * Vue's dev build's hot-update runtime, `__VUE_HMR_RUNTIME__` on the global object (what Vite's
 * plugin calls), which Vue does not document: written for the vue in runtime/internals/versions.ts.
 * Apart from vue.ts, which imports Vue and versions.ts: client/dev.ts importing vue.ts stopped the
 * page's reload after a store edit in e2e/dev.spec.ts's Pinia test; this file imports nothing.
 */

/**
 * Re-renders the components of `id` (their SFC's hash) with a new render function, keeping
 * their state, through the runtime Vue's dev build puts on the global object (what Vite's
 * plugin calls). False when there is none: the caller reloads.
 */
export function hmrRerender(id: string, render: unknown): boolean {
  const runtime = (globalThis as { __VUE_HMR_RUNTIME__?: { rerender: (id: string, render: unknown) => void } }).__VUE_HMR_RUNTIME__
  if (!runtime) return false
  runtime.rerender(id, render)
  return true
}
