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
}

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
})
`,
  'app/app.vue': `<script setup lang="ts">
import { RouterLink, RouterView } from 'swerve/app'
</script>

<template>
  <header>
    <RouterLink to="/">Home</RouterLink>
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
`,
  'tsconfig.json': `{ "extends": "./.swerve/tsconfig.json" }
`,
  '.gitignore': `node_modules
.output
.swerve
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
  // package.json: an existing one (say, from `npm install swerve`) gains the scripts it lacks and
  // nothing else. Read first, so a broken one stops init before it writes anything.
  const packageFile = join(root, 'package.json')
  const existing = existsSync(packageFile) ? parsePackage(packageFile, await readFile(packageFile, 'utf8')) : undefined
  const pkg = existing ?? { name: root.split(/[\\/]/).pop()!.toLowerCase().replace(/[^a-z0-9-]+/g, '-'), private: true, type: 'module', dependencies: { swerve: `^${version}` }, devDependencies: { typescript: '^5.9.0' } }
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
  await writeFile(packageFile, `${JSON.stringify(pkg, null, 2)}\n`)
  result.written.push('package.json')
  return result
}
