/** Nuxt's `preloadRouteComponents`, `preloadComponents`, `prefetchComponents`: load code before it is needed. */
import type { Component } from 'vue'
import type { RouteLocationRaw, Router } from 'vue-router'
import { useApp } from '../context.ts'

/** Client: loads the page components (and their layouts' code paths) of the route `to` would open. */
export async function preloadRouteComponents(to: RouteLocationRaw, router: Router = useApp().router): Promise<void> {
  if (import.meta.server) return
  const route = router.resolve(to)
  const loaders = route.matched.flatMap(record => Object.values(record.components ?? {}))
    // A lazy route component is a loader function; a loaded one is an object.
    .filter((component): component is () => Promise<Component> => typeof component === 'function' && !('setup' in component) && !('render' in component) && component.length === 0)
  await Promise.all(loaders.map(load => load()))
}

/** Client: loads the code of components registered globally by name (`vueApp.component`) that load lazily. */
export async function preloadComponents(names: string | string[]): Promise<void> {
  if (import.meta.server) return
  const { vueApp } = useApp()
  const loaders = (Array.isArray(names) ? names : [names])
    .map(name => vueApp.component(name) as { __asyncLoader?: () => Promise<unknown> } | undefined)
    .map(component => component?.__asyncLoader)
    .filter(load => typeof load === 'function')
  await Promise.all(loaders.map(load => load!()))
}

/** Nuxt prefetches where it can; swerve loads, as `preloadComponents` does. */
export function prefetchComponents(names: string | string[]): Promise<void> {
  return preloadComponents(names)
}
