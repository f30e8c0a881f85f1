/** `swerve preview` / the standalone server: what a static host would send, with the right caching. */
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { after, before, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { build } from '../build/build.ts'
import { createHandler, listen } from '../presets/node/serve.ts'
import type { BuildResult } from '../build/build.ts'
import { buildServer, fixture, tempDir } from './helpers.ts'

let origin = ''
let result: BuildResult
let close = () => {}

before(async () => {
  ({ result } = await buildServer(fixture('minimal'), { prerender: true }))
  const server = await listen(createHandler({ publicDir: join(result.config.outDir, 'public'), base: '/' }))
  origin = server.origin
  close = () => void server.close()
})
after(() => close())

test('sw.js is no-cache; hashed assets are immutable', async () => {
  const sw = await fetch(`${origin}/sw.js`)
  assert.equal(sw.headers.get('cache-control'), 'no-cache')
  assert.match(sw.headers.get('content-type')!, /javascript/)
  const html = await (await fetch(`${origin}/`)).text()
  const entry = html.match(/src="(\/_swerve\/entry-\w+\.js)"/)![1]
  const asset = await fetch(origin + entry)
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable')
})

test('a path that was not prerendered gets 404.html, as on GitHub Pages', async () => {
  const response = await fetch(`${origin}/nothing/here`)
  assert.equal(response.status, 404)
  assert.match(await response.text(), /"fallback"/)
})

test('paths cannot escape the public folder', async () => {
  const response = await fetch(`${origin}/%2e%2e/server/app.mjs`)
  assert.notEqual(response.status, 200)
})

/** A raw request's answer head (fetch would send neither a bad Host nor TRACE). */
function rawRequest(origin: string, { method = 'POST', path = '/anything', host = new URL(origin).host } = {}): Promise<string> {
  const { port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.on('data', (chunk) => { data += chunk })
    socket.on('end', () => resolve(data.split('\r\n\r\n')[0]))
    socket.on('error', reject)
  })
}
const statusWithHost = async (origin: string, host: string) => (await rawRequest(origin, { host })).split('\r\n')[0]

test('TRACE and other methods swerve does not answer are a 405 with Allow, before any file or handler', async () => {
  const seen: string[] = []
  const server = await listen(createHandler({ publicDir: join(result.config.outDir, 'public'), base: '/', fetch: async (request) => { seen.push(request.method); return new Response('app') } }))
  try {
    for (const method of ['TRACE', 'PROPFIND', 'PURGE', 'LINK']) {
      for (const path of ['/', '/api/notes', '/sw.js']) {
        const head = await rawRequest(server.origin, { method, path })
        assert.match(head, /^HTTP\/1\.1 405/, `${method} ${path}`)
        assert.match(head, /\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/i, `${method} ${path}`)
      }
    }
    // Node's parser itself refuses methods it does not know.
    for (const method of ['TRACK', 'BREW']) assert.match(await rawRequest(server.origin, { method }), /^HTTP\/1\.1 400/, method)
    assert.match(await rawRequest(server.origin, { method: 'OPTIONS' }), /^HTTP\/1\.1 200/)
  } finally {
    await server.close()
  }
  assert.deepEqual(seen, ['OPTIONS'])
})

test('static files, 404.html and the Host 400 say nosniff and strict-origin-when-cross-origin', async () => {
  for (const response of [await fetch(`${origin}/sw.js`), await fetch(`${origin}/nothing/here`), await fetch(`${origin}/`)]) {
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', response.url)
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', response.url)
  }
  assert.match(await rawRequest(origin, { host: 'user@evil' }), /\r\nx-content-type-options: nosniff\r\n/i)
})

test('a Host that is not hostname[:port] is a 400 and never reaches the app', async () => {
  const seen: string[] = []
  const server = await listen(createHandler({ base: '/', fetch: async (request) => { seen.push(request.url); return new Response('app') } }))
  try {
    for (const host of ['x/api/notes?', 'user@evil', 'evil\\x', 'a:b:c', 'host:99999']) {
      assert.match(await statusWithHost(server.origin, host), /^HTTP\/1\.1 400/, host)
    }
    for (const host of ['example.test:8080', 'localhost', '[::1]:3000']) {
      assert.match(await statusWithHost(server.origin, host), /^HTTP\/1\.1 200/, host)
    }
  } finally {
    await server.close()
  }
  assert.deepEqual(seen, ['http://example.test:8080/anything', 'http://localhost/anything', 'http://[::1]:3000/anything'])
})

/** The usual ways to spell a step out of a folder, each aimed at a file beside `public/`. */
const TRAVERSALS = [
  '/../public-secret/s.txt', '/..%2fpublic-secret/s.txt', '/..%2Fpublic-secret/s.txt', '/%2e%2e/public-secret/s.txt',
  '/%2e%2e%2fpublic-secret/s.txt', '/%2E%2E%2Fpublic-secret/s.txt', '/..%5cpublic-secret/s.txt', '/..\\public-secret/s.txt',
  '/%2e%2e%5cpublic-secret/s.txt', '/..%252fpublic-secret/s.txt', '/%252e%252e/public-secret/s.txt', '/..%c0%afpublic-secret/s.txt',
  '/..%c1%9cpublic-secret/s.txt', '/.%2e/public-secret/s.txt', '/%2e./public-secret/s.txt', '/./../public-secret/s.txt',
  '/_swerve/../../public-secret/s.txt', '/_swerve/..%2f..%2fpublic-secret/s.txt', '/..;/public-secret/s.txt', '/..%00/public-secret/s.txt',
  '/%00../public-secret/s.txt', '/....//public-secret/s.txt', '/..%2f..%2f..%2fetc/passwd',
]

