/** `swerve preview` / the standalone server: what a static host would send, with the right caching. */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createHandler, listen } from '../presets/node/serve.ts'
import type { BuildResult } from '../build/build.ts'
import { buildServer, fixture } from './helpers.ts'

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

/** The status line of a raw request with this Host header (fetch would not send a bad one). */
function statusWithHost(origin: string, host: string): Promise<string> {
  const { port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`POST /anything HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.on('data', (chunk) => { data += chunk })
    socket.on('end', () => resolve(data.split('\r\n')[0]))
    socket.on('error', reject)
  })
}

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
