/** Builds an app's Node bundle into a temporary folder and returns its server (`app.fetch`). */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type BuildResult } from '../build/build.ts'
import type { SwerveServer } from '../runtime/server/types.ts'

export const demoRoot = fileURLToPath(new URL('../demo', import.meta.url))
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

export async function buildServer(root: string, options: { prerender?: boolean } = {}): Promise<{ server: SwerveServer, result: BuildResult }> {
  const outDir = mkdtempSync(join(tmpdir(), 'swerve-test-'))
  const result = await build(root, { outDir, quiet: true, prerender: options.prerender ?? false })
  // Unit tests: the Node host keeps storage in memory.
  const { createApp } = await import(pathToFileURL(join(result.serverDir, 'app.mjs')).href)
  const server: SwerveServer = createApp({ storage: 'memory' })
  return { server, result }
}

export const request = (server: SwerveServer, path: string, init: RequestInit = {}) =>
  server.fetch(new Request(`http://localhost${path}`, { headers: { accept: 'text/html' }, ...init }))
