/**
 * Layouts (docs/conventions.md): `layouts/default.vue` wraps every page, a page picks
 * another with `definePageMeta({ layout: 'wide' })` or none with `layout: false`.
 * `<SwerveLayout>` (Nuxt's `<NuxtLayout>`) renders the route's layout around its slot;
 * the same layout on the next page is kept (patched, not mounted again).
 */
import { defineComponent, h, shallowRef, type Component, type PropType, type SetupContext, type ShallowRef } from 'vue'
import { useRoute } from 'vue-router'
import { tryUseApp, useApp, type SwerveApp } from '../context.ts'

export type LayoutName = string | false

type LazyLayout = Component & { __asyncLoader: () => Promise<Component> }

/**
 * A layout's component, loaded on first use. A navigation loads its route's layout before it
 * renders (preloadLayout), so this renders it at once. One no navigation named (`<SwerveLayout
 * name>`) is waited for on the server and while hydrating, and shown once loaded after that. Vue's
 * defineAsyncComponent would do the same with more code on every page and in every worker.
 */
function lazyLayout(load: () => Promise<any>): LazyLayout {
  let loaded: Component | undefined
  let loading: Promise<Component> | undefined
  const loader = () => loading ??= load().then(module => (loaded = module.default ?? module))
  const component = {
    name: 'LazyLayout',
    inheritAttrs: false,
    __asyncLoader: loader,
    setup(_: unknown, { attrs, slots }: SetupContext) {
      const render = () => loaded ? h(loaded, attrs, slots) : undefined
      if (loaded) return render
      // While hydrating, the page waits for it as the server did (the root's Suspense holds
      // hydration), so the server's markup is matched instead of found missing.
      if (!import.meta.client || tryUseApp()?.isHydrating) return loader().then(() => render)
      const ready = shallowRef(false)
      void loader().then(() => { ready.value = true })
      return () => ready.value ? render() : undefined
    },
  }
  return component as unknown as LazyLayout
}

/** Each layout's component, made once per app. */
function layoutOf(app: SwerveApp, name: string): Component | undefined {
  const cache = (app._layoutComponents ??= new Map<string, Component>())
  let component = cache.get(name)
  const load = app._layouts?.[name]
  if (!component && load) cache.set(name, component = lazyLayout(load))
  return component
}

/** Loads a route's layout, so the render after the navigation has it at once. */
export async function preloadLayout(app: SwerveApp, name: unknown): Promise<void> {
  if (name === false || !app._layouts) return
  const component = layoutOf(app, typeof name === 'string' ? name : 'default') as LazyLayout | undefined
  await component?.__asyncLoader()
}

/** A layout set by `setPageLayout` from a page already shown: it lasts until the next navigation. */
function overrideOf(app: SwerveApp): ShallowRef<LayoutName | undefined> {
  if (!app._layoutOverride) {
    const override = app._layoutOverride = shallowRef<LayoutName | undefined>()
    app.router.afterEach(() => { override.value = undefined })
  }
  return app._layoutOverride
}

export const SwerveLayout = /* @__PURE__ */ defineComponent({
  name: 'SwerveLayout',
  inheritAttrs: false,
  props: {
    /** A layout's name, or false for none; default: the page's `layout` meta, else `default`. */
    name: { type: [String, Boolean] as PropType<LayoutName>, default: undefined },
    /** The layout used when the named one does not exist. */
    fallback: String,
  },
  setup(props, { slots, attrs }) {
    const app = useApp()
    const route = useRoute()
    const override = overrideOf(app)
    return () => {
      const chosen = props.name ?? override.value ?? (route.meta.layout as LayoutName | undefined) ?? 'default'
      const layout = chosen === false ? undefined : layoutOf(app, chosen) ?? (props.fallback ? layoutOf(app, props.fallback) : undefined)
      if (chosen !== false && !layout && chosen !== 'default') console.warn(`[swerve] no layout named "${chosen}" in layouts/`)
      return layout ? h(layout, attrs, slots) : slots.default?.()
    }
  },
})

export { SwervePage } from './page.ts'

/** Changes the current page's layout (in route middleware: the layout of the page being navigated to). */
export function setPageLayout(layout: LayoutName): void {
  const app = useApp()
  if (app.isProcessingMiddleware || app.isServer) {
    const stop = app.router.beforeResolve(async (to) => {
      stop()
      to.meta.layout = layout
      await preloadLayout(app, layout)
    })
  } else {
    void preloadLayout(app, layout).then(() => { overrideOf(app).value = layout })
  }
}
