/** Nuxt's conventions (docs/conventions.md): the conventions fixture is written as a Nuxt app, with no imports. */
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { BuildResult } from '../build/build.ts'
import { build } from '../build/build.ts'
import { addAutoKeys, keepContextAcrossAwait } from '../build/transforms.ts'
import { extractPageMeta } from '../build/page-meta.ts'
import type { SFCDescriptor } from '@vue/compiler-sfc'
import { componentName, scanApp } from '../build/scan.ts'
import { createAutoImports, segmentOtherThan } from '../build/imports.ts'
import { build as esbuild, type Plugin } from 'esbuild'
import { toPageRoute } from '../build/routes.ts'
import { buildServer, copyOf, fixture, request } from './helpers.ts'

const body = (html: string) => html.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')
const payloadOf = (html: string) => html.match(/id="__SWERVE_DATA__">(.*?)<\/script>/)![1]

describe('conventions fixture in Node', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    ({ server, result } = await buildServer(fixture('conventions')))
  })

  test('layouts: default wraps a page, definePageMeta picks another or none', async () => {
    const home = body(await (await request(server, '/')).text())
    assert.match(home, /data-layout="default"><button data-testid="layout-count">layout 0<\/button><!--\[--><main><h1 data-testid="title">HOME!<\/h1>/)
    assert.match(body(await (await request(server, '/wide')).text()), /data-layout="wide"><!--\[--><main><h1 data-testid="title">Wide</)
    const bare = body(await (await request(server, '/bare')).text())
    assert.doesNotMatch(bare, /data-layout/)
    assert.match(bare, /<h1 data-testid="title">Bare</)
  })

  test('components by path name (base/Button.vue → <BaseButton>, counter/index.vue → <Counter>), Lazy ones too', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<button class="base-button" data-testid="base-button">Press<\/button>/)
    assert.match(html, /<button data-testid="counter">count 0<\/button>/)
    assert.match(html, /<figure data-testid="heavy-chart">chart<\/figure>/)
  })

  test('auto-imports: Vue, swerve/app, composables/, utils/ in pages; h3 and server/utils/ in routes', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /data-testid="title">HOME!</)
    assert.match(html, /data-testid="hello">Hello, conventions</)
    assert.deepEqual(await (await request(server, '/api/hello', { headers: { accept: 'application/json' } })).json(), { message: 'Hello, conventions' })
  })

  test('useState, useAsyncData and callOnce without a key get one of their own', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /data-testid="visits">42</)
    assert.match(html, /data-testid="keyless">42</)
    assert.match(payloadOf(html), /\$swerve:/)
  })

  test('an app plugin that awaits still finds the app after the await (useState, provide, callOnce)', async () => {
    const payload = payloadOf(await (await request(server, '/')).text())
    assert.match(payload, /"plugin-ready"/)
    assert.match(payload, /"once"/)
    assert.match(payload, /"plugin-once"/)
  })

  test('useAppConfig reads app.config.ts; useRequestURL and useRequestHeaders read the request', async () => {
    const html = await (await request(server, '/', { headers: { accept: 'text/html', 'x-probe': 'p1' } })).text()
    assert.match(html, /data-testid="app-title">Conventions</)
    assert.match(html, /data-testid="url">\/</)
    assert.match(html, /data-testid="probe">p1</)
    assert.match(await (await request(server, '/')).text(), /data-testid="probe">none</)
  })

  test('useCookie reads the request cookie, with its default when there is none', async () => {
    assert.match(await (await request(server, '/', { headers: { accept: 'text/html', cookie: 'theme=dark' } })).text(), /data-testid="theme">dark</)
    assert.match(await (await request(server, '/')).text(), /data-testid="theme">light</)
  })

  test('<ClientOnly> renders #fallback on the server; <Title> and useSeoMeta reach the head', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /data-testid="client-fallback">on the server</)
    assert.doesNotMatch(html, /data-testid="client-only"/)
    assert.match(html, /<title>Home · conventions<\/title>/)
    assert.match(html, /<meta name="description" content="The conventions fixture">/)
  })

  test('<NuxtLink> links pages with RouterLink, external URLs as a plain <a rel="noopener noreferrer">', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<a href="\/wide" class="" data-testid="nav-wide">Wide<\/a>/)
    assert.match(html, /<a data-testid="nav-external" href="https:\/\/example.com\/docs" rel="noopener noreferrer">Docs<\/a>/)
  })

  test('route middleware: a returned path answers 302, false answers 404', async () => {
    const away = await request(server, '/guarded?go=away')
    assert.equal(away.status, 302)
    assert.equal(away.headers.get('location'), '/wide')
    assert.equal((await request(server, '/guarded?go=nowhere')).status, 404)
    assert.equal((await request(server, '/guarded')).status, 200)
  })

  test('addRouteMiddleware from a plugin, setPageLayout from route middleware, <NuxtLoadingIndicator>', async () => {
    const late = await request(server, '/late?late=redirect')
    assert.equal(late.status, 302)
    assert.equal(late.headers.get('location'), '/bare')
    assert.match(await (await request(server, '/late')).text(), /data-testid="title">Late</)
    assert.match(await (await request(server, '/?layout=wide')).text(), /data-layout="wide"><!--\[--><main><h1 data-testid="title">HOME!/)
    assert.match(await (await request(server, '/')).text(), /<div class="swerve-loading-indicator"/)
  })

  test('pages/users/[user-id].vue is /users/:userid', async () => {
    assert.match(await (await request(server, '/users/7')).text(), /data-testid="title">User 7</)
  })

  test('useFetch with a URL getter renders its first URL; eventHandler (h3) is auto-imported in server code', async () => {
    assert.match(await (await request(server, '/search')).text(), /data-testid="echo">first</)
  })

  test('useLazyFetch still renders its data on the server', async () => {
    assert.match(await (await request(server, '/other')).text(), /data-testid="slow">done</)
  })

  test('.swerve/types declares the auto-imports and the components', () => {
    const types = readFileSync(join(result.config.root, '.swerve/types/imports.d.ts'), 'utf8')
    assert.match(types, /const useCounter: typeof import\("\.\.\/\.\.\/app\/composables\/useCounter"\)\["useCounter"\]/)
    assert.match(types, /const greeting: typeof import\("\.\.\/\.\.\/server\/utils\/greeting"\)\["greeting"\]/)
    assert.match(types, /const ref: typeof import\("vue"\)\["ref"\]/)
    assert.match(types, /BaseButton: typeof import\("\.\.\/\.\.\/app\/components\/base\/Button\.vue"\)\['default'\]/)
    assert.match(types, /NuxtLink: typeof import\('swerve\/app'\)\['SwerveLink'\]/)
  })
})

