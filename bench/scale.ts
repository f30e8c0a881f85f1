/**
 * How costs grow with the app: generated apps of 20, 200 and 1,000 pages (each with
 * a component of its own, a shared one, `useFetch` and one API route per 4 pages),
 * each built, measured for size, and cold-started in Chromium against the floor.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from '../build/build.ts'
import { tempDir } from '../test/helpers.ts'
import { openBench, partP50, type BootParts } from './browser.ts'
import { summarize } from './stats.ts'

export const SCALES = (process.env.BENCH_SCALES ?? '20,200,1000').split(',').map(Number)

export interface ScaleRow {
  pages: number
  apiRoutes: number
  buildMs: number
  /** Worker JS: the host (sw.js) and the pipeline, gzip and raw. */
  workerGzip: number
  workerRaw: number
  coldP50: number
  floorColdP50: number
  /** Inside the worker on a cold start (p50, ms): the pipeline imported after the request, created after that, the page answered after that. */
  pipelineImported: number
  pipelineCreated: number
  rendered: number
}

function write(root: string, file: string, text: string) {
  mkdirSync(dirname(join(root, file)), { recursive: true })
  writeFileSync(join(root, file), text)
}

/** An app of `pages` pages: `/p0` … `/p{pages-1}`, each fetching `/api/items/i{n}`. */
export function generateApp(pages: number): { root: string, apiRoutes: number } {
  const root = tempDir(`swerve-scale-${pages}-`)
  const apiRoutes = Math.max(1, Math.floor(pages / 4))
  // The cold starts measure a first render: the render cache (docs/worker.md#render-cache) would answer them.
  write(root, 'swerve.config.ts', 'export default { sw: { renderCache: false } }\n')
  write(root, 'app/layouts/default.vue', '<template>\n  <div class="shell">\n    <nav><NuxtLink to="/">Home</NuxtLink> <NuxtLink to="/p1">Page 1</NuxtLink></nav>\n    <main><slot /></main>\n  </div>\n</template>\n')
  write(root, 'app/components/Card.vue', '<script setup lang="ts">\ndefineProps<{ title: string }>()\n</script>\n\n<template>\n  <section class="card">\n    <h1>{{ title }}</h1>\n    <slot />\n  </section>\n</template>\n')
  write(root, 'app/pages/index.vue', `<template>\n  <Card title="Home">\n    <ul>\n      <li v-for="n in ${Math.min(pages, 20)}" :key="n">\n        <NuxtLink :to="\`/p\${n - 1}\`">Page {{ n - 1 }}</NuxtLink>\n      </li>\n    </ul>\n  </Card>\n</template>\n`)
  for (let i = 0; i < pages; i++) {
    write(root, `app/components/items/Item${i}.vue`, `<script setup lang="ts">\ndefineProps<{ value?: string }>()\n</script>\n\n<template>\n  <p class="item item-${i}">Item ${i}: <strong>{{ value }}</strong></p>\n</template>\n`)
    write(root, `app/pages/p${i}.vue`, `<script setup lang="ts">\nconst { data } = await useFetch('/api/items/i${i % apiRoutes}')\nuseHead({ title: 'Page ${i}' })\nconst count = ref(0)\n</script>\n\n<template>\n  <Card title="Page ${i}">\n    <ItemsItem${i} :value="data?.value" />\n    <button type="button" @click="count++">Clicked {{ count }} times</button>\n  </Card>\n</template>\n`)
  }
  for (let j = 0; j < apiRoutes; j++) write(root, `server/api/items/i${j}.get.ts`, `export default defineEventHandler(() => ({ id: ${j}, value: 'value ${j}' }))\n`)
  return { root, apiRoutes }
}

export async function benchScale(log: (line: string) => void, coldRounds: number): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = []
  for (const pages of SCALES) {
    const { root, apiRoutes } = generateApp(pages)
    log(`Scale: ${pages} pages, ${apiRoutes} API routes: build, size, ${coldRounds} cold starts…`)
    const started = performance.now()
    const result = await build(root, { quiet: true, timings: true })
    const buildMs = performance.now() - started
    const publicDir = join(result.config.outDir, 'public')
    const worker = ['sw.js', 'sw-pipeline.js'].map(file => readFileSync(join(publicDir, file)))
    // The floor keeps the same page as the Node app renders it (the static host has no file of it).
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const server = createApp({ storage: 'memory' })
    const bench = await openBench(publicDir, { '/floor/p1': '/rendered/p1' }, request => server.fetch(request))
    const cold: number[] = []
    const floor: number[] = []
    const boots: BootParts[] = []
    await bench.navigate('p1')
    for (let i = 0; i < coldRounds; i++) {
      cold.push(await bench.coldStart('p1'))
      const boot = await bench.boot()
      if (boot) boots.push(boot)
      floor.push(await bench.coldStart('floor/p1'))
    }
    await bench.close()
    await server.close?.()
    rows.push({
      pages,
      apiRoutes,
      buildMs,
      workerGzip: worker.reduce((sum, data) => sum + gzipSync(data, { level: 9 }).length, 0),
      workerRaw: worker.reduce((sum, data) => sum + data.length, 0),
      coldP50: summarize(cold).p50,
      floorColdP50: summarize(floor).p50,
      pipelineImported: partP50(boots, 'imported'),
      pipelineCreated: partP50(boots, 'created'),
      rendered: partP50(boots, 'rendered'),
    })
  }
  return rows
}
