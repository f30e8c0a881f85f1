/**
 * The floor of the stack: what the libraries swerve is built on cost on their own.
 * Two small programs use only Vue, vue-router, unhead, devalue, hookable, h3 and ofetch, as any
 * app on this stack would — one that hydrates a page, one that renders it in a service
 * worker — bundled and minified as swerve bundles the demo (the same targets and Vue
 * flags). `npm run bench` prints their sizes next to the client's initial JS and the
 * worker's JS, and times the worker's navigations, warm and cold, next to swerve's and
 * the Cache Storage floor's: what is over them is swerve's own code and the app's.
 */
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

/** The page: hydrate a router view in a Suspense, with a head manager, the payload parsed and app hooks. */
const CLIENT = `
import { createSSRApp, h, Suspense } from 'vue'
import { createRouter, createWebHistory, RouterView, RouterLink } from 'vue-router'
import { createHead } from '@unhead/vue/client'
import { useHead } from '@unhead/vue'
import { parse } from 'devalue'
import { createHooks } from 'hookable'
import { createFetch } from 'ofetch'
const hooks = createHooks()
window.$fetch = createFetch({ fetch: (input, init) => fetch(input, init) })
const payload = parse(document.getElementById('payload').textContent)
const router = createRouter({ history: createWebHistory(), routes: [{ path: '/:path(.*)', component: () => import('./page.js') }] })
const app = createSSRApp({ setup() { useHead({ title: payload.title }); return () => h(Suspense, null, { default: () => h(RouterView) }) } })
app.use(router).use(createHead()).component('RouterLink', RouterLink)
hooks.callHook('app:created', app)
router.isReady().then(() => app.mount('#app'))
`

/**
 * The worker: an h3 app with an API route, and navigations under its scope rendered with a
 * layout, links, an async setup, a head and a payload (no storage: its data is at hand).
 */
const WORKER = `
import { createSSRApp, defineComponent, h, Suspense } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createRouter, createMemoryHistory, RouterView, RouterLink } from 'vue-router'
import { createHead, renderSSRHead } from '@unhead/vue/server'
import { useHead } from '@unhead/vue'
import { stringify } from 'devalue'
import { createHooks } from 'hookable'
import { H3 } from 'h3'
import { createFetch } from 'ofetch'
const link = (to, text) => h(RouterLink, { to }, () => text)
const Layout = defineComponent({ setup: (_, { slots }) => () => h('div', { class: 'shell' }, [h('header', [link('/library/', 'Notes'), ' ', link('/library/about', 'About')]), h('main', slots.default?.()), h('footer', 'Rendered by a service worker')]) })
const Page = defineComponent({
  async setup() {
    useHead({ title: 'Notes' })
    const notes = await Promise.resolve(['Welcome', 'Offline', 'Sync', 'Install', 'Update'])
    return () => h(Layout, null, () => [h('h1', 'Notes'), h('ul', notes.map(note => h('li', { key: note }, link('/library/' + note.toLowerCase(), note))))])
  },
})
const server = new H3()
server.get('/library/api/notes', () => ({ ok: true }))
self.$fetch = createFetch({ fetch: (input, init) => server.fetch(new Request(new URL(input, self.location.href), init)) })
server.get('/**', async (event) => {
  const hooks = createHooks()
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:path(.*)', component: Page }] })
  const app = createSSRApp({ render: () => h(Suspense, null, { default: () => h(RouterView) }) })
  const head = createHead()
  app.use(router).use(head)
  await hooks.callHook('app:created', app)
  await router.push(event.url.pathname + event.url.search)
  await router.isReady()
  const html = await renderToString(app)
  const { headTags } = await renderSSRHead(head)
  return new Response('<!DOCTYPE html><html><head>' + headTags + '</head><body><div id="app">' + html + '</div><script>window.__payload=' + stringify({ data: {} }) + '</script></body></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } })
})
self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()))
self.addEventListener('fetch', (event) => {
  if (event.request.mode === 'navigate') event.respondWith(server.fetch(event.request))
})
`

const root = fileURLToPath(new URL('..', import.meta.url))

async function bundle(contents: string, conditions: string[], format: 'esm' | 'iife') {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'floor.js' },
    plugins: [{
      name: 'page',
      setup(b) {
        b.onResolve({ filter: /^\.\/page\.js$/ }, () => ({ path: 'page', namespace: 'page' }))
        b.onLoad({ filter: /.*/, namespace: 'page' }, () => ({ contents: 'export default { render: () => "page" }' }))
      },
    }],
    bundle: true, minify: true, write: false, format, splitting: format === 'esm', outdir: '/floor', platform: 'browser', conditions, target: 'es2022', legalComments: 'none',
    // As the demo is built (build/bundle.ts, defineFlags; the demo sets vue.optionsApi: false).
    define: { 'process.env.NODE_ENV': '"production"', '__VUE_OPTIONS_API__': 'false', '__VUE_PROD_DEVTOOLS__': 'false', '__VUE_PROD_HYDRATION_MISMATCH_DETAILS__': 'false' },
    entryNames: 'entry',
  })
  // The page's own chunk is loaded on demand: not initial JS.
  return result.outputFiles.filter(file => !file.path.includes('page-'))
}

export interface LibraryFloor {
  /** Gzip bytes of the page's initial JS and of the worker's script. */
  sizes: { client: number, worker: number }
  /** The worker as a classic script, to register at `/library/`. */
  worker: string
}

export async function libraryFloor(): Promise<LibraryFloor> {
  const gzipOf = (files: { contents: Uint8Array }[]) => files.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0)
  const [client, worker] = await Promise.all([bundle(CLIENT, ['browser'], 'esm'), bundle(WORKER, ['worker', 'browser'], 'iife')])
  return { sizes: { client: gzipOf(client), worker: gzipOf(worker) }, worker: worker[0]!.text }
}