describe('a Nuxt 3 app: root-level folders, nuxt.config.ts, app.vue without pages/', () => {
  let server: SwerveServer
  let result: BuildResult
  const warnings: string[] = []
  before(async () => {
    const { consola } = await import('consola')
    const reporter = { log: (entry: { type: string, args: unknown[] }) => { if (entry.type === 'warn') warnings.push(entry.args.join(' ')) } }
    consola.addReporter(reporter)
    try {
      ({ server, result } = await buildServer(fixture('nuxt3')))
    } finally {
      consola.removeReporter(reporter)
    }
  })

  test('app.vue renders for every path; components/, ~/ and #imports/#app resolve from the root', async () => {
    for (const path of ['/', '/any/path/at/all']) {
      const response = await request(server, path)
      assert.equal(response.status, 200, path)
      const html = await response.text()
      assert.match(html, new RegExp(`data-testid="path">${path}<`))
      assert.match(html, /data-testid="greeting">every path</)
      assert.match(html, /data-testid="component">from components\/</)
      assert.match(html, /data-testid="provided">HI!</)
    }
    assert.deepEqual(await (await request(server, '/api/ping', { headers: { accept: 'application/json' } })).json(), { pong: true })
  })

  test('nuxt.config.ts: app.head, css and runtimeConfig apply; useRuntimeConfig().public and useNuxtApp().$config as in Nuxt', async () => {
    const html = await (await request(server, '/')).text()
    assert.match(html, /<html lang="en">/)
    assert.match(html, /<title>Nuxt 3 layout<\/title>/)
    assert.match(html, /<link rel="stylesheet" href="\/_swerve\/entry-\w+\.css">/)
    assert.match(html, /data-testid="api-base">\/api \/api</)
    assert.doesNotMatch(html, /server-only/)
    const css = readFileSync(join(result.publicDir, html.match(/href="\/(_swerve\/entry-\w+\.css)"/)![1]), 'utf8')
    assert.match(css, /\.greeting\{color:#639\}/)
  })

  test('keys swerve does not use are named in one warning; compatibilityDate and devtools are not', () => {
    const named = warnings.filter(w => /nuxt\.config/.test(w))
    assert.equal(named.length, 1)
    assert.match(named[0], /swerve does not use experimental/)
    assert.doesNotMatch(named[0], /compatibilityDate|devtools/)
  })
})

describe('conventions at build time', () => {
  test('component names: folders prefix the file name without repeating it', () => {
    assert.equal(componentName('base/Button.vue'), 'BaseButton')
    assert.equal(componentName('base/BaseButton.vue'), 'BaseButton')
    assert.equal(componentName('form/input/index.vue'), 'FormInput')
    assert.equal(componentName('app-header.vue'), 'AppHeader')
  })

  test('page params keep word characters, [[x]] is optional, text after a param is kept apart', () => {
    assert.equal(toPageRoute('app/pages/users/[user-id].vue').path, '/users/:userid')
    assert.equal(toPageRoute('app/pages/[[lang]]/about.vue').path, '/:lang?/about')
    assert.equal(toPageRoute('app/pages/price_[nid]_[sid].vue').path, '/price_:nid()_:sid')
  })

  test('keys are appended to calls that may leave them out, never to members or definitions', () => {
    const code = 'const a = useState(() => 1)\nconst b = useAsyncData("x", () => f(1))\nfoo.useState(1)\nfunction useState(x) {}\ncallOnce()'
    const keyed = addAutoKeys(code, 'app/pages/a.vue')
    assert.match(keyed, /useState\(\(\) => 1, "\$swerve:[\w-]{10}"\)/)
    assert.match(keyed, /useAsyncData\("x", \(\) => f\(1\), "\$swerve:[\w-]{10}"\)/)
    assert.match(keyed, /foo\.useState\(1\)\n/)
    assert.match(keyed, /function useState\(x\) \{\}/)
    assert.match(keyed, /callOnce\("\$swerve:[\w-]{10}"\)/)
    assert.equal(addAutoKeys(code, 'app/pages/a.vue'), keyed)
    assert.notEqual(addAutoKeys(code, 'app/pages/b.vue'), keyed)
  })

  test('a regular expression with a quote, a slash or a bracket in it is not read as a string, a comment or a paren', () => {
    const code = [
      "const a = useAsyncData(() => f().replace(/'/g, ''))",
      'const b = useState(() => x.split(/["(]/).length / 2)',
      'const c = useState(() => [/[/)]/.test(y), a / b / c])',
      'const d = useState(() => typeof /x/ === "object" ? 1 : 2)',
    ].join('\n')
    const keyed = addAutoKeys(code, 'app/pages/a.vue')
    const lines = keyed.split('\n')
    assert.match(lines[0]!, /^const a = useAsyncData\(\(\) => f\(\)\.replace\(\/'\/g, ''\), "\$swerve:[\w-]{10}"\)$/)
    assert.match(lines[1]!, /^const b = useState\(\(\) => x\.split\(\/\["\(\]\/\)\.length \/ 2, "\$swerve:[\w-]{10}"\)$/)
    assert.match(lines[2]!, /^const c = useState\(\(\) => \[\/\[\/\)\]\/\.test\(y\), a \/ b \/ c\], "\$swerve:[\w-]{10}"\)$/)
    assert.match(lines[3]!, /^const d = useState\(\(\) => typeof \/x\/ === "object" \? 1 : 2, "\$swerve:[\w-]{10}"\)$/)
    // A template literal's placeholders are code: a backtick or a paren in one nests.
    const template = 'const e = useState(() => `a${f(`)` + "}")}b${[1].map(n => `${n})`)}`)'
    assert.match(addAutoKeys(template, 'app/pages/a.vue'), /^const e = useState\(\(\) => `a\$\{f\(`\)` \+ "\}"\)\}b\$\{\[1\]\.map\(n => `\$\{n\}\)`\)\}`, "\$swerve:[\w-]{10}"\)$/)
    // definePageMeta's argument is found the same way.
    const meta = "definePageMeta({ validate: route => /^[\\w)']+$/.test(String(route.params.id)) })\nconst later = 1"
    assert.equal(extractPageMeta({ scriptSetup: { content: meta } } as SFCDescriptor), "({ validate: route => /^[\\w)']+$/.test(String(route.params.id)) })")
  })

  test('a comment left open inside a keyed call leaves the code as it is, for the parser to name', () => {
    const code = 'const a = useState(() => 1 /* never closed'
    assert.equal(addAutoKeys(code, 'app/composables/a.ts'), code)
  })

  test('awaits in a plugin or middleware keep the app; nested functions are left alone', () => {
    const code = 'export default defineNuxtPlugin(async () => { const a = await f(); const g = async () => { await h() }; return a })'
    const kept = keepContextAcrossAwait(code)!
    assert.match(kept, /^import \{ executeAsync as __swerveExecuteAsync \} from "swerve\/app";/)
    assert.match(kept, /const a = \(\(\[__swerveTemp, __swerveRestore\] = __swerveExecuteAsync\(\(\) => f\(\)\)\), __swerveTemp = await __swerveTemp, __swerveRestore\(\), __swerveTemp\)/)
    assert.match(kept, /const g = async \(\) => \{ await h\(\) \}/)
    assert.equal(keepContextAcrossAwait('export default defineNuxtPlugin(() => {})'), undefined)
  })

  test('esbuild calls the auto-import plugin for the app\'s scripts only: not for node_modules or files outside the root', async () => {
    const segment = new RegExp(`^${segmentOtherThan('node_modules')}$`)
    assert.equal(segment.test('node_modules'), false)
    for (const other of ['app', 'node_module', 'node_modules2', 'xode_modules', 'nodemmodules']) assert.ok(segment.test(other), other)
    const app = copyOf('conventions')
    const root = realpathSync(app.root)
    const outside = `${root}-outside.ts`
    mkdirSync(join(root, 'node_modules/dep'), { recursive: true })
    writeFileSync(join(root, 'node_modules/dep/index.js'), 'export const dep = 1\n')
    writeFileSync(outside, 'export const outside = 2\n')
    writeFileSync(join(root, 'entry.ts'), `import { dep } from 'dep'\nimport { outside } from ${JSON.stringify(outside)}\nimport './app/utils/format.ts'\nconsole.log(dep, outside)\n`)
    const { scripts } = await createAutoImports(scanApp(root), { enabled: true })
    const called: string[] = []
    const seen: Plugin = {
      name: 'seen',
      setup: build => build.onLoad({ filter: scripts }, (args) => {
        called.push(relative(root, args.path))
        return undefined
      }),
    }
    // esbuild runs the filter as a Go regular expression: it must take it and match the same files.
    try {
      await esbuild({ entryPoints: [join(root, 'entry.ts')], bundle: true, write: false, logLevel: 'silent', plugins: [seen] })
    } finally {
      rmSync(outside)
      app.remove()
    }
    assert.deepEqual(called.sort(), ['app/utils/format.ts', 'entry.ts'])
  })

  test('an unknown component is a build error naming file:line', async () => {
    const app = copyOf('conventions')
    try {
      app.edit('app/pages/wide.vue', '<main>', '<main><FancyWidget />')
      await assert.rejects(app.build({ prerender: false }), (error: Error) => {
        assert.match(error.message, /app\/pages\/wide\.vue:6:\d+: Unknown component <FancyWidget>/)
        return true
      })
    } finally {
      app.remove()
    }
  })

  test('a comment left open in definePageMeta or a keyed call is a build error naming file:line', async () => {
    const app = copyOf('conventions')
    try {
      app.edit('app/pages/bare.vue', '{ layout: false }', '{ layout: false /* never closed')
      await assert.rejects(app.build({ prerender: false }), /app\/pages\/bare\.vue:2:\d+: .*(comment|Unterminated)/i)
      app.edit('app/pages/bare.vue', '{ layout: false /* never closed', '{ layout: false }')
      app.edit('app/composables/useCounter.ts', '() => 0)', '() => 0 /* never closed')
      // esbuild names the end of the file, where the comment should have closed.
      await assert.rejects(app.build({ prerender: false }), /app\/composables\/useCounter\.ts:\d+:\d+: Expected "\*\/" to terminate multi-line comment/)
    } finally {
      app.remove()
    }
  })

  test('a composable nobody provides is a build error naming file:line, in app and in server code', async () => {
    const app = copyOf('conventions')
    try {
      app.edit('app/components/counter/index.vue', 'useCounter()', 'useCountr()')
      await assert.rejects(app.build({ prerender: false }), /app\/components\/counter\/index\.vue:2:\d+: useCountr is not defined/)
      app.edit('app/components/counter/index.vue', 'useCountr()', 'useCounter()')
      writeFileSync(join(app.root, 'server/api/todo.ts'), 'export default defineEventHandler(() => useTodo())\n')
      await assert.rejects(app.build({ prerender: false }), /server\/api\/todo\.ts:1:\d+: useTodo is not defined: .*server\/utils/)
    } finally {
      app.remove()
    }
  })

  test('a page whose data fails while prerendering is not written: it renders on request, and the build says why', async () => {
    const app = copyOf('conventions')
    const warnings: string[] = []
    const { consola } = await import('consola')
    const reporter = { log: (entry: { type: string, args: unknown[] }) => { if (entry.type === 'warn') warnings.push(entry.args.join(' ')) } }
    consola.addReporter(reporter)
    try {
      const result = await build(app.root, {})
      assert.ok(result.prerendered.includes('/wide'))
      assert.ok(!result.prerendered.includes('/external'))
      assert.ok(!existsSync(join(result.publicDir, 'external/index.html')))
      assert.match(warnings.join('\n'), /Prerender \/external skipped \(rendered on request instead\): data "fetch:GET:http:\/\/127\.0\.0\.1:9\/unreachable:{}": 500/)
    } finally {
      consola.removeReporter(reporter)
      app.remove()
    }
  })

  test('imports: false leaves identifiers alone: the app must import what it uses', async () => {
    const app = copyOf('conventions')
    try {
      writeFileSync(join(app.root, 'swerve.config.ts'), 'export default { imports: false }\n')
      // app.config.ts runs first when the server loads: its defineAppConfig is no longer imported.
      await assert.rejects(buildServer(app.root), /defineAppConfig is not defined/)
    } finally {
      app.remove()
    }
  })
})
