/**
 * Nuxt modules from the registry (docs/modules.md): test/fixtures/modules-registry installs
 * @pinia/nuxt, @vueuse/nuxt, @nuxtjs/color-mode and @nuxtjs/tailwindcss 6 with daisyUI 4 and
 * @nuxt/icon with @iconify-json/heroicons and @nuxt/image (scripts/ensure-fixtures.sh), which the kit
 * host installs with the real @nuxt/kit.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { before, describe, test } from 'node:test'
import { build, type BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'
import { fixture, request, tempDir, workerCode } from './helpers.ts'

const testid = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1]

describe('Nuxt modules from the registry', () => {
  let server: SwerveServer
  let result: BuildResult
  let html: string
  before(async () => {
    result = await build(fixture('modules-registry'), { outDir: tempDir('swerve-modules-registry-'), quiet: true })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    server = createApp({ storage: 'memory' })
    html = await (await request(server, '/')).text()
  })

  test('the six modules install; swerve\'s own Pinia setup stands aside for @pinia/nuxt', () => {
    assert.deepEqual(result.config.modules?.names, ['pinia', 'vueuse', '@nuxtjs/color-mode', '@nuxtjs/tailwindcss', '@nuxt/icon', '@nuxt/image'])
    assert.equal(result.config.integrations.pinia, false)
  })

  test('@pinia/nuxt: stores/ and defineStore auto-imported, its state in the payload as swerve\'s own setup writes it', () => {
    assert.equal(testid(html, 'store'), '41 Ada')
    assert.match(html, /"pinia":\d+/)
    assert.match(html, /\{"counter":\d+\},\{"count":\d+,"name":\d+\},41,"Ada"/)
  })

  test('@vueuse/nuxt auto-imports VueUse (useCounter)', () => {
    assert.equal(testid(html, 'vueuse'), '10')
  })

  test('@nuxtjs/color-mode: useColorMode and <ColorScheme>; its render:html script is in <head>, in the worker\'s renders too', () => {
    assert.equal(testid(html, 'preference'), 'dark')
    const script = html.indexOf('__NUXT_COLOR_MODE__')
    assert.ok(script > 0 && script < html.indexOf('</head>'))
    assert.match(workerCode(result.publicDir), /__NUXT_COLOR_MODE__/)
  })

  test('@nuxtjs/tailwindcss: its PostCSS plugins run on its stylesheet (a package\'s) with the app\'s tailwind.config and daisyUI; #tailwind-config is exposed', () => {
    const css = readFileSync(join(result.publicDir, html.match(/href="\/(_swerve\/entry-\w+\.css)"/)![1]!), 'utf8')
    assert.doesNotMatch(css, /@tailwind/)
    assert.match(css, /\.text-brand\{[^}]*color:rgb\(102 51 153/)
    assert.match(css, /\.btn-primary\{/)
    assert.match(css, /\[data-theme=dark\]\{color-scheme:dark/)
    assert.equal(testid(html, 'brand'), '#663399')
  })

  test('@nuxt/icon: its /api/_nuxt_icon handler answers from the installed collection, and the server renders the icon\'s CSS', async () => {
    const icons = await (await request(server, '/api/_nuxt_icon/heroicons.json?icons=star')).json() as { prefix: string, icons: Record<string, { body: string }> }
    assert.equal(icons.prefix, 'heroicons')
    assert.match(icons.icons.star!.body, /<path /)
    assert.match(html, /<span class="iconify i-heroicons:star"/)
    assert.match(html, /<style>:where\(\.i-heroicons\\:star\)\{[^<]*--svg:url\("data:image\/svg\+xml/)
    assert.match(workerCode(result.publicDir), /_nuxt_icon/)
  })

  test('@nuxt/image with the none provider: <NuxtImg> and <NuxtPicture> render the files of public/photos/, which are left out of the precache for the runtime rule', async () => {
    const page = await (await request(server, '/images')).text()
    assert.match(page, /<img[^>]*src="\/photos\/hill\.png"[^>]*>/)
    assert.match(page.match(/<img[^>]*id="img"[^>]*>|<img[^>]*src="\/photos\/hill\.png"[^>]*>/)![0], /width="120"/)
    assert.match(page, /<picture[^>]*>[\s\S]*<img[^>]*src="\/photos\/lake\.png"[^>]*>[\s\S]*<\/picture>/)
    // nuxt.config's `swerve.sw`: the photos are not precached; the worker has the rule that keeps them.
    const worker = workerCode(result.publicDir)
    const precached = [...worker.matchAll(/\{url:"([^"]+)",revision/g)].map(match => match[1]!)
    assert.ok(precached.length > 0 && !precached.some(url => url.startsWith('photos/')), precached.join(' '))
    assert.match(worker, /\/photos\/\*/)
    assert.ok(!result.config.modules?.warnings.some(w => /@nuxt\/image|image/i.test(w)), result.config.modules?.warnings.join('\n'))
  })
})
