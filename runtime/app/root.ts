/** The root component: the app (or `<RouterView>`), or the error page when there is an error. */
import { defineComponent, h, onErrorCaptured, Suspense, type Component } from 'vue'
import { RouterLink } from 'vue-router'
import { toErrorShape } from '../shared/errors.ts'
import { SwervePage } from './components/page.ts'
import { callWithApp, useApp } from './context.ts'
import { showError } from './composables/error.ts'

/** Without an app.vue: the page (`<NuxtPage>`, keyed as Nuxt keys it), in its layout when the app has layouts (one per app build). */
let defaultApp: { Layout?: Component, App: Component } | undefined
function defaultAppOf(Layout: Component | undefined): Component {
  if (!defaultApp || defaultApp.Layout !== Layout) {
    defaultApp = {
      Layout,
      App: defineComponent({
        name: 'SwerveDefaultApp',
        render: () => Layout ? h(Layout, null, { default: () => h(SwervePage) }) : h(SwervePage),
      }),
    }
  }
  return defaultApp.App
}

const DefaultError = defineComponent({
  name: 'SwerveDefaultError',
  props: { error: { type: Object, required: true } },
  setup(props) {
    return () => h('main', { class: 'swerve-error', style: 'font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem;text-align:center' }, [
      h('h1', { style: 'font-size:4rem;margin:0' }, String(props.error.status)),
      h('p', { style: 'font-size:1.25rem' }, props.error.statusText),
      props.error.message && props.error.message !== props.error.statusText ? h('p', { style: 'color:#555' }, props.error.message) : null,
      h(RouterLink, { to: '/' }, () => 'Back home'),
    ])
  },
})

export function createRoot(App: Component | undefined, ErrorPage: Component | undefined, Layout?: Component): Component {
  const Page = App ?? defaultAppOf(Layout)
  return defineComponent({
    name: 'SwerveRoot',
    setup() {
      const app = useApp()
      onErrorCaptured((error, instance, info) => {
        void app.hooks.callHook('vue:error', error, instance, info)
        // On the server the renderer renders again with the error page (showError: app:error).
        if (import.meta.server) {
          callWithApp(app, () => showError(error))
          app.renderError = error
          return false
        }
        // In the page only a fatal error (`createError({ fatal: true })`) replaces it with the error
        // page; others (a click handler, onMounted) go on to vueApp.config.errorHandler, as in Nuxt.
        if (!(error as { fatal?: boolean } | null)?.fatal) return undefined
        app.payload.error = toErrorShape(error)
        void app.hooks.callHook('app:error', error)
        return false
      })
      const onResolve = () => { void app.hooks.callHook('app:suspense:resolve', app) }
      return () => h(Suspense, { onResolve }, {
        default: () => app.payload.error
          ? h(ErrorPage ?? DefaultError, { error: app.payload.error })
          : h(Page),
      })
    },
  })
}
