/** `swerve init [dir]`: a starter app (docs/guide.md). Writes only files that do not exist yet. */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

export interface InitResult {
  root: string
  written: string[]
  /** Files that were already there: left as they were. */
  kept: string[]
}

const SCRIPTS = {
  dev: 'swerve dev',
  build: 'swerve build',
  preview: 'swerve preview',
  typecheck: 'swerve prepare && tsc --noEmit',
  test: 'playwright test',
}

/** What the starter's typecheck and test run on, beside swerve. */
const DEV_DEPENDENCIES = { '@playwright/test': '^1.50.0', 'typescript': '^5.9.0' }

const FILES: Record<string, string> = {
  'swerve.config.ts': `import { defineConfig } from 'swerve/config'

export default defineConfig({
  app: {
    head: { title: 'My swerve app', htmlAttrs: { lang: 'en' } },
  },
  routeRules: {
    // Built once; the service worker answers it from its precache.
    '/about': { prerender: true },
  },
  storage: {
    // Kept in each browser's service worker, written offline too, and synced to the server.
    notes: { sync: true },
  },
})
`,
  'app/app.vue': `<script setup lang="ts">
import { RouterLink, RouterView } from 'swerve/app'
</script>

<template>
  <header>
    <RouterLink to="/">Home</RouterLink>
    <RouterLink to="/notes">Notes</RouterLink>
    <RouterLink to="/about">About</RouterLink>
  </header>
  <main>
    <RouterView />
  </main>
</template>

<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; }
header { display: flex; gap: 1rem; padding: 1rem 1.5rem; border-bottom: 1px solid #ddd; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem; }
</style>
`,
  'app/pages/index.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { useFetch } from 'swerve/app'

// Answered by server/api/hello.get.ts: in the service worker once it is installed, online or offline.
const { data } = await useFetch('/api/hello')
const count = ref(0)
</script>

<template>
  <h1>{{ data?.message }}</h1>
  <button data-testid="count" @click="count++">Clicked {{ count }} times</button>
</template>
`,
  'app/pages/about.vue': `<template>
  <h1>About</h1>
  <p>This page is prerendered at build time and served from the service worker's precache.</p>
</template>
`,
  'server/api/hello.get.ts': `import { defineHandler } from 'swerve/server'

export default defineHandler(() => ({ message: 'Hello from swerve' }))
`,  'app/pages/notes.vue': `<script setup lang="ts">
import { ref } from 'vue'
import { $fetch, useFetch, useSync } from 'swerve/app'

// The notes base syncs (swerve.config.ts): written in the worker at once, online or not.
const { data: notes, refresh } = await useFetch('/api/notes')
const { status, pending } = useSync('notes')
const text = ref('')

async function add() {
  await $fetch('/api/notes', { method: 'POST', body: { text: text.value } })
  text.value = ''
  await refresh()
}
</script>

<template>
  <h1>Notes</h1>
  <p data-testid="sync">{{ status }} · {{ pending }} pending</p>
  <form @submit.prevent="add">
    <input v-model="text" data-testid="text" placeholder="A note" required>
    <button data-testid="add">Add</button>
  </form>
  <ul>
    <li v-for="note in notes" :key="note.id" data-testid="note">{{ note.text }}</li>
  </ul>
</template>
`,
  'server/api/notes.get.ts': `import { defineHandler, useStorage } from 'swerve/server'

export interface Note { id: string, text: string, at: number }

export default defineHandler(async (): Promise<Note[]> => {
  const notes = useStorage('notes')
  const all = await Promise.all((await notes.getKeys()).map(async id => ({ id, ...await notes.getItem(id) as Omit<Note, 'id'> })))
  return all.sort((a, b) => a.at - b.at)
})
`,
  'server/api/notes.post.ts': `import { createError, defineHandler, readBody, useStorage } from 'swerve/server'

export default defineHandler(async (event) => {
  const body = await readBody<{ text?: string }>(event)
  const text = body?.text?.trim()
  if (!text) throw createError({ status: 400, message: 'A note needs text.' })
  const note = { text, at: Date.now() }
  const id = \`\${note.at}-\${Math.random().toString(36).slice(2, 8)}\`
  await useStorage('notes').setItem(id, note)
  return { id, ...note }
})
`,
  'playwright.config.ts': `import { defineConfig } from '@playwright/test'

// npm test: the app built, served and driven in Chromium (Playwright's own, or CHROMIUM_PATH's).
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  reporter: [['list']],
  use: { browserName: 'chromium' },
})
`,
  // .mts: an ES module whatever package.json's type says (swerve/playwright is ESM only).
  'tests/notes.spec.mts': `import { expect, test } from 'swerve/playwright'

// The app (this folder, where npm test runs), built once with its own Node server beside its files,
// so the notes have a server to sync to.
test.use({ swerveApp: { root: '.', preset: 'node' } })

test('the worker answers offline, and a note written offline reaches the server', async ({ page, app, sw, request }) => {
  await page.goto(app.url('notes'))
  await sw.ready()
  await sw.hydrated()

  await sw.offline()
  await page.getByTestId('text').fill('Written offline')
  await page.getByTestId('add').click()
  await expect(page.getByTestId('note')).toHaveText(['Written offline'])
  const response = await page.reload()
  expect(response).toBeFromServiceWorker()
  await expect(page.getByTestId('note')).toHaveText(['Written offline'])

  await sw.online()
  await sw.syncNow()
  // The server's own copy, asked without the worker.
  const atServer = await (await request.get(app.url('api/notes'))).json()
  expect(atServer.map((note: { text: string }) => note.text)).toEqual(['Written offline'])
})
`,
  'tsconfig.json': `{ "extends": "./.swerve/tsconfig.json" }
`,
  '.gitignore': `node_modules
.output
.swerve
.data
test-results
playwright-report
`,
}

function parsePackage(file: string, text: string): Record<string, any> {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix it and run swerve init again.`)
  }
}

/** Writes the starter into `dir` (made if missing); never overwrites a file. */
export async function init(dir: string, version: string): Promise<InitResult> {
  const root = resolve(dir)
  const result: InitResult = { root, written: [], kept: [] }
  // package.json: an existing one (say, from `npm install swerve`) gains the scripts and the
  // devDependencies it lacks, and nothing else. Read first, so a broken one stops init before it writes anything.
  const packageFile = join(root, 'package.json')
  const existing = existsSync(packageFile) ? parsePackage(packageFile, await readFile(packageFile, 'utf8')) : undefined
  const pkg = existing ?? { name: root.split(/[\\/]/).pop()!.toLowerCase().replace(/[^a-z0-9-]+/g, '-'), private: true, type: 'module', dependencies: { swerve: `^${version}` }, devDependencies: {} }
  for (const [name, text] of Object.entries(FILES)) {
    const file = join(root, name)
    if (existsSync(file)) {
      result.kept.push(name)
      continue
    }
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, text)
    result.written.push(name)
  }
  pkg.scripts = { ...SCRIPTS, ...pkg.scripts }
  pkg.devDependencies = { ...DEV_DEPENDENCIES, ...pkg.devDependencies }
  await writeFile(packageFile, `${JSON.stringify(pkg, null, 2)}\n`)
  result.written.push('package.json')
  return result
}
