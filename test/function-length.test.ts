/**
 * No function over 80 lines in swerve's own code (docs/conventions.md's style), counted from
 * its first line to its last. Test code, fixtures and the bench are left out.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseSync } from 'oxc-parser'

const ROOT = join(import.meta.dirname, '..')
const DIRS = ['runtime', 'sw', 'client', 'build', 'presets', 'playwright']
const MAX_LINES = 80

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Each function of a file with its name (the variable or property it is assigned to, when anonymous) and lines. */
export function longFunctions(file: string, code: string): string[] {
  const lineOf = (offset: number) => code.slice(0, offset).split('\n').length
  const found: string[] = []
  const visit = (node: unknown, name: string | undefined): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(child => visit(child, name))
    const n = node as { type?: string, start: number, end: number, id?: { name?: string }, key?: { name?: string } }
    let own = name
    if (n.type === 'VariableDeclarator' || n.type === 'MethodDefinition' || n.type === 'Property') own = n.id?.name ?? n.key?.name ?? name
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      const lines = lineOf(n.end) - lineOf(n.start) + 1
      const label = n.id?.name ?? own ?? '(anonymous)'
      if (lines > MAX_LINES) found.push(`${file}: ${label} (${lines} lines)`)
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'type') visit(child, own)
  }
  visit(parseSync(file, code).program, undefined)
  return found
}

test(`no function over ${MAX_LINES} lines in runtime, sw, client, build, presets and playwright`, () => {
  const long = DIRS.flatMap(filesUnder).flatMap(file => longFunctions(file, readFileSync(join(ROOT, file), 'utf8')))
  assert.deepEqual(long, [])
})

test('a long function is found, by the name it is assigned to', () => {
  const body = Array.from({ length: 81 }, (_, i) => `  const a${i} = ${i}`).join('\n')
  assert.deepEqual(longFunctions('x.ts', `export const make = () => {\n${body}\n}`), ['x.ts: make (83 lines)'])
  assert.deepEqual(longFunctions('x.ts', 'function short() {\n  return 1\n}'), [])
})
