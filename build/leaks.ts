/**
 * The trust boundary, checked: everything under `.output/public` reaches the
 * visitor's device, so a private `runtimeConfig` value found in any of those
 * files (a prerendered page that printed it, a file in `public/`) fails the
 * build. Strings of 6 characters or more are checked; shorter ones would match
 * by chance.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

const MIN_LENGTH = 6

/** `[key path, value]` for every private string value worth looking for. */
function privateValues(config: Record<string, unknown>, prefix = 'runtimeConfig'): [string, string][] {
  return Object.entries(config).flatMap(([key, value]): [string, string][] => {
    if (prefix === 'runtimeConfig' && key === 'public') return []
    const path = `${prefix}.${key}`
    if (typeof value === 'string') return value.length >= MIN_LENGTH ? [[path, value]] : []
    if (value && typeof value === 'object') return privateValues(value as Record<string, unknown>, path)
    return []
  })
}

/** Throws when a private value is in a file under `publicDir` (paths are named relative to `outDir`). */
export async function assertNoPrivateValues(runtimeConfig: Record<string, unknown>, publicDir: string, outDir: string): Promise<void> {
  const secrets = privateValues(runtimeConfig).map(([path, value]) => [path, Buffer.from(value)] as const)
  if (!secrets.length) return
  const files = (await readdir(publicDir, { recursive: true, withFileTypes: true })).filter(entry => entry.isFile())
  const found: string[] = []
  for (const entry of files) {
    const file = join(entry.parentPath, entry.name)
    const bytes = await readFile(file)
    for (const [path, value] of secrets) {
      if (bytes.includes(value)) found.push(`${path} in ${relative(outDir, file)}`)
    }
  }
  if (found.length) {
    throw new Error(`Private runtimeConfig values would reach the visitor's device: ${found.join(', ')}. Move them under runtimeConfig.public if they are public, or keep them out of pages and public/.`)
  }
}
