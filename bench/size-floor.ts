/**
 * The floor for sizes: what the libraries swerve is built on weigh on their own.
 * Two small programs use only the parts of Vue, vue-router, unhead, devalue,
 * hookable and h3 that any app on this stack ships — one that hydrates a page,
 * one that renders it in a worker — bundled and minified as swerve bundles the
 * demo (the same targets and Vue flags). `npm run bench` prints them next to the
 * client's initial JS and the worker's JS: what is over them is swerve's own code
 * and the app's.
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
const hooks = createHooks()
const payload = parse(document.getElementById('payload').textContent)
const router = createRouter({ history: createWebHistory(), routes: [{ path: '/:path(.*)', component: () => import('./page.js') }] })
const app = createSSRApp({ setup() { useHead({ title: payload.title }); return () => h(Suspense, null, { default: () => h(RouterView) }) } })
app.use(router).use(createHead()).component('RouterLink', RouterLink)
hooks.callHook('app:created', app)
router.isReady().then(() => app.mount('#app'))
`

/** The worker: an h3 app with an API route and a page rendered with a head and a payload. */
const WORKER = `
import { createSSRApp, h, Suspense } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createRouter, createMemoryHistory, RouterView, RouterLink } from 'vue-router'
import { createHead, renderSSRHead } from '@unhead/vue/server'
import { useHead } from '@unhead/vue'
import { stringify } from 'devalue'
import { createHooks } from 'hookable'
import { H3 } from 'h3'
const page = { render: () => 'page' }
const server = new H3()
server.get('/api/item', () => ({ ok: true }))
server.get('/**', async (event) => {
  const hooks = createHooks()
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:path(.*)', component: page }] })
  const app = createSSRApp({ setup() { useHead({ title: 'page' }); return () => h(Suspense, null, { default: () => h(RouterView) }) } })
  const head = createHead()
  app.use(router).use(head).component('RouterLink', RouterLink)
  await hooks.callHook('app:created', app)
  await router.push(event.url.pathname + event.url.search)
  await router.isReady()
  const html = await renderToString(app)
  const { headTags } = await renderSSRHead(head)
  return new Response('<html><head>' + headTags + '</head><body>' + html + '<script>' + stringify({ data: {} }) + '</script></body></html>', { headers: { 'content-type': 'text/html' } })
})
self.addEventListener('fetch', event => event.respondWith(server.fetch(event.request)))
`

export interface SizeFloor { client: number, worker: number }

/** Gzip bytes of the client's initial JS (its lazy page left out) and of the worker's script. */
export async function sizeFloor(): Promise<SizeFloor> {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const gzipOf = async (contents: string, conditions: string[], splitting: boolean) => {
    const result = await build({
      stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'floor.js' },
      plugins: [{
        name: 'page',
        setup(b) {
          b.onResolve({ filter: /^\.\/page\.js$/ }, () => ({ path: 'page', namespace: 'page' }))
          b.onLoad({ filter: /.*/, namespace: 'page' }, () => ({ contents: 'export default { render: () => "page" }' }))
        },
      }],
      bundle: true, minify: true, write: false, format: 'esm', splitting, outdir: '/floor', platform: 'browser', conditions, target: 'es2022', legalComments: 'none',
      // As the demo is built (build/bundle.ts, defineFlags; the demo sets vue.optionsApi: false).
      define: { 'process.env.NODE_ENV': '"production"', '__VUE_OPTIONS_API__': 'false', '__VUE_PROD_DEVTOOLS__': 'false', '__VUE_PROD_HYDRATION_MISMATCH_DETAILS__': 'false' },
      entryNames: 'entry',
    })
    const initial = result.outputFiles.filter(file => !file.path.includes('page-'))
    return initial.reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).length, 0)
  }
  const [client, worker] = await Promise.all([gzipOf(CLIENT, ['browser'], true), gzipOf(WORKER, ['worker', 'browser'], false)])
  return { client, worker }
}
