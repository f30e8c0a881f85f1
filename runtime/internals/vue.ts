/**
 * Vue's caches of components' normalized props and emits, internal fields of an app's
 * context (`app._context.propsCache`, `emitsCache`): written for the version in
 * runtime/internals/versions.ts; test/internals.test.ts fails when the installed one differs.
 */
import { version, type App } from 'vue'
import { WRITTEN_FOR } from './versions.ts'

interface SharedContext {
  mixins: unknown[]
  propsCache: WeakMap<object, unknown>
  emitsCache: WeakMap<object, unknown>
}

const propsCache = new WeakMap<object, unknown>()
const emitsCache = new WeakMap<object, unknown>()

/**
 * A server makes a Vue app for each request, and Vue normalizes the props and emits of each
 * component again in each app (docs/performance.md has what sharing them saves). With
 * no app-wide mixin, which would add to every component's props, what Vue makes of a
 * component depends on the component alone, so a server's apps share it. Call it after the
 * app's plugins have run (one of them may add a mixin) and before it renders.
 */
export function shareNormalizedOptions(app: App): void {
  // Another Vue (an app's own, build/internals.ts says so) keeps its caches: the public path.
  if (version !== WRITTEN_FOR.vue) return
  const context = app._context as unknown as SharedContext
  if (context.mixins.length) return
  context.propsCache = propsCache
  context.emitsCache = emitsCache
}
