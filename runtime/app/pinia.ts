/**
 * Pinia, set up as `@pinia/nuxt` does (docs/ecosystem.md): the build adds this plugin when the
 * app has `pinia` installed. One store per request on the server; its state goes into the
 * payload, and the page's stores start from it, so hydration needs no new request.
 */
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { toRaw } from 'vue'
import { defineAppPlugin } from './plugins.ts'

export default defineAppPlugin<{ pinia: Pinia }>({
  name: 'pinia',
  enforce: 'pre',
  setup(app) {
    const pinia = createPinia()
    app.vueApp.use(pinia)
    setActivePinia(pinia)
    if (app.isServer) app.hooks.hook('app:rendered', () => { app.payload.pinia = toRaw(pinia.state.value) })
    else if (app.payload.pinia) pinia.state.value = app.payload.pinia as Pinia['state']['value']
    return { provide: { pinia } }
  },
})
