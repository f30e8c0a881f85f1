/**
 * The build's missing-name check reads code, not text (docs/conventions.md): a `useX()`
 * that only a comment, a string, a template's text or a regular expression spells never
 * fails a build; a real call that nothing provides does, naming the file and line of the call.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { build } from '../build/build.ts'
import { request, tempDir } from './helpers.ts'
import { pathToFileURL } from 'node:url'

function writeApp(files: Record<string, string>): string {
  const root = tempDir('swerve-names-')
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  return root
}

/** Each kind of text that spells a call without making one; every name here is defined nowhere. */
const TEXT_PAGE = `<script setup lang="ts">
// 1. a line comment: useLineComment()
/* 2. a block comment: useBlockComment() */
/**
 * 3. a doc comment: @example useDocComment()
 */
const single = 'useSingleQuoted()' // 4
const double = "useDoubleQuoted()" // 5
const template = \`useTemplateText() \${single.length}\` // 6
const pattern = /useRegExp\\(\\)/ // 7
const api = { useMethodShorthand() { return 8 } } // 8: a method, defined here
const member = api.useMethodShorthand() // 9: a member call
type Shape = { useInAType(): void } // 10: a type
const keyed = { 'useObjectKey()': double } // 11: a key
const text = [single, double, template, pattern.source, member, Object.keys(keyed)[0]].join(' ')
</script>

<template>
  <!-- 12. a template comment: useTemplateComment() -->
  <p title="useStaticAttribute()">13. template text: useTemplateTextNode() {{ text }}</p>
</template>
`

const TEXT_ROUTE = `// Not like useThing(event): a line comment in server code.
/* nor useOtherThing() */
export default defineEventHandler(() => ({ said: 'useInAString()' }))
`

const TEXT_TSX = `import { defineComponent } from 'vue'
// 14. JSX text and a JSX attribute
export default defineComponent(() => () => <span data-x="useJsxAttribute()">useJsxText()</span>)
`

describe('the missing-name check reads code', () => {
  test('names spelled in comments, strings, template literals, regular expressions, types, keys, template comments and text, and JSX text never fail a build', async () => {
    const root = writeApp({
      'app/pages/index.vue': TEXT_PAGE,
      'app/components/Jsx.tsx': TEXT_TSX,
      'app/pages/jsx.vue': '<template><Jsx /></template>\n',
      'server/api/text.ts': TEXT_ROUTE,
    })
    const result = await build(root, { outDir: join(root, '.output'), quiet: true, prerender: false })
    const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
    const server = createApp({ storage: 'memory' })
    const html = await (await request(server, '/')).text()
    assert.match(html, /useSingleQuoted\(\) useDoubleQuoted\(\) useTemplateText\(\) 17 useRegExp\\\(\\\) 8 useObjectKey\(\)/)
    assert.match(await (await request(server, '/jsx')).text(), /<span data-x="useJsxAttribute\(\)">useJsxText\(\)<\/span>/)
    assert.deepEqual(await (await request(server, '/api/text', { headers: { accept: 'application/json' } })).json(), { said: 'useInAString()' })
  })

  test('a real call nobody provides fails the build at its own line, past a comment that names it first', async () => {
    const page = writeApp({ 'app/pages/index.vue': '<script setup lang="ts">\n// useMagic() one day\nconst a = 1\nconst b = useMagic(a)\n</script>\n<template><p>{{ b }}</p></template>\n' })
    await assert.rejects(build(page, { outDir: join(page, '.output'), quiet: true, prerender: false }), /app\/pages\/index\.vue:4:11: useMagic is not defined/)
    const route = writeApp({ 'server/api/x.ts': "/* useThing() here */\nconst label = 'useThing()'\nexport default defineEventHandler(event => useThing(event))\n" })
    await assert.rejects(build(route, { outDir: join(route, '.output'), quiet: true, prerender: false }), /server\/api\/x\.ts:3:44: useThing is not defined: .*server\/utils/)
    const tsx = writeApp({ 'app/components/Late.tsx': "// useLater()\nexport default () => <p>{useLater()}</p>\n", 'app/pages/index.vue': '<template><Late /></template>\n' })
    await assert.rejects(build(tsx, { outDir: join(tsx, '.output'), quiet: true, prerender: false }), /app\/components\/Late\.tsx:2:26: useLater is not defined/)
  })
})
