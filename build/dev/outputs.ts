/**
 * `swerve dev`'s client files, written by dev rather than by esbuild. esbuild's context removes
 * the last build's files on each rebuild: a page that loaded `entry.js` just before a rebuild
 * then asks for chunks that are gone, and never starts. Dev keeps every file it wrote (their
 * names carry a hash), writes each one whole (a temporary file, renamed), and the entries last,
 * so an entry never names a chunk not written yet (docs/guide.md, "Development").
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { OutputFile } from 'esbuild'

/** Writes a build's files as they change; the files of the builds before stay. */
export function createOutputWriter(entries: (path: string) => boolean) {
  const written = new Map<string, string>()
  let count = 0

  async function write(file: OutputFile): Promise<void> {
    if (written.get(file.path) === file.hash) return
    await mkdir(dirname(file.path), { recursive: true })
    const writing = `${file.path}.${process.pid}-${count++}.tmp`
    await writeFile(writing, file.contents)
    await rename(writing, file.path)
    written.set(file.path, file.hash)
  }

  return async (files: OutputFile[]): Promise<void> => {
    await Promise.all(files.filter(file => !entries(file.path)).map(write))
    await Promise.all(files.filter(file => entries(file.path)).map(write))
  }
}
