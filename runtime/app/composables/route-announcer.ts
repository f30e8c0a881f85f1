/**
 * Nuxt's `useRouteAnnouncer`: a message for screen readers (`<NuxtRouteAnnouncer>`'s
 * `aria-live` region) that is the page's title after each navigation.
 */
import { ref, type Ref } from 'vue'
import { useApp } from '../context.ts'
import { pageOf } from '../page.ts'

export type Politeness = 'polite' | 'assertive' | 'off'

export interface RouteAnnouncer {
  message: Ref<string>
  politeness: Ref<Politeness>
  set: (message: string, politeness?: Politeness) => void
  polite: (message: string) => void
  assertive: (message: string) => void
}

function createRouteAnnouncer(app: ReturnType<typeof useApp>, politeness: Politeness): RouteAnnouncer {
  const announcer: RouteAnnouncer = {
    message: ref(''),
    politeness: ref(politeness),
    set(message, level = announcer.politeness.value) {
      announcer.message.value = message
      announcer.politeness.value = level
    },
    polite: message => announcer.set(message, 'polite'),
    assertive: message => announcer.set(message, 'assertive'),
  }
  if (import.meta.client) {
    // After a navigation, once unhead has written the new page's <title>.
    let navigated = false
    app.router.afterEach((to, from) => { navigated = navigated || to.fullPath !== from.fullPath })
    app.head.hooks?.hook('dom:rendered', () => {
      if (!navigated) return
      navigated = false
      announcer.set(pageOf(app).title())
    })
  }
  return announcer
}

/** The app's one route announcer; `politeness` (default `polite`) sets its `aria-live`. */
export function useRouteAnnouncer(options: { politeness?: Politeness } = {}): RouteAnnouncer {
  const app = useApp() as ReturnType<typeof useApp> & { _routeAnnouncer?: RouteAnnouncer }
  const announcer = app._routeAnnouncer ??= createRouteAnnouncer(app, options.politeness ?? 'polite')
  if (options.politeness) announcer.politeness.value = options.politeness
  return announcer
}
