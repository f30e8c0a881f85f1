/** The root component: the app (or `<RouterView>`), or the error page when there is an error. */
import { defineComponent, h, onErrorCaptured, Suspense, type Component } from 'vue'
import { RouterLink, RouterView } from 'vue-router'
import { toErrorShape } from '../shared/errors.ts'
import { useApp } from './context.ts'

const DefaultApp = defineComponent({
  name: 'SwerveDefaultApp',
  render: () => h(RouterView),
})

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

export function createRoot(App: Component | undefined, ErrorPage: Component | undefined): Component {
  return defineComponent({
    name: 'SwerveRoot',
    setup() {
      const app = useApp()
      onErrorCaptured((error) => {
        // On the server the renderer renders again with the error page; on the client it shows now.
        app.payload.error = toErrorShape(error)
        if (import.meta.server) app.renderError = error
        else void app.hooks.callHook('app:error', error)
        return false
      })
      const onResolve = () => { void app.hooks.callHook('app:suspense:resolve', app) }
      return () => h(Suspense, { onResolve }, {
        default: () => app.payload.error
          ? h(ErrorPage ?? DefaultError, { error: app.payload.error })
          : h(App ?? DefaultApp),
      })
    },
  })
}
