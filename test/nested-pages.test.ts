/**
 * Nested pages (docs/routing.md#nested-pages), rendered on the server: the nested fixture's
 * parent renders its children in its `<NuxtPage>`, with its layout, middleware and meta.
 */
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { SwerveServer } from '../runtime/server/types.ts'
import type { BuildResult } from '../build/build.ts'
import { toPageTree } from '../build/page-tree.ts'
import { toPageRoute } from '../build/routes.ts'
import { routeOverrides } from '../build/page-meta.ts'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineComponent } from 'vue'
import { createRouterMatcher, type RouteRecordRaw, type RouterMatcher } from 'vue-router'
import { requestMatcher } from '../runtime/internals/vue-router.ts'
import { buildServer, fixture, request } from './helpers.ts'

const body = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<!--[[\]]?-->/g, '')
const text = (html: string) => body(html).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()

const tree = (files: string[]) => {
  const strip = (nodes: ReturnType<typeof toPageTree>): unknown[] => nodes.map(node => ({
    path: node.path, ...(node.name === undefined ? {} : { name: node.name }), ...(node.children.length ? { children: strip(node.children) } : {}),
  }))
  return strip(toPageTree(files.map(file => toPageRoute(`app/pages/${file}`))))
}

test('a page beside a folder of the same name is the parent of the pages in it, as Nuxt nests them', () => {
  assert.deepEqual(tree(['parent/b.vue', 'parent.vue', 'index.vue', 'parent/index.vue', 'parent/[id].vue', 'parent/[id]/details.vue', 'about.vue', 'users/[id].vue']), [
    { path: '/about', name: 'about' },
    { path: '/', name: 'index' },
    { path: '/parent', children: [
      { path: ':id', name: 'parent-id', children: [{ path: 'details', name: 'parent-id-details' }] },
      { path: 'b', name: 'parent-b' },
      { path: '', name: 'parent' },
    ] },
    { path: '/users/:id', name: 'users-id' },
  ])
  // A folder without a page of its name nests nothing; a group folder is in neither path nor name.
  assert.deepEqual(tree(['shop/index.vue', 'shop/[item].vue', '(marketing)/about.vue', '(marketing)/index.vue']), [
    { path: '/about', name: 'about' },
    { path: '/', name: 'index' },
    { path: '/shop/:item', name: 'shop-item' },
    { path: '/shop', name: 'shop' },
  ])
})

test('a module\'s pages (pages:extend) keep their paths and names, nested where a module put them: in a parent of its own or in a file-based page', () => {
  const fixed = (path: string, name: string, file: string, parent?: { key: string, path: string }) => ({ path, name, file, static: true, segments: [], fixed: true, ...(parent ? { parent } : {}) })
  const pages = [
    fixed('/nest/child', 'nest-child', 'm/child.vue', { key: '/nest m/parent.vue', path: 'child' }),
    fixed('/nest', '', 'm/parent.vue'),
    fixed('/shelf/extra', 'shelf-extra', 'm/extra.vue', { key: '/shelf app/pages/shelf.vue', path: 'extra' }),
    toPageRoute('app/pages/shelf/index.vue'),
    toPageRoute('app/pages/shelf.vue'),
    fixed('/lost', 'lost', 'm/lost.vue', { key: '/gone m/gone.vue', path: 'lost' }),
  ]
  const strip = (nodes: ReturnType<typeof toPageTree>): unknown[] => nodes.map(node => ({ path: node.path, name: node.name, children: strip(node.children) }))
  assert.deepEqual(strip(toPageTree(pages)), [
    { path: '/shelf', name: undefined, children: [{ path: '', name: 'shelf', children: [] }, { path: 'extra', name: 'shelf-extra', children: [] }] },
    { path: '/nest', name: undefined, children: [{ path: 'child', name: 'nest-child', children: [] }] },
    { path: '/lost', name: 'lost', children: [] },
  ])
})

test('definePageMeta\'s route keys are read as literals; any other value fails the build naming the file and key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swerve-page-meta-'))
  const page = (name: string, meta: string) => {
    writeFileSync(join(dir, name), `<script setup lang="ts">\nconst where = '/x'\ndefinePageMeta(${meta})\n</script>\n<template><p /></template>\n`)
    return join(dir, name)
  }
  assert.deepEqual(routeOverrides(page('a.vue', "{ name: 'a', path: `/a`, alias: ['/b', '/c'], redirect: { name: 'home' }, layout: 'x' }")), { name: 'a', path: '/a', alias: ['/b', '/c'], redirect: { name: 'home' } })
  assert.throws(() => routeOverrides(page('b.vue', '{ path: where }')), /b\.vue: definePageMeta's path is read when the routes are made, so it must be a literal/)
  rmSync(dir, { recursive: true, force: true })
})

