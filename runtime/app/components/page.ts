/**
 * `<SwervePage>` (Nuxt's `<NuxtPage>`): the route's page, a `<RouterView>` that passes its
 * attributes on. A page inside a page (a nested route) renders in its parent's. Each page is
 * keyed as Nuxt keys it (page-key.ts): a param change mounts the page again.
 *
 * In the page, as in Nuxt, each page sits in its own `<Suspense>` (which tells `page:start`
 * and `page:finish`), inside `<KeepAlive>` when `keepalive` (the prop, or the page's meta)
 * asks for it, inside `<Transition>` when `transition` (the prop, or the page's
 * `pageTransition`) does. None of them adds markup, so the server renders the page alone.
 */
import { defineComponent, h, KeepAlive, nextTick, Suspense, Transition, type KeepAliveProps, type PropType, type TransitionProps, type VNode } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'
import { useApp, type SwerveApp } from '../context.ts'
import { SwerveView } from './view.ts'
import { generateRouteKey, type PageKey } from './page-key.ts'

type Option<T> = boolean | T | undefined

/** The page's transition props: the prop's, then the page meta's, with `page:transition:finish` after each leave. */
function transitionOf(app: SwerveApp, option: Option<TransitionProps>, meta: unknown, page: VNode): TransitionProps | undefined {
  const chosen = (option ?? meta) as Option<TransitionProps>
  if (!chosen) return undefined
  const own = { ...(typeof meta === 'object' ? meta : {}), ...(typeof option === 'object' ? option : {}) } as TransitionProps
  const leave = own.onAfterLeave
  return {
    ...own,
    onAfterLeave: (element: Element) => {
      for (const hook of Array.isArray(leave) ? leave : leave ? [leave] : []) hook(element)
      void app.hooks.callHook('page:transition:finish', page)
    },
  }
}

/** The page as the browser gets it: in its Suspense, kept alive, in its transition, as asked. */
function wrapped(app: SwerveApp, page: VNode, route: RouteLocationNormalizedLoaded, props: { transition?: Option<TransitionProps>, keepalive?: Option<KeepAliveProps> }): VNode {
  const suspense = h(Suspense, {
    suspensible: true,
    onPending: () => { void app.hooks.callHook('page:start', page) },
    onResolve: () => { void nextTick(() => app.hooks.callHook('page:finish', page)) },
  }, { default: () => page })
  const keepalive = (props.keepalive ?? route.meta.keepalive) as Option<KeepAliveProps>
  const kept = keepalive ? h(KeepAlive, keepalive === true ? {} : keepalive, { default: () => suspense }) : suspense
  const transition = transitionOf(app, props.transition, route.meta.pageTransition, page)
  return transition ? h(Transition, transition, { default: () => kept }) : kept
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
        return import.meta.server ? page : wrapped(app, page, route, props)
      },
    })
  },
})
