/** The build: errors with file:line:column, apps outside the repository, output layout. */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from '../build/build.ts'
import { loadConfig } from '../build/config.ts'
import { copyOf, fixture, tempDir, workerCode } from './helpers.ts'

const swerveRoot = fileURLToPath(new URL('..', import.meta.url))
const cli = join(swerveRoot, 'dist/build/cli.mjs')

test('a template error names the .vue file, line and column, and the CLI exits non-zero', () => {
  const run = spawnSync(process.execPath, [cli, 'build', fixture('broken-sfc')], { encoding: 'utf8' })
  assert.notEqual(run.status, 0)
  assert.match(run.stderr + run.stdout, /(^|\s)app\/pages\/index\.vue:7:8: Interpolation end sign was not found/m)
})

test('a syntax error in a server route names the file, line and column, and leaves nothing behind', async () => {
  const outDir = tempDir('swerve-broken-')
  await assert.rejects(
    build(fixture('broken-ts'), { quiet: true, outDir }),
    (error: Error) => {
      assert.match(error.message, /^server\/api\/oops\.ts:5:\d+: Expected ";" but found "\)"/)
      assert.match(error.message, /5 \| \}\)/)
      return true
    },
  )
  // The half-written build is removed; the output it would have replaced stays as it was.
  assert.equal(existsSync(`${outDir}.building`), false)
})

test('an app outside the repository builds with swerve as its only dependency', async () => {
  const app = tempDir('swerve-outside-')
  cpSync(fixture('minimal'), app, { recursive: true })
  mkdirSync(join(app, 'node_modules'))
  symlinkSync(swerveRoot, join(app, 'node_modules/swerve'), 'dir')
  assert.equal(existsSync(join(app, 'node_modules/vue')), false)

  const result = await build(app, { quiet: true })
  assert.deepEqual(result.prerendered, ['/'])
  const html = readFileSync(join(app, '.output/public/index.html'), 'utf8')
  assert.match(html, /<h1>Hello from outside<\/h1>/)
  for (const file of ['sw.js', '404.html', '200.html']) assert.ok(existsSync(join(app, '.output/public', file)), file)

  // The standalone server bundle needs no node_modules: run it from a copy with none beside it.
  const copy = tempDir('swerve-standalone-')
  cpSync(join(app, '.output'), copy, { recursive: true })
  const { createApp } = await import(pathToFileURL(join(copy, 'server/app.mjs')).href)
  const server = createApp({ storage: 'memory' })
  const response = await server.fetch(new Request('http://localhost/api/ping'))
  assert.deepEqual(await response.json(), { pong: true })
  const post = await server.fetch(new Request('http://localhost/api/ping', { method: 'POST' }))
  assert.equal(post.status, 405)

  // …and index.mjs serves it, static files and pipeline, until it is told to stop.
  const port = 20000 + Math.floor(Math.random() * 20000)
  const child = spawn(process.execPath, [join(copy, 'server/index.mjs')], { env: { ...process.env, PORT: String(port), SWERVE_STORAGE: 'memory' }, stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', chunk => String(chunk).includes('listening') && resolve())
      child.on('exit', code => reject(new Error(`index.mjs exited with ${code}`)))
    })
    const page = await fetch(`http://127.0.0.1:${port}/`)
    assert.match(await page.text(), /<h1>Hello from outside<\/h1>/)
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/api/ping`)).json(), { pong: true })
    assert.equal((await fetch(`http://127.0.0.1:${port}/sw.js`)).headers.get('cache-control'), 'no-cache')
  } finally {
    const exited = new Promise(resolve => child.on('exit', resolve))
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
  }
})

test('the same app built in two folders gets the same file names: where a build runs never invalidates what browsers cached', async () => {
  const [a, b] = [copyOf('pwa'), copyOf('pwa')]
  try {
    const files = async (copy: typeof a) => {
      const { publicDir } = await copy.build()
      return readdirSync(join(publicDir, '_swerve'), { recursive: true }).map(String).sort()
    }
    assert.deepEqual(await files(a), await files(b))
  } finally {
    a.remove()
    b.remove()
  }
})

