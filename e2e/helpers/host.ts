/** Builds an app and serves its `.output/public` as a plain static host would, on a free port. */
import { join } from 'node:path'
import { build, type BuildResult } from '../../build/build.ts'
import { createHandler, listen, type ServeOptions } from '../../presets/node/serve.ts'

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
  const handler = createHandler({
    publicDir,
    base,
    ...extra,
    intercept: (request) => {
      const url = new URL(request.url)
      requests.push(url.pathname + url.search)
      return extra.intercept?.(request)
    },
  })
  const server = await listen(handler)
  let stopped: Promise<void> | undefined
  return {
    url: server.origin + base,
    origin: server.origin,
    requests,
    stop: () => (stopped ??= server.close()),
  }
}

export async function serveBuild(root: string, options: Parameters<typeof build>[1] = {}): Promise<Host & { build: BuildResult }> {
  const result = await buildOnce(root, options)
  const host = await serve(join(result.config.outDir, 'public'), result.config.base)
  return { ...host, build: result }
}
