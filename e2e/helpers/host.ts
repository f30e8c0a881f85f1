/** Builds an app and serves its `.output/public` as a plain static host would, on a free port. */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { build, type BuildResult } from '../../build/build.ts'
import { createNodeServer, type ServeOptions } from '../../build/host/serve.ts'

export interface Host {
  url: string
  origin: string
  /** Paths requested from the host, in order (sw.js, assets, pages …). */
  requests: string[]
  stop: () => Promise<void>
}

const builds = new Map<string, Promise<BuildResult>>()

/** Builds once per app folder and output folder per test run. */
export function buildOnce(root: string, options: Parameters<typeof build>[1] = {}): Promise<BuildResult> {
  const key = `${root}:${options.outDir ?? ''}:${options.selfDestroy ?? false}`
  let result = builds.get(key)
  if (!result) builds.set(key, result = build(root, { quiet: true, ...options }))
  return result
}

export async function serve(publicDir: string, base = '/', extra: Partial<ServeOptions> = {}): Promise<Host> {
  const requests: string[] = []
  const server: Server = createNodeServer({
    publicDir,
    base,
    ...extra,
    intercept: (req, res) => {
      requests.push(req.url ?? '')
      return extra.intercept?.(req, res) ?? false
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    url: origin + base,
    origin,
    requests,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

export async function serveBuild(root: string, options: Parameters<typeof build>[1] = {}): Promise<Host & { build: BuildResult }> {
  const result = await buildOnce(root, options)
  const host = await serve(join(result.config.outDir, 'public'), result.config.base)
  return { ...host, build: result }
}
