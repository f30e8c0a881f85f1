/** Reads esbuild's metafile into what the server needs to link a page's JS and CSS. */
import type { Metafile } from 'esbuild'
import type { ClientAssets } from '../runtime/app/render.ts'

export function toClientAssets(metafile: Metafile, publicDir: string, pageFiles: string[]): ClientAssets {
  const strip = (path: string) => path.slice(publicDir.length + 1)
  const outputs = metafile.outputs
  // Lazy chunks count as entry points in a split build too: find the one built from client/entry.
  const entryPath = Object.keys(outputs).find(path => path.endsWith('.js') && /client\/entry\.(ts|mjs)$/.test(outputs[path].entryPoint ?? ''))
  if (!entryPath) throw new Error('The client build produced no entry.')

  /** A chunk and every chunk it imports statically: all of them load with it. */
  function closure(path: string, seen = new Set<string>()): Set<string> {
    if (seen.has(path)) return seen
    seen.add(path)
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && outputs[imported.path]) closure(imported.path, seen)
    }
    return seen
  }
  const cssOf = (paths: Iterable<string>) => [...paths].map(path => outputs[path]?.cssBundle).filter(Boolean).map(path => strip(path!))

  // Each input path, and each of its tails after a '/', to the first JS chunk built from it: a page
  // file is found by its path from the app's root in one lookup, not by scanning every chunk.
  const chunkOf = new Map<string, string>()
  for (const path of Object.keys(outputs)) {
    if (!path.endsWith('.js')) continue
    for (const input of Object.keys(outputs[path].inputs)) {
      for (let at = 0; at !== -1; at = input.indexOf('/', at) + 1 || -1) {
        const tail = input.slice(at)
        if (!chunkOf.has(tail)) chunkOf.set(tail, path)
      }
    }
  }
  const entryChunks = closure(entryPath)
  const pages: ClientAssets['pages'] = {}
  for (const file of pageFiles) {
    const chunk = chunkOf.get(file)
    if (!chunk) continue
    const chunks = [...closure(chunk)].filter(path => !entryChunks.has(path))
    pages[file] = chunks.map(strip)
  }
  // esbuild's entry CSS bundle already holds the CSS of every lazy chunk (so client
  // navigations are styled): pages link no CSS of their own, which would duplicate it.
  return { entry: strip(entryPath), css: cssOf(entryChunks), pages }
}
