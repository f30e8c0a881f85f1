/**
 * Modules' Vite plugins around esbuild plugins (build/vite-host.ts, docs/modules.md#vite-plugins):
 * Rollup's filters, unplugin's transformInclude, `enforce` order, TypeScript stripped before the
 * transforms that are not `pre`, a transform after another plugin's load, and the warning text.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { build, type Plugin } from 'esbuild'
import { withVitePlugins } from '../build/vite-host.ts'
import { vitePluginWarning, type VitePluginLike } from '../build/kit/vite-plugins.ts'
import { tempDir } from './helpers.ts'

/** Bundles `files['entry.ts']` with the Vite plugins around `own`, for the page (`ssr` false) or a server. */
async function bundle(files: Record<string, string>, plugins: VitePluginLike[], options: { ssr?: boolean, own?: Plugin[] } = {}): Promise<string> {
  const root = tempDir('swerve-vite-host-')
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), contents)
  }
  const result = await build({
    absWorkingDir: root, entryPoints: ['entry.ts'], bundle: true, write: false, format: 'esm', logLevel: 'silent',
    plugins: withVitePlugins(plugins.map(plugin => ({ plugin, client: true, server: plugin.name !== 'page-only' })), options.own ?? [], { ssr: !!options.ssr, root }),
  })
  return result.outputFiles[0]!.text
}

describe('modules\' Vite plugins in esbuild', () => {
  test('transforms run in enforce order; TypeScript is stripped before those that are not pre', async () => {
    const seen: string[] = []
    const mark = (name: string, enforce?: 'pre' | 'post'): VitePluginLike => ({
      name, enforce,
      transform: (code: string) => { seen.push(`${name}:${/: string/.test(code) ? 'ts' : 'js'}`); return code.replace('ORDER', `ORDER ${name}`) },
    })
    const code = await bundle({ 'entry.ts': `const order: string = 'ORDER'\nconsole.log(order)\n` }, [mark('post', 'post'), mark('normal'), mark('pre', 'pre')])
    assert.deepEqual(seen, ['pre:ts', 'normal:js', 'post:js'])
    assert.match(code, /ORDER post normal pre/)
  })

  test('Rollup\'s filter objects and unplugin\'s transformInclude pick the ids and code a hook sees', async () => {
    const ids: string[] = []
    const record = (name: string, extra: Partial<VitePluginLike>): VitePluginLike => ({ name, ...extra })
    await bundle({ 'entry.ts': `import './a.js'\nimport './lib/b.js'\n`, 'a.js': `export const a = 'keep'\n`, 'lib/b.js': `export const b = 1\n` }, [
      record('by-id', { transform: { filter: { id: { include: [/\.js$/], exclude: [/\/lib\//] } }, handler: (_: string, id: string) => { ids.push(`by-id ${id.split('/').pop()}`) } } }),
      record('by-code', { transform: { filter: { code: 'keep' }, handler: (_: string, id: string) => { ids.push(`by-code ${id.split('/').pop()}`) } } }),
      record('by-glob', { transform: { filter: { id: '**/lib/*.js' }, handler: (_: string, id: string) => { ids.push(`by-glob ${id.split('/').pop()}`) } } }),
      record('include', { transformInclude: (id: string) => id.endsWith('entry.ts'), transform: (_: string, id: string) => { ids.push(`include ${id.split('/').pop()}`) } }),
    ])
    assert.deepEqual(ids.sort(), ['by-code a.js', 'by-glob b.js', 'by-id a.js', 'include entry.ts'])
  })

  test('a transform sees what another plugin loaded; resolveId/load make a virtual module that knows its bundle; false is external', async () => {
    const own: Plugin = { name: 'own', setup(build) { build.onLoad({ filter: /\.txt$/ }, () => ({ contents: `export default 'LOADED'`, loader: 'js' })) } }
    const plugins: VitePluginLike[] = [
      { name: 'upper', transform: { filter: { id: /\.txt$/ }, handler: (code: string) => code.replace('LOADED', 'loaded by own, transformed') } },
      { name: 'virtual', resolveId: (id: string) => id === 'virtual:where' ? '\0where' : id === 'left-out' ? false : undefined, load: (id: string, options?: { ssr?: boolean }) => id === '\0where' ? `export default ${JSON.stringify(options?.ssr ? 'server' : 'page')}` : undefined },
    ]
    const files = { 'entry.ts': `import text from './note.txt'\nimport where from 'virtual:where'\nimport 'left-out'\nconsole.log(text, where)\n`, 'note.txt': 'raw' }
    const page = await bundle(files, plugins, { own: [own] })
    assert.match(page, /loaded by own, transformed/)
    assert.match(page, /"page"/)
    assert.match(page, /import "left-out"/)
    assert.match(await bundle(files, plugins, { own: [own], ssr: true }), /"server"/)
  })

  test('a plugin given to the page alone is not in a server bundle', async () => {
    const plugin: VitePluginLike = { name: 'page-only', transform: (code: string) => code.replace('WHERE', 'page') }
    assert.match(await bundle({ 'entry.ts': `console.log('WHERE')\n` }, [plugin]), /page/)
    assert.match(await bundle({ 'entry.ts': `console.log('WHERE')\n` }, [plugin], { ssr: true }), /WHERE/)
  })

  test('the warning names what runs and what does not; none when everything runs', () => {
    assert.equal(vitePluginWarning({ name: 'x', transform: () => {}, resolveId: () => {} }), undefined)
    assert.equal(vitePluginWarning({ name: 'x', transform: { handler: () => {} }, config: () => {}, transformIndexHtml: () => {}, handleHotUpdate: () => {} }),
      'The Vite plugin x a module added runs its transform; its config, transformIndexHtml and handleHotUpdate do not run: swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).')
    assert.equal(vitePluginWarning({ name: 'y', configureServer: () => {} }),
      'The Vite plugin y a module added does not run: its configureServer is a hook of Vite\'s alone; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).')
    assert.equal(vitePluginWarning({}), 'The Vite plugin (unnamed) a module added does not run: it has no hooks; swerve builds with esbuild, not Vite (docs/modules.md#vite-plugins).')
  })
})
