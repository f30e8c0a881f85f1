/**
 * `<KeepAlive>` and `<Transition>` around a page in `<NuxtPage>` (components/page.ts), as
 * Nuxt nests them. An app gets this module only when its files ask for either
 * (build/virtual.ts): Vue's transition code would weigh on every other app's first load.
 */
import { h, KeepAlive, Transition, type KeepAliveProps, type TransitionProps, type VNode } from 'vue'
import type { RouteLocationNormalizedLoaded } from 'vue-router'
import type { SwerveApp } from '../context.ts'

type Option<T> = boolean | T | undefined

/** The page's transition props: the prop's over the page meta's, with `page:transition:finish` after each leave. */
function transitionOf(app: SwerveApp, option: Option<TransitionProps>, meta: unknown, page: VNode): TransitionProps | undefined {
  if (!(option ?? meta)) return undefined
  const own = { ...(typeof meta === 'object' ? meta : {}), ...(typeof option === 'object' ? option : {}) } as TransitionProps
  const leave = own.onAfterLeave
  return {
    ...own,
    // The leaving element, typed loosely: runtime/ names no DOM type.
    onAfterLeave: ((element: unknown) => {
      for (const hook of Array.isArray(leave) ? leave : leave ? [leave] : []) hook(element as never)
      void app.hooks.callHook('page:transition:finish', page)
    }) as TransitionProps['onAfterLeave'],
  }
}

/** The page's Suspense, kept alive and in its transition as the prop or the page's meta asks. */
export function wrapPage(app: SwerveApp, suspense: VNode, page: VNode, route: RouteLocationNormalizedLoaded, props: { transition?: unknown, keepalive?: unknown }): VNode {
  const keepalive = (props.keepalive ?? route.meta.keepalive) as Option<KeepAliveProps>
  const kept = keepalive ? h(KeepAlive, keepalive === true ? {} : keepalive, { default: () => suspense }) : suspense
  const transition = transitionOf(app, props.transition as Option<TransitionProps>, route.meta.pageTransition, page)
  return transition ? h(Transition, transition, { default: () => kept }) : kept
}
