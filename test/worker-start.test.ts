/**
 * What the worker's host (`sw.js`) makes when it starts: precache keys joined as strings, and
 * the server-route matcher. Both must give what parsing every URL and pattern would.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { inWorkerForm } from '../build/precache.ts'
import { toPathMatcher } from '../runtime/shared/route-pattern.ts'
import type { PrecacheEntry } from '../runtime/virtual/precache.ts'
import { createPrecache } from '../sw/precache.ts'

test('precache keys joined from the build\'s urls are the keys URL parsing gives', () => {
  const entries: PrecacheEntry[] = [
    { url: 'robots.txt', revision: 'c8d02fc7eaacfe8b4870da62b414d080' },
    { url: '_swerve/chunks/[id]-AMB2KRM4.js', revision: null },
    { url: 'notes/welcome/index.html', revision: 'mx6c9kbz' },
    { url: 'images/a b.png', revision: '1' },
    { url: 'fonts/ünï.woff2', revision: null },
    { url: 'already%20encoded.txt', revision: 'a+b~c d' },
    { url: './dot/../flat.txt', revision: null },
  ]
  for (const scope of ['http://127.0.0.1:3000/', 'https://example.com/sub/']) {
    const precache = createPrecache(inWorkerForm(entries), scope, 'v1')
    for (const entry of entries) {
      const url = new URL(entry.url, scope)
      const key = new URL(url)
      if (entry.revision) key.searchParams.set('__swerve_rev', entry.revision)
      assert.equal(precache.match(url), key.href, `${scope} ${entry.url}`)
    }
    assert.equal(precache.match(new URL('missing.txt', scope)), undefined)
  }
})

test('a ? or # in a file name is part of the name', () => {
  assert.deepEqual(inWorkerForm([{ url: 'what?.txt', revision: null }, { url: 'c#.md', revision: null }]).map(e => e.url), ['what%3F.txt', 'c%23.md'])
})

test('server routes match by pattern under the base, with or without a trailing slash', () => {
  const matches = toPathMatcher('/sub/', ['/api/users/:id', '/files/**:path', '/a.b', '/exact', '/exact'])
  for (const path of ['/sub/api/users/1', '/sub/api/users/1/', '/sub/files', '/sub/files/x/y', '/sub/a.b', '/sub/exact', '/sub/exact/']) assert.equal(matches(path), true, path)
  for (const path of ['/api/users/1', '/sub/api/users', '/sub/api/users/1/2', '/sub/aXb', '/sub/exactly', '/subexact', '/sub/filesx']) assert.equal(matches(path), false, path)
  assert.equal(toPathMatcher('/', [])('/anything'), false)
  assert.equal(toPathMatcher('/', ['/'])('/'), true)
})
