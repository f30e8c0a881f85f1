/**
 * Every repository path a doc or a code comment names exists: docs/*.md, README.md, and the
 * comments of the project's own source (a path such as `runtime/server/app.ts`).
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

const ROOT = join(import.meta.dirname, '..')
const TOP = ['runtime', 'sw', 'client', 'build', 'presets', 'playwright', 'test', 'e2e', 'docs', 'bench', 'engines', 'scripts', 'types', 'demo']
const SOURCE_DIRS = ['runtime', 'sw', 'client', 'build', 'presets', 'playwright', 'bench', 'engines', 'scripts', 'types', 'test', 'e2e']
/** A repository path with an extension: `runtime/server/app.ts`, `docs/sync.md`, `scripts/ensure-redis.sh`. */
const PATH = new RegExp(`(?<![\\w./@-])(?:${TOP.join('|')})/[\\w./-]+\\.(?:ts|md|sh|json|vue|js|mjs|css)\\b`, 'g')

function filesUnder(dir: string, ext: RegExp): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path, ext))
    else if (ext.test(name)) out.push(path)
  }
  return out
}

/** The comment lines of a source file: `//`, and the inside of `/* … *\/` blocks. */
function commentsOf(text: string): string {
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|(?<![:'"`\w])\/\/.*$/gm)].map(match => match[0]).join('\n')
}

function missingIn(file: string, text: string): string[] {
  return [...new Set(text.match(PATH) ?? [])].filter(path => !existsSync(join(ROOT, path))).map(path => `${file}: ${path}`)
}

test('every repository path named in docs and README exists', () => {
  const docs = ['README.md', ...filesUnder('docs', /\.md$/)]
  assert.deepEqual(docs.flatMap(file => missingIn(file, readFileSync(join(ROOT, file), 'utf8'))), [])
})

test('every repository path named in a code comment exists', () => {
  const sources = SOURCE_DIRS.flatMap(dir => filesUnder(dir, /\.(ts|sh|vue)$/))
  assert.deepEqual(sources.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    return missingIn(file, file.endsWith('.sh') ? text : commentsOf(text))
  }), [])
})

test('docs/architecture.md lists every generated module (runtime/virtual/ has their stubs)', () => {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8')
  const missing = readdirSync(join(ROOT, 'runtime/virtual')).map(file => `#swerve/virtual/${file.replace(/\.ts$/, '')}`).filter(name => !doc.includes(`| \`${name}\` |`))
  assert.deepEqual(missing, [])
})
