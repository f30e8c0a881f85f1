/**
 * The import graph of swerve's own code (docs/architecture.md): no cycle, type
 * imports included, and dependencies that point one way — runtime/ imports no
 * host, the server side of runtime/ imports nothing of the app side.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { listFiles } from '../build/scan.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const FOLDERS = ['runtime', 'sw', 'client', 'build', 'presets']
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

/** file → the files of this repository it imports (relative paths, POSIX). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of FOLDERS.flatMap(folder => listFiles(root, folder, /\.ts$/))) {
    const code = readFileSync(join(root, file), 'utf8')
    const targets = [...code.matchAll(IMPORT)]
      .map(match => relative(root, resolve(dirname(join(root, file)), match[1] ?? match[2])).split('\\').join('/'))
      .filter(target => existsSync(join(root, target)))
    graph.set(file, targets)
  }
  return graph
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  function visit(file: string): string[] | undefined {
    if (state.get(file) === 'done') return undefined
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file]
    state.set(file, 'open')
    path.push(file)
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target)
      if (cycle) return cycle
    }
    path.pop()
    state.set(file, 'done')
    return undefined
  }
  for (const file of graph.keys()) {
    const cycle = visit(file)
    if (cycle) return cycle
  }
  return undefined
}

const graph = importGraph()
const edges = [...graph].flatMap(([file, targets]) => targets.map(target => [file, target] as const))

test('the import graph has files to check', () => {
  assert.ok(graph.size > 50, `${graph.size} files`)
  assert.ok(edges.length > 100, `${edges.length} imports`)
})

test('no import cycle in runtime, sw, client, build and presets', () => {
  assert.equal(findCycle(graph)?.join(' → '), undefined)
})

test('a cycle would be found', () => {
  assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a'])
})

test('runtime/ imports no host: sw/, client/, build/ or presets/', () => {
  assert.deepEqual(edges.filter(([file, target]) => file.startsWith('runtime/') && !target.startsWith('runtime/')), [])
})

test('the server side of runtime/ imports nothing of the app side', () => {
  const serverSide = (file: string) => file.startsWith('runtime/server/') || file.startsWith('runtime/shared/')
  assert.deepEqual(edges.filter(([file, target]) => serverSide(file) && target.startsWith('runtime/app/')), [])
})

test('hosts do not import each other: sw/, client/ and each preset stand alone', () => {
  const host = (file: string) => file.startsWith('presets/') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0]
  const crossing = edges.filter(([file, target]) => ['sw', 'client', 'presets'].includes(file.split('/')[0]) && host(target) !== host(file)
    && !target.startsWith('runtime/') && !(file.startsWith('presets/sw/') && target.startsWith('sw/')))
  assert.deepEqual(crossing, [])
})