describe('nested fixture in Node', () => {
  let server: SwerveServer
  let result: BuildResult
  before(async () => {
    ({ server, result } = await buildServer(fixture('nested'), { prerender: false }))
  })
  const page = async (path: string) => text(await (await request(server, path)).text())

  test('the parent renders its index child, a named child, and a param child with its own child', async () => {
    assert.match(await page('/parent'), /Parent clicks 0 parent mounted 0 Parent\/index .*\/parent parent$/)
    assert.match(await page('/parent/b'), /Parent clicks 0 .* Parent\/b .*\/parent\/b parent-b$/)
    assert.match(await page('/parent/7'), /Parent clicks 0 .* Child 7 child mounted 0 \/parent\/7 parent-id$/)
    assert.match(await page('/parent/7/details'), /Parent clicks 0 .* Child 7 child mounted 0 Details of 7 \(stamped \/parent\/7\/details\) details mounted 0 \/parent\/7\/details parent-id-details$/)
  })

  test('each level\'s page loads with its own chunk, and the page preloads all of them', async () => {
    const preloads = async (path: string) => [...(await (await request(server, path)).text()).matchAll(/<link rel="modulepreload" href="\/([^"]+)">/g)].map(m => m[1]!)
    const home = new Set(await preloads('/'))
    const own = (await preloads('/parent/7/details')).filter(file => !home.has(file)).map(file => readFileSync(join(result.publicDir, file), 'utf8'))
    for (const text of ['parent mounted', 'child mounted', 'details mounted']) assert.equal(own.filter(code => code.includes(text)).length, 1, text)
  })

  test('the parent\'s layout, middleware and meta apply to its children; a child\'s own meta wins', async () => {
    const html = body(await (await request(server, '/parent/b')).text())
    assert.match(html, /data-layout="shelf"/)
    assert.match(text(html), /from the parent \/ B title \/ stamped \/parent\/b/)
    assert.match(body(await (await request(server, '/')).text()), /data-layout="default"/)
  })

  test('(group) folders, and definePageMeta name, path, alias and redirect', async () => {
    assert.match(await page('/about'), /About extras \/about about$/)
    assert.equal((await request(server, '/extras/about')).status, 404)
    for (const path of ['/info-page', '/i', '/facts']) assert.match(await page(path), new RegExp(`Info ${path} information$`))
    assert.equal((await request(server, '/info')).status, 404)
    const old = await request(server, '/old', { redirect: 'manual' })
    assert.equal(old.status, 302)
    assert.equal(new URL(old.headers.get('location')!, 'http://x').pathname, '/parent/b')
  })
})

test('the page gets the code of KeepAlive and Transition only in an app whose files ask for them', async () => {
  const clientCode = async (name: string) => {
    const { result } = await buildServer(fixture(name), { prerender: false })
    const dir = join(result.publicDir, '_swerve')
    return readdirSync(dir, { recursive: true }).map(String).filter(file => file.endsWith('.js')).map(file => readFileSync(join(dir, file), 'utf8')).join('\n')
  }
  assert.match(await clientCode('nested'), /page:transition:finish/)
  const plain = await clientCode('minimal')
  assert.doesNotMatch(plain, /page:transition:finish/)
  assert.match(plain, /page:finish/)
})

test('the server\'s shared matcher resolves nested routes as vue-router\'s own matcher does', () => {
  const Page = defineComponent({ render: () => null })
  const routes: RouteRecordRaw[] = [
    { path: '/', name: 'index', component: Page },
    { path: '/parent', component: Page, meta: { level: 'parent', layout: 'shelf' }, children: [
      { path: '', name: 'parent', component: Page },
      { path: 'b', name: 'parent-b', component: Page, meta: { level: 'b' } },
      { path: ':id', name: 'parent-id', component: Page, children: [{ path: 'details', name: 'parent-id-details', component: Page }] },
    ] },
    { path: '/info-page', name: 'information', alias: ['/i'], component: Page },
    { path: '/:slug(.*)*', name: 'slug', component: Page },
  ]
  const current = { path: '/', name: undefined, params: {}, matched: [], meta: {} } as any
  const shape = (resolved: ReturnType<RouterMatcher['resolve']>) => ({ name: resolved.name, params: resolved.params, meta: resolved.meta, matched: resolved.matched.map(record => record.path) })
  for (const path of ['/parent', '/parent/', '/parent/b', '/parent/7', '/parent/7/details', '/PARENT/b', '/i', '/info-page', '/parent/7/details/more', '/nowhere']) {
    assert.deepEqual(shape(requestMatcher(routes).resolve({ path }, current)), shape(createRouterMatcher(routes, {}).resolve({ path }, current)), path)
  }
})