test('a build replaces the output whole: a host serving it never sees half a build', async () => {
  const outDir = tempDir('swerve-swap-')
  await build(fixture('minimal'), { quiet: true, outDir })
  const files = ['public/index.html', 'public/sw.js', 'server/app.mjs']
  writeFileSync(join(outDir, 'public/gone.txt'), 'only in the old build')

  let done = false
  const missing = new Set<string>()
  const rebuilt = build(fixture('minimal'), { quiet: true, outDir }).finally(() => { done = true })
  while (!done) {
    for (const file of files) if (!existsSync(join(outDir, file))) missing.add(file)
    await new Promise(resolve => setImmediate(resolve))
  }
  await rebuilt
  assert.deepEqual([...missing], [])
  assert.ok(!existsSync(join(outDir, 'public/gone.txt')), 'a file the new build does not have is removed')
  for (const file of files) assert.ok(existsSync(join(outDir, file)), file)
  assert.deepEqual(readdirSync(dirname(outDir)).filter(name => name.startsWith(`${basename(outDir)}.`)), [], 'no staging folder is left')
})

test('the output says to skip it to tools that honour .gitignore (git, Tailwind 4\'s source detection), in an app with no .gitignore', async () => {
  const app = copyOf('minimal')
  try {
    spawnSync('git', ['init', '-q'], { cwd: app.root })
    await build(app.root, { quiet: true, outDir: join(app.root, '.output') })
    assert.ok(existsSync(join(app.root, '.output/public/sw.js')))
    const untracked = spawnSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: app.root, encoding: 'utf8' }).stdout
    assert.ok(untracked.includes('app/') || untracked.includes('swerve.config'), untracked)
    assert.deepEqual(untracked.split('\n').filter(line => line.includes('.output')), [])
  } finally {
    app.remove()
  }
})

test("sw.cookies 'auto' bridges cookies when any module the worker bundles reads them, not only entry files", async () => {
  const plain = await build(fixture('minimal'), { quiet: true, outDir: tempDir('swerve-plain-'), prerender: false })
  assert.ok(!workerCode(plain.publicDir).includes('cookieStore'), 'an app without cookies gets no bridge')

  const app = copyOf('minimal').root
  mkdirSync(join(app, 'server/utils'), { recursive: true })
  writeFileSync(join(app, 'server/utils/session.ts'), "import { getCookie, type H3Event } from 'swerve/server'\n\nexport const currentUser = (event: H3Event) => getCookie(event, 'session') ?? 'anonymous'\n")
  writeFileSync(join(app, 'server/api/me.get.ts'), "import { defineHandler } from 'swerve/server'\nimport { currentUser } from '../utils/session.ts'\n\nexport default defineHandler(event => ({ user: currentUser(event) }))\n")
  const withUtil = await build(app, { quiet: true, prerender: false })
  assert.ok(workerCode(withUtil.publicDir).includes('cookieStore'), 'a cookie read in server/utils gets the bridge')
})

test("sw.cookies 'auto': a page that imports swerve's composables, but not useCookie, gets no bridge", async () => {
  const app = copyOf('minimal').root
  writeFileSync(join(app, 'app/pages/index.vue'), "<script setup lang=\"ts\">\nconst { data } = await useFetch('/api/ping')\nuseHead({ title: 'Ping' })\n</script>\n\n<template><h1>{{ data }}</h1></template>\n")
  const result = await build(app, { quiet: true, prerender: false })
  assert.ok(!workerCode(result.publicDir).includes('cookieStore'), 'useCookie is in the barrel the page imports from, not in the bundle')
})

