/**
 * Bare imports resolve as Node resolves them, from the file that imports them: only Vue,
 * its `@vue/*` packages, vue-router and `@unhead/vue` are one copy for the app and swerve
 * (docs/guide.md, "Dependencies"). An app whose node_modules has another major of one of swerve's own
 * dependencies at its top (as npm puts Pinia's devtools' hookable@5) still builds.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'node:test'
import { build } from '../build/build.ts'
import { request, tempDir } from './helpers.ts'

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
}

test('another major of hookable, devalue and cookie-es at the app\'s top: swerve and unhead keep their own, the app gets its own', async () => {
  const root = tempDir('swerve-resolve-')
  const old = (name: string, version: string, code: string) => ({
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version, type: 'module', exports: { '.': './index.mjs' } }),
    [`node_modules/${name}/index.mjs`]: code,
  })
  write(root, {
    // Old majors with none of the exports swerve and unhead import from them.
    ...old('hookable', '5.5.3', 'export function createHooks() { return { hook() {}, callHook() {} } }\nexport const marker = "app hookable 5"\n'),
    ...old('devalue', '4.3.3', 'export const marker = "app devalue 4"\n'),
    ...old('cookie-es', '1.2.2', 'export const marker = "app cookie-es 1"\n'),
    'app/pages/index.vue': `<script setup lang="ts">
import { marker as hookable } from 'hookable'
import { marker as devalue } from 'devalue'
import { marker as cookie } from 'cookie-es'
useHead({ title: 'resolved' })
const markers = [hookable, devalue, cookie].join(', ')
</script>
<template><p data-testid="markers">{{ markers }}</p></template>
`,
  })
  const result = await build(root, { outDir: join(root, '.output'), quiet: true, prerender: false })
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const html = await (await request(createApp({ storage: 'memory' }), '/')).text()
  assert.match(html, /<title>resolved<\/title>/)
  assert.match(html, /data-testid="markers">app hookable 5, app devalue 4, app cookie-es 1</)
})
