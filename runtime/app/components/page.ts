/**
 * `<SwervePage>` (Nuxt's `<NuxtPage>`): the route's page, a `<RouterView>` that passes its
 * attributes on. A page inside a page (a nested route) renders in its parent's. Each page is
 * keyed as Nuxt keys it (page-key.ts): a param change mounts the page again.
 *
 * In the page, as in Nuxt, each page sits in its own `<Suspense>`, which tells `page:start`
 * and `page:finish`; in apps that use them, in `<KeepAlive>` and `<Transition>` too
 * (page-wrappers.ts). None of them adds markup, so the server renders the page alone.
 */
import { defineComponent, h, nextTick, Suspense, type KeepAliveProps, type PropType, type TransitionProps, type VNode } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'
import { useApp, type SwerveApp } from '../context.ts'
import { SwerveView } from './view.ts'
import { generateRouteKey, type PageKey } from './page-key.ts'

function inSuspense(app: SwerveApp, page: VNode): VNode {
  return h(Suspense, {
    suspensible: true,
    onPending: () => { void app.hooks.callHook('page:start', page) },
    onResolve: () => { void nextTick(() => app.hooks.callHook('page:finish', page)) },
  }, { default: () => page })
}

export const SwervePage = /* @__PURE__ */ defineComponent({
  name: 'SwervePage',
  inheritAttrs: false,
  props: {
    name: String,
    route: Object as PropType<any>,
    pageKey: { type: [String, Function] as PropType<PageKey>, default: null },
    transition: { type: [Boolean, Object] as PropType<boolean | TransitionProps>, default: undefined },
    keepalive: { type: [Boolean, Object] as PropType<boolean | KeepAliveProps>, default: undefined },
  },
  setup(props, { attrs, slots }) {
    const app = useApp()
    return () => h(SwerveView, { name: props.name, route: props.route }, slots.default ?? {
      default: ({ Component, route }: { Component: VNode | undefined, route: RouteLocationNormalizedLoaded }) => {
        if (!Component) return undefined
        const page = h(Component, { ...attrs, key: generateRouteKey(route, Component, props.pageKey) })
        if (import.meta.server) return page
        const suspense = inSuspense(app, page)
        return app._wrapPage ? app._wrapPage(app, suspense, page, route, props) : suspense
      },
    })
  },
})
