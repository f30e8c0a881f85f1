/** docs/architecture.md: dependencies point one way, and each folder uses only what its host has. */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { listFiles } from '../build/scan.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

function sources(dir: string): { file: string, code: string }[] {
  return listFiles(root, dir, /\.ts$/).map(file => ({
    file,
    // Comments may name anything.
    code: readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1'),
  }))
}

function offenders(dir: string, pattern: RegExp): string[] {
  return sources(dir).filter(({ code }) => pattern.test(code)).map(({ file, code }) => `${file}: ${code.match(pattern)![0]}`)
}

test('runtime/ uses web-standard APIs only: no node:, no DOM, no self/window', () => {
  assert.deepEqual(offenders('runtime', /from ['"]node:|\bimport\(['"]node:|\b(window|document|self|navigator|localStorage)\b\s*[.[]/), [])
})

test('runtime/ reaches no page global through a cast of globalThis: the page is client/page.ts, handed to the app (runtime/app/page.ts)', () => {
  assert.deepEqual(offenders('runtime', /globalThis as unknown as|\(?globalThis as [^;]*\b(document|location|window|open|IntersectionObserver|requestIdleCallback|sessionStorage|localStorage|navigator)\b/), [])
})

test('runtime/ imports none of sw/, client/, build/ or presets/', () => {
  assert.deepEqual(offenders('runtime', /from ['"](\.\.\/)+(sw|client|build|presets)\//), [])
})

test('the worker and Cloudflare presets import no node: module and use no DOM globals', () => {
  assert.deepEqual([...offenders('presets/sw', /from ['"]node:|\b(window|document)\b\s*[.[]/), ...offenders('presets/cloudflare', /from ['"]node:|\b(window|document)\b\s*[.[]/)], [])
})

test('client/ and sw/ import no node: module', () => {
  assert.deepEqual([...offenders('client', /from ['"]node:/), ...offenders('sw', /from ['"]node:/)], [])
})

test('sw/ uses no DOM globals', () => {
  assert.deepEqual(offenders('sw', /\b(window|document)\b\s*[.[]/), [])
})
