/**
 * @nuxt/fonts with a local font (docs/modules.md): test/fixtures/modules-fonts installs
 * @nuxt/fonts 0.14.0 (scripts/ensure-fixtures.sh) with its font in public/fonts and the remote
 * providers off. Its CSS transform is a Vite plugin (an unplugin), run by build/vite-host.ts.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { build, type BuildResult } from '../build/build.ts'
import { fixture, tempDir, workerCode } from './helpers.ts'

describe('@nuxt/fonts with a local font', () => {
  let result: BuildResult
  let css: string
  const asked: string[] = []
  before(async () => {
    // Every request the build makes: none may leave the machine.
    const { fetch } = globalThis
    globalThis.fetch = (input, init) => {
      asked.push(String(input instanceof Request ? input.url : input))
      return fetch(input, init)
    }
    try { result = await build(fixture('modules-fonts'), { outDir: tempDir('swerve-modules-fonts-'), quiet: true }) }
    finally { globalThis.fetch = fetch }
    const assets = join(result.publicDir, '_swerve')
    css = readdirSync(assets, { recursive: true }).map(String).filter(file => file.endsWith('.css')).map(file => readFileSync(join(assets, file), 'utf8')).join('\n')
  })

  test('the module installs, and its font-family injection adds the @font-face of the local font to the page\'s CSS', () => {
    assert.deepEqual(result.config.modules?.names, ['@nuxt/fonts'])
    assert.match(css, /@font-face\{font-family:Swerve Sans;src:local\("Swerve Sans Regular"\),local\("Swerve Sans"\),url\(\/fonts\/SwerveSans-Regular\.woff2\) format\(woff2\);font-display:swap;font-weight:400;font-style:normal\}/)
  })

  test('the font file is in the output and in the worker\'s precache', () => {
    assert.ok(readFileSync(join(result.publicDir, 'fonts/SwerveSans-Regular.woff2')).length > 0)
    assert.match(workerCode(result.publicDir), /fonts\/SwerveSans-Regular\.woff2/)
  })

  test('the build asks no network', () => {
    assert.deepEqual(asked.filter(url => !url.startsWith('http://localhost')), [])
  })

  test('its Vite-only hooks are named, one warning per plugin', () => {
    assert.deepEqual(result.config.modules?.warnings, [
      'The Vite plugin nuxt:fonts:font-family-injection a module added runs its transform and buildStart; its configResolved, renderChunk and generateBundle do not run: swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).',
      'The Vite plugin nuxt-fonts-public-assets a module added does not run: its configureServer is a hook of Vite\'s alone; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).',
    ])
  })
})
