/**
 * Assets as Vite handles them (docs/ecosystem.md#assets): test/fixtures/assets installs
 * font-awesome (a package whose CSS names its fonts with `?v=` and `#iefix`) and sass-embedded
 * from the registry (scripts/ensure-fixtures.sh).
 */
import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { build as esbuild } from 'esbuild'
import { publicUrlPlugin } from '../build/assets.ts'
import { build, type BuildResult } from '../build/build.ts'
import { compileCss, loadCssTools } from '../build/css.ts'
import { createDevServer } from '../build/dev/index.ts'
import { copyOf, fixture, tempDir, workerCode } from './helpers.ts'

describe('the assets fixture', () => {
  let result: BuildResult
  let css: string
  let emitted: string[]
  before(async () => {
    result = await build(fixture('assets'), { outDir: tempDir('swerve-assets-'), quiet: true, prerender: false })
    const dir = join(result.publicDir, '_swerve')
    css = readFileSync(join(dir, readdirSync(dir).find(file => /^entry-\w+\.css$/.test(file))!), 'utf8')
    emitted = readdirSync(join(dir, 'assets'))
  })

  test('a package\'s url() fonts are emitted hashed, the reference keeping its query and fragment', () => {
    for (const ext of ['eot', 'woff2', 'woff', 'ttf', 'svg']) {
      assert.ok(emitted.some(file => new RegExp(`^fontawesome-webfont-[A-Z0-9]{8}\\.${ext}$`).test(file)), `the .${ext} font is emitted`)
    }
    assert.match(css, /url\("?\.\/assets\/fontawesome-webfont-[A-Z0-9]{8}\.eot\?v=4\.7\.0"?\)/)
    assert.match(css, /url\("?\.\/assets\/fontawesome-webfont-[A-Z0-9]{8}\.eot\?#iefix&v=4\.7\.0"?\) format\("embedded-opentype"\)/)
    assert.match(css, /url\("?\.\/assets\/fontawesome-webfont-[A-Z0-9]{8}\.svg\?v=4\.7\.0#fontawesomeregular"?\)/)
  })

  test('the app\'s url() in a css: file and in an SFC <style> are emitted as files, small ones too (never inlined)', () => {
    assert.match(css, /url\("?\.\/assets\/hero-[A-Z0-9]{8}\.png\?v=2#top"?\)/)
    assert.match(css, /\.dot\{background-image:url\("?\.\/assets\/dot-[A-Z0-9]{8}\.svg"?\)\}/)
    assert.doesNotMatch(css, /data:/)
  })

  test('an absolute url() is a file of public/, left as written', () => {
    assert.match(css, /\.logo\{background-image:url\(\/logo\.png\)\}/)
  })

  test('sass-embedded compiles <style lang="sass"> and lang="scss" when it is the Sass installed', () => {
    assert.doesNotMatch(css, /\$primary|\$gap|@use/)
  })

  test('additionalData from nuxt.config\'s vite.css.preprocessorOptions: a string with an aliased @use (sass), a function (scss)', () => {
    assert.match(css, /\.title\[data-v-\w+\]\{color:#00dc82\}/)
    assert.match(css, /\.gap\{margin-top:12px\}/)
  })

  test('@use of a package\'s Sass partial and its CSS by package path: the CSS\'s url()s are rebased onto the file compiled', async () => {
    assert.match(css, /\.version:after\{content:"4\.7\.0"\}/)
    // The app's own partial, by a relative path: its url() is rebased too.
    assert.match(css, /\.badge\{background-image:url\("?\.\/assets\/dot-[A-Z0-9]{8}\.svg"?\)\}/)
    const file = join(fixture('assets'), 'app/pages/icons.vue')
    const source = readFileSync(file, 'utf8').match(/<style lang="sass">([\s\S]*)<\/style>/)![1]!
    const { code, errors } = await compileCss(await loadCssTools(fixture('assets')), { source, file, root: fixture('assets'), lang: 'sass' })
    assert.deepEqual(errors, [])
    assert.match(code, /url\("?\.\.\/\.\.\/node_modules\/font-awesome\/fonts\/fontawesome-webfont\.eot\?#iefix&v=4\.7\.0"?\)/)
  })

  test('a stylesheet imported from a plugin is the page\'s: the server bundles have no CSS and no fonts of their own', () => {
    assert.deepEqual(readdirSync(result.serverDir).filter(file => !file.endsWith('.mjs')), [])
    assert.deepEqual(readdirSync(result.publicDir).filter(file => /\.(css|eot|woff2?|ttf)$/.test(file)), [])
  })

  test('the emitted files are precached, so the fonts work offline', () => {
    const worker = workerCode(result.publicDir)
    for (const file of emitted) assert.ok(worker.includes(`_swerve/assets/${file}`), `${file} is in the precache`)
  })
})

test('url(/x.png) under a base: a file of public/ is served under it, another absolute URL is left as written', async () => {
  const root = tempDir('swerve-public-url-')
  mkdirSync(join(root, 'public'))
  writeFileSync(join(root, 'public/logo.png'), 'png')
  writeFileSync(join(root, 'a.css'), '.a{background:url(/logo.png?v=1)}.b{background:url(/elsewhere.png)}')
  const result = await esbuild({ entryPoints: [join(root, 'a.css')], bundle: true, write: false, minify: true, plugins: [publicUrlPlugin({ base: '/sub/', layers: [{ root, appDir: root, components: [] }] })] })
  assert.equal(result.outputFiles[0]!.text.trim(), '.a{background:url(/sub/logo.png?v=1)}.b{background:url(/elsewhere.png)}')
})

test('a Sass error names the file and the line in it, additionalData\'s lines aside; without a compiler, what to install', async () => {
  const root = fixture('assets')
  const tools = await loadCssTools(root, { sass: { additionalData: '@use "~/assets/colors" as *\n' } })
  const { errors } = await compileCss(tools, { source: '\n.a\n  color: $nope\n', file: join(root, 'app/pages/index.vue'), root, lang: 'sass' }, 17)
  assert.match(String(errors[0]!.text), /Undefined variable/)
  assert.deepEqual(errors[0]!.location, { file: 'app/pages/index.vue', line: 20 })
  const missing = await compileCss(await loadCssTools(tempDir('swerve-no-sass-')), { source: '.a{}', file: '/x/a.vue', root: '/x', lang: 'scss' })
  // A folder without sass-embedded or sass (swerve's own tests run beside neither).
  assert.equal(missing.errors[0]!.text, '<style lang="scss"> needs sass-embedded or sass, which is not installed: npm install -D sass-embedded')
})

test('swerve dev: an edit of a Sass partial that a component\'s <style> uses reaches the page\'s CSS', async () => {
  const app = copyOf('assets')
  symlinkSync(join(fixture('assets'), 'node_modules'), join(app.root, 'node_modules'))
  const dev = await createDevServer(app.root, { port: 0, quiet: true })
  try {
    const css = async () => (await fetch(`${dev.url}_swerve/entry.css`)).text()
    assert.match(await css(), /\.title\[data-v-\w+\] \{\s*color: #00dc82;/)
    // Waits for the rebuild the edit starts, not for a time.
    const rebuilt = dev.nextRebuild()
    app.edit('app/assets/_colors.sass', '#00dc82', '#123456')
    await rebuilt
    assert.match(await css(), /\.title\[data-v-\w+\] \{\s*color: #123456;/)
  } finally {
    await dev.close()
    app.remove()
  }
})