test('no traversal encoding reaches a file outside the public folder', async () => {
  const secretDir = join(result.config.outDir, 'public-secret')
  mkdirSync(secretDir, { recursive: true })
  writeFileSync(join(secretDir, 's.txt'), 'secret-beside-public')
  const served: string[] = []
  for (const path of TRAVERSALS) {
    const answer = await new Promise<string>((resolve, reject) => {
      // Raw, so the path reaches the server exactly as written (fetch would normalise it).
      const socket = connect(Number(new URL(origin).port), '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`))
      let data = ''
      socket.on('data', (chunk) => { data += chunk })
      socket.on('end', () => resolve(data))
      socket.on('error', reject)
    })
    if (answer.includes('secret-beside-public') || answer.includes('root:')) served.push(path)
  }
  assert.equal(TRAVERSALS.length, 23)
  assert.deepEqual(served, [])
})

test('csp: { nonce: true }: every HTML answer has a fresh nonce on each of swerve\'s scripts and styles, and the policy; prerendered pages too', async () => {
  const app = tempDir('swerve-csp-')
  cpSync(fixture('minimal'), app, { recursive: true, filter: path => !/\/(\.output|\.swerve)(\/|$)/.test(path) })
  writeFileSync(join(app, 'swerve.config.ts'), "import { defineConfig } from 'swerve/config'\n\nexport default defineConfig({ csp: { nonce: true }, app: { head: { script: [{ src: '/extra.js' }], style: [{ textContent: 'body{margin:0}' }] } } })\n")
  writeFileSync(join(app, 'app/pages/raw.vue'), `<template><main><h1>Raw</h1><div v-html="'<script>alert(1)</' + 'script><style>x{}</style>'" /></main></template>\n`)
  const built = await build(app, { quiet: true })
  const { createApp } = await import(pathToFileURL(join(built.serverDir, 'app.mjs')).href)
  const server = createApp({ storage: 'memory' })
  const host = await listen(createHandler({ publicDir: built.publicDir, base: '/', cspNonce: true, prerendered: () => true, fetch: request => server.fetch(request) }))
  try {
    const nonces = new Set<string>()
    // Prerendered files from the static handler, and renders straight from the pipeline.
    const answers = [['/', 'file'], ['/', 'file'], ['/raw', 'file'], ['/raw', 'render'], ['/raw', 'render']] as const
    for (const [path, how] of answers) {
      const response = how === 'file' ? await fetch(host.origin + path) : await server.fetch(new Request(`http://localhost${path}`, { headers: { accept: 'text/html' } }))
      assert.equal(response.status, 200, path)
      const policy = response.headers.get('content-security-policy') ?? ''
      const nonce = policy.match(/script-src 'nonce-([\w+/=]+)' 'strict-dynamic'/)?.[1]
      assert.ok(nonce, `${path}: a policy with a nonce`)
      assert.match(policy, new RegExp(`style-src 'self' 'nonce-${nonce!.replace(/[+/=]/g, '\\$&')}'`))
      nonces.add(nonce!)
      const html = await response.text()
      const head = html.slice(0, html.indexOf('<div id="app">'))
      for (const tag of head.match(/<(script|style|link rel="(?:stylesheet|modulepreload)")[^>]*>/g) ?? []) assert.ok(tag.includes(`nonce="${nonce}"`), `${path}: ${tag}`)
      assert.ok(html.includes(`<script type="application/json" id="__SWERVE_DATA__" nonce="${nonce}">`), `${path}: the payload`)
      assert.equal(html.split(`nonce="${nonce}"`).length - 1, (html.match(/\snonce="/g) ?? []).length, `${path}: one nonce throughout`)
      if (path === '/raw') assert.match(html, /<script>alert\(1\)<\/script><style>x\{\}<\/style>/, 'the app\'s own markup gets none')
    }
    assert.equal(nonces.size, answers.length, 'each answer its own nonce')
  } finally {
    await host.close()
  }
})

test('a page left to the pipeline leaves no file open behind it', async () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const warnings: string[] = []
  const onWarning = (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.name)
  process.on('warning', onWarning)
  const handler = createHandler({ publicDir: join(result.config.outDir, 'public'), base: '/', fetch: async () => new Response('rendered') })
  try {
    for (let i = 0; i < 20; i++) assert.equal(await (await handler(new Request('http://localhost/', { headers: { host: 'localhost' } }))).text(), 'rendered')
    gc()
    await new Promise(resolve => setTimeout(resolve, 200))
  } finally {
    process.off('warning', onWarning)
  }
  assert.deepEqual(warnings.filter(code => code === 'DEP0137'), [], 'no FileHandle closed by the garbage collector')
})
