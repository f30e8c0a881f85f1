/**
 * The floor for Node: the demo's pages as one would write them by hand with h3,
 * vue-router and `@vue/server-renderer` and nothing else — the same markup and data,
 * the data read in the handler and handed to the page as JSON, no plugins, no head
 * manager, no payload format, no API round trip. `npm run bench` reports swerve's
 * renders per second next to these.
 */
import { H3, html, raw } from 'h3'
import { createSSRApp, defineComponent, h } from 'vue'
import { renderToString } from '@vue/server-renderer'
import { createMemoryHistory, createRouter, RouterLink, RouterView, type RouteRecordRaw } from 'vue-router'

interface Note { id: string, title: string, body: string, createdAt: string, updatedAt: string }

const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const formatDate = (iso: string) => `${format.format(new Date(iso))} UTC`
const excerpt = (text: string, length = 140) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat
}

const Layout = defineComponent({
  components: { RouterLink },
  template: `<div class="shell">
    <header class="bar">
      <RouterLink to="/" class="brand"><img src="/favicon.svg" alt="" width="24" height="24"> swerve notes</RouterLink>
      <nav><RouterLink to="/">Notes</RouterLink> <RouterLink to="/about">About</RouterLink></nav>
      <div class="status"></div>
    </header>
    <main class="content"><slot /></main>
    <footer class="foot">Rendered by a service worker with Vue SSR · your notes stay in this browser</footer>
  </div>`,
})

const About = defineComponent({
  data: () => ({ clicks: 0, originTime: '' }),
  template: `<section class="card about">
    <h1>About swerve</h1>
    <p class="lead">swerve packs a whole server pipeline — server plugins, middleware, API routes and Vue SSR — into a service worker.</p>
    <ol>
      <li>The first visit is a prerendered page from any static host.</li>
      <li>The worker installs, precaches the app and takes control.</li>
      <li>From then on it renders every page and answers <code>/api</code> itself, from IndexedDB — online or offline.</li>
    </ol>
    <p>This page is <code>prerender: true</code>: built once, answered from the precache. <code>/api/origin/*</code> is <code>worker: false</code>: only the origin server answers it. <button type="button" class="button small">Ask the origin for the time</button> <output>{{ originTime }}</output></p>
    <p>This page hydrated: <button type="button" class="button small" @click="clicks++">Clicked {{ clicks }} times</button> <output hidden>{{ clicks }}</output></p>
  </section>`,
})

const Index = defineComponent({
  components: { RouterLink },
  props: { notes: { type: Array as () => Note[], required: true } },
  data: () => ({ title: '', body: '', search: '', saving: false }),
  methods: { formatDate, excerpt },
  template: `<section>
    <h1>Notes</h1>
    <form class="card new"><input v-model="title" class="field" name="title" placeholder="Title" maxlength="200" required><textarea v-model="body" class="field" name="body" placeholder="Write something…" />
      <div class="row"><button class="button" type="submit" :disabled="saving">{{ saving ? 'Saving…' : 'Add note' }}</button></div>
    </form>
    <input v-model="search" class="field search" type="search" placeholder="Search notes">
    <ul v-if="notes.length" class="notes">
      <li v-for="note in notes" :key="note.id" class="card note">
        <RouterLink :to="'/notes/' + note.id" class="note-title">{{ note.title }}</RouterLink>
        <p v-if="note.body" class="muted">{{ excerpt(note.body) }}</p>
        <time class="when" :datetime="note.updatedAt">{{ formatDate(note.updatedAt) }}</time>
      </li>
    </ul>
    <p v-else class="empty muted">No notes yet — add the first one above.</p>
  </section>`,
})

const NotePage = defineComponent({
  components: { RouterLink },
  props: { note: { type: Object as () => Note, required: true } },
  data: () => ({ editing: false, busy: false, problem: '' }),
  methods: { formatDate },
  template: `<section>
    <RouterLink to="/" class="back">← All notes</RouterLink>
    <article class="card">
      <h1>{{ note.title }}</h1>
      <p class="body">{{ note.body }}</p>
      <p class="muted when">Edited {{ formatDate(note.updatedAt) }}</p>
      <div class="row"><button class="button" type="button">Edit</button> <button class="button danger" type="button" :disabled="busy">Delete</button></div>
    </article>
    <p v-if="problem" class="error-text">{{ problem }}</p>
  </section>`,
})

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'index', component: Index },
  { path: '/about', name: 'about', component: About },
  { path: '/notes/:id', name: 'note', component: NotePage },
]

/** The baseline app: `/`, `/about` and `/notes/:id` over an in-memory list of notes. */
export function createBaseline() {
  const at = new Date(0).toISOString()
  const notes = new Map<string, Note>([['welcome', {
    id: 'welcome',
    title: 'Welcome to swerve notes',
    body: 'This page was rendered by a service worker in your browser. Go offline (DevTools → Network → Offline) and keep writing: your notes live in IndexedDB and the worker renders every page.',
    createdAt: at,
    updatedAt: at,
  }]])

  async function render(url: string, title: string, state: Record<string, unknown>) {
    const router = createRouter({ history: createMemoryHistory(), routes })
    const app = createSSRApp({ render: () => h(Layout, null, { default: () => h(RouterView, state) }) })
    app.use(router)
    await router.push(url)
    await router.isReady()
    const markup = await renderToString(app)
    // As an h3 app answers HTML: h3 makes the Response (srvx's, in Node).
    return html(raw(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/_swerve/entry.css"><script type="module" src="/_swerve/entry.js"></script></head><body><div id="app">${markup}</div><script>window.__STATE__=${JSON.stringify(state).replace(/</g, '\\u003C')}</script></body></html>`))
  }

  const app = new H3()
  app.get('/', event => render(event.url.pathname + event.url.search, 'Notes · swerve notes', { notes: [...notes.values()] }))
  app.get('/about', event => render(event.url.pathname, 'About · swerve notes', {}))
  app.get('/notes/:id', (event) => {
    const note = notes.get(event.context.params!.id)
    if (!note) return new Response('Not found', { status: 404 })
    return render(event.url.pathname, `${note.title} · swerve notes`, { note })
  })
  return app
}
