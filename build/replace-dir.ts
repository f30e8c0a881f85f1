/** Moving a finished build over the one a host may be serving, file by file, so no file is ever missing. */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Puts the build in `from` where `to` is. Each file is renamed over its old self (one atomic step),
 * hashed assets first, pages next and `sw.js` last, so whatever a host reads meanwhile resolves:
 * a new page finds its new assets, the new worker finds every file it precaches. Files the new
 * build no longer has go at the end. See docs/deploying.md.
 */
export async function replaceDir(from: string, to: string): Promise<void> {
  if (!existsSync(to)) return rename(from, to)
  const files = (await filesUnder(from)).sort((a, b) => rank(a) - rank(b))
  for (const file of files) {
    const target = join(to, file)
    await mkdir(dirname(target), { recursive: true })
    // A folder where the new build has a file (or the reverse) cannot be renamed over.
    if ((await stat(target).catch(() => undefined))?.isDirectory()) await rm(target, { recursive: true })
    await rename(join(from, file), target)
  }
  const kept = new Set(files)
  for (const file of await filesUnder(to)) {
    if (!kept.has(file)) await rm(join(to, file), { force: true })
  }
  await removeEmptyDirs(to)
  await rm(from, { recursive: true, force: true })
}

/** Entry points go after what they reference: assets, then pages and the pipeline, then the worker. */
function rank(file: string): number {
  if (file === 'public/sw.js') return 2
  return /\.(html|webmanifest)$|^public\/sw-pipeline\.js$/.test(file) ? 1 : 0
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true })
  const nested = await Promise.all(entries.map(entry => entry.isDirectory()
    ? filesUnder(dir, join(prefix, entry.name))
    : [join(prefix, entry.name)]))
  return nested.flat()
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true })
  let empty = true
  for (const entry of entries) {
    if (!entry.isDirectory() || !await removeEmptyDirs(join(dir, entry.name))) empty = false
  }
  if (empty) await rmdir(dir)
  return empty
}