test('swerve.config.ts loads with the TypeScript modules it imports and its own import.meta.url, leaves nothing behind, and a syntax error names file:line', async () => {
  const app = copyOf('minimal').root
  mkdirSync(join(app, 'config'))
  writeFileSync(join(app, 'config/rules.ts'), "import type { RouteRules } from 'swerve/config'\nexport const rules: RouteRules = { '/about': { prerender: true } }\n")
  writeFileSync(join(app, 'swerve.config.ts'), [
    "import { defineConfig } from 'swerve/config'",
    "import { rules } from './config/rules'",
    'export default defineConfig({ routeRules: rules, runtimeConfig: { public: { from: new URL(\'./data\', import.meta.url).pathname } } })',
    '',
  ].join('\n'))
  const config = await loadConfig(app)
  assert.deepEqual(config.routeRules, { '/about': { prerender: true } })
  assert.equal(config.runtimeConfig.public?.from, join(app, 'data'))
  assert.deepEqual(readdirSync(join(app, '.swerve')).filter(name => name.startsWith('config.')), [])

  writeFileSync(join(app, 'swerve.config.ts'), "export default {\n  routeRules: { '/a': { prerender: true } \n")
  await assert.rejects(loadConfig(app), /^BuildError: swerve\.config\.ts:3:\d+: /)
})

test('prerendering renders several pages at once and still follows every crawled link; a bad prerender.concurrency is named', async () => {
  const app = copyOf('minimal').root
  // Each page links only to the next: a pool that stopped when its queue ran dry would miss the tail.
  mkdirSync(join(app, 'app/pages/chain'), { recursive: true })
  writeFileSync(join(app, 'app/pages/chain/[n].vue'), "<script setup lang=\"ts\">\nconst n = Number(useRoute().params.n)\n</script>\n\n<template><p>Link {{ n }} <NuxtLink v-if=\"n < 30\" :to=\"`/chain/${n + 1}`\">next</NuxtLink></p></template>\n")
  writeFileSync(join(app, 'swerve.config.ts'), "export default { prerender: { routes: ['/chain/0'], concurrency: 3 } }\n")
  const result = await build(app, { quiet: true })
  const chain = Array.from({ length: 31 }, (_, n) => `/chain/${n}`)
  assert.deepEqual(result.prerendered.filter(path => path.startsWith('/chain/')).sort(), [...chain].sort())
  for (const path of chain) assert.match(readFileSync(join(result.publicDir, path, 'index.html'), 'utf8'), new RegExp(`Link ${path.slice(7)} `))

  writeFileSync(join(app, 'swerve.config.ts'), "export default { prerender: { concurrency: 0 } }\n")
  await assert.rejects(build(app, { quiet: true }), /swerve.config: prerender.concurrency is how many pages render at once, a whole number from 1, not 0/)
})

test('runtime caching: Workbox only in the worker of an app with rules; a file over sw.precache.maxFileSize is left out with a warning', async () => {
  const [plain, caching] = [copyOf('pwa'), copyOf('caching')]
  try {
    mkdirSync(join(caching.root, 'public'), { recursive: true })
    writeFileSync(join(caching.root, 'public', 'video.bin'), Buffer.alloc(3 * 1024 * 1024))
    const [withoutRules, withRules] = [await plain.build({ prerender: false }), await caching.build({ prerender: false })]
    const worker = (publicDir: string) => readFileSync(join(publicDir, 'sw.js'), 'utf8')
    assert.doesNotMatch(worker(withoutRules.publicDir), /workbox|swerve-runtime/)
    assert.match(worker(withRules.publicDir), /swerve-runtime /)
    assert.deepEqual(withRules.warnings.length, 1)
    assert.match(withRules.warnings[0]!, /^public\/video\.bin \(3(\.\d+)? MB\) is over sw\.precache\.maxFileSize \(2\.0 MB\)/)
    assert.ok(withRules.precache.bytes < 1024 * 1024, `${withRules.precache.bytes} bytes precached`)
  } finally {
    plain.remove()
    caching.remove()
  }
})

test('sw.runtimeCaching that the worker cannot take is a clear config error', async () => {
  const app = copyOf('caching')
  try {
    app.edit('swerve.config.ts', "handler: 'NetworkFirst'", "handler: 'NetworkFast'")
    await assert.rejects(app.build({ prerender: false }), /sw\.runtimeCaching\[1\]\.handler is one of CacheFirst, NetworkFirst, StaleWhileRevalidate, NetworkOnly, CacheOnly, not "NetworkFast"/)
  } finally {
    app.remove()
  }
})
