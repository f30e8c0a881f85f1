/**
 * The page's `<RouterView>` in swerve's own components (the default app, `<NuxtPage>`).
 * On the server it is a lighter one that renders the same: `<RouterView>` makes a reactive
 * route, four computeds and a watcher for each view, which only a page that changes route
 * needs, and a server renders each request once (docs/performance.md). test/view.test.ts
 * holds its markup to `<RouterView>`'s, which the page hydrates.
 */
import { defineComponent, h, inject, provide, unref, type Component, type PropType, type Slot } from 'vue'
import { matchedRouteKey, routeLocationKey, RouterView, routerViewLocationKey, viewDepthKey, type RouteLocationNormalizedLoaded } from 'vue-router'

/** A slot's content: its one node, or all of them. */
function slotted(slot: Slot | undefined, data: Record<string, unknown>) {
  if (!slot) return null
  const content = slot(data)
  return content.length === 1 ? content[0] : content
}

export const ServerView = /* @__PURE__ */ defineComponent({
  name: 'RouterView',
  inheritAttrs: false,
  props: {
    name: { type: String as PropType<string>, default: 'default' },
    route: Object as PropType<RouteLocationNormalizedLoaded>,
  },
  setup(props, { attrs, slots }) {
    // As `<RouterView>` finds its route and record: the one above it, or the router's.
    const route = props.route ?? inject(routerViewLocationKey)!.value
    let depth = unref(inject(viewDepthKey, 0))
    while (route.matched[depth] && !route.matched[depth].components) depth++
    const matched = route.matched[depth]
    // What a view inside this one, and the page's `useRoute()` and route guards, read.
    provide(viewDepthKey, depth + 1)
    provide(matchedRouteKey, { value: matched } as never)
    provide(routerViewLocationKey, { value: route } as never)
    provide(routeLocationKey, route)
    return () => {
      const View = matched?.components?.[props.name] as Component | undefined
      if (!View) return slotted(slots.default, { Component: View, route })
      const option = matched.props[props.name]
      const routeProps = option ? option === true ? route.params : typeof option === 'function' ? option(route) : option : null
      const component = h(View, { ...routeProps, ...attrs })
      return slotted(slots.default, { Component: component, route }) || component
    }
  },
})

export const SwerveView = (import.meta.server ? ServerView : RouterView) as typeof RouterView
