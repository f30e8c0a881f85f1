/**
 * The key a `<NuxtPage>` gives its page, as Nuxt's default does: the page's route path with
 * the params filled in, so `/parent/reload-1` → `/parent/reload-2` mounts the `[id]` child
 * again while the parent (whose path holds no param) keeps its instance. A page's
 * `definePageMeta({ key })` or `<NuxtPage :page-key>` replaces it (a string, or a function
 * of the route).
 */
import type { VNode } from 'vue'
import type { RouteLocationMatched, RouteLocationNormalizedLoaded } from 'vue-router'

export type PageKey = string | ((route: RouteLocationNormalizedLoaded) => string)

/** A matched record's path with its params filled in: `/users/:id()` → `/users/7`. */
function interpolated(route: RouteLocationNormalizedLoaded, record: RouteLocationMatched): string {
  return record.path
    .replace(/(:\w+)\([^)]*\)/g, '$1')
    .replace(/(:\w+)[?+*]/g, '$1')
    .replace(/:\w+/g, name => route.params[name.slice(1)]?.toString() || '')
}

export function generateRouteKey(route: RouteLocationNormalizedLoaded, component: VNode, override?: PageKey | null): string | undefined {
  const record = route.matched.find(matched => matched.components?.default === component.type)
  const source = override ?? (record?.meta.key as PageKey | undefined) ?? (record && interpolated(route, record))
  return typeof source === 'function' ? source(route) : source
}
