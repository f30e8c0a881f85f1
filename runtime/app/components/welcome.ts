/**
 * `<NuxtWelcome>`: the page a new app starts with, in swerve's words. Self-contained:
 * inline styles, no fonts, images or links to load.
 */
import { defineComponent, h } from 'vue'

const card = { border: '1px solid #d4d4d8', borderRadius: '12px', padding: '1rem 1.25rem', background: '#fff' }

const STEPS: [string, string][] = [
  ['Edit app.vue', 'Replace <NuxtWelcome /> with your own markup; the page updates as you save.'],
  ['Add pages', 'A file in pages/ is a route: pages/about.vue answers /about.'],
  ['Go offline', 'After the first visit, a service worker renders every page, with or without a network.'],
]

export const SwerveWelcome = /* @__PURE__ */ defineComponent({
  name: 'NuxtWelcome',
  props: {
    title: { type: String, default: 'Your app is running' },
    appName: { type: String, default: 'swerve' },
  },
  setup(props) {
    return () => h('main', {
      'class': 'nuxt-welcome',
      'data-testid': 'nuxt-welcome',
      'style': { fontFamily: 'system-ui, sans-serif', color: '#18181b', background: '#f4f4f5', minHeight: '100vh', margin: 0, padding: '12vh 1.5rem', boxSizing: 'border-box' },
    }, [
      h('div', { style: { maxWidth: '44rem', margin: '0 auto' } }, [
        h('p', { style: { margin: 0, fontSize: '0.875rem', letterSpacing: '0.08em', textTransform: 'uppercase', color: '#16a34a' } }, props.appName),
        h('h1', { style: { fontSize: '2.5rem', margin: '0.25rem 0 1rem' } }, props.title),
        h('p', { style: { fontSize: '1.125rem', lineHeight: 1.5, marginBottom: '2rem' } }, 'Rendered on the server, then by the service worker: this page keeps working offline.'),
        h('ol', { style: { listStyle: 'none', padding: 0, display: 'grid', gap: '0.75rem' } }, STEPS.map(([step, text]) =>
          h('li', { style: card }, [h('strong', step), h('p', { style: { margin: '0.25rem 0 0', color: '#52525b' } }, text)]))),
      ]),
    ])
  },
})
