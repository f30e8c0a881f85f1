/**
 * `swerve dev`: the client's shared packages (Vue, vue-router, unhead …) bundled once
 * into `_swerve/deps/`, as Vite pre-bundles dependencies. The client bundle imports
 * them from there, so a rebuild bundles only the app and swerve's runtime.
 *
 * The bundle is kept in `node_modules/.cache/swerve/deps/` under a key of what went
 * into it (the packages installed, the specifiers, the build flags), so a dev server
 * started again copies it instead of bundling (docs/guide.md, "Development").
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { build, version as esbuildVersion } from 'esbuild'
import { defineFlags, sharedPackagesOptions } from '../bundle.ts'
import type { ResolvedConfig } from '../config.ts'
import { toBuildError } from '../errors.ts'
import { SWERVE_DIR, swervePrefix } from '../../runtime/shared/paths.ts'
import { swerveRoot, version } from '../paths.ts'
import { targets } from '../targets.ts'

/** What swerve's client runtime imports: bundled at start, beside the app's first build. */
const RUNTIME_SPECIFIERS = ['vue', 'vue-router', '@unhead/vue', '@unhead/vue/client', 'devalue', 'hookable', 'h3']

/** Written last into a kept bundle: a folder without it is half-written. */
const DONE = '.done'

/** What says which packages are installed: lockfiles beside node_modules, npm's and pnpm's own records in it. */
const INSTALL_RECORDS = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'node_modules/.package-lock.json', 'node_modules/.modules.yaml', 'node_modules/.yarn-state.yml']

export interface DevDeps {
  /** The URL the page imports `specifier` from (the client bundle leaves it external). */
  urlOf: (specifier: string) => string
  /** Bundles the packages the client has imported, if one is not bundled yet; true if it bundled. */
  update: () => Promise<boolean>
}

/** The folder holding the `node_modules` Vue is installed in: the app's, else swerve's. */
function installRootOf(root: string): string | undefined {
  for (const start of [root, swerveRoot]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules', 'vue', 'package.json'))) return dir
      if (dirname(dir) === dir) break
    }
  }
  return undefined
}

export function createDevDeps(config: ResolvedConfig, publicDir: string): DevDeps {
  const outdir = join(publicDir, SWERVE_DIR, 'deps')
  const installRoot = installRootOf(config.root)
  /** Imported by the client's builds so far. */
  const wanted = new Set(RUNTIME_SPECIFIERS)
  let bundled = new Set<string>()
  let running: Promise<boolean> = Promise.resolve(false)

  /** The kept bundle's folder for `specifiers`; undefined when nothing says what is installed. */
  function keptDir(specifiers: string[]): string | undefined {
    if (!installRoot) return undefined
    const records = INSTALL_RECORDS.map(name => join(installRoot, name)).filter(existsSync)
    if (!records.length) return undefined
    const hash = createHash('sha256')
    hash.update(JSON.stringify({ specifiers, swerve: version, esbuild: esbuildVersion, flags: defineFlags(config, targets.client, false) }))
    for (const record of records) hash.update(readFileSync(record))
    return join(installRoot, 'node_modules', '.cache', 'swerve', 'deps', hash.digest('hex').slice(0, 16))
  }

  async function bundleInto(dir: string, specifiers: string[]): Promise<void> {
    try {
      await build(sharedPackagesOptions(config, specifiers, dir))
    } catch (error) {
      throw toBuildError(config.root, error)
    }
  }

  async function bundle(): Promise<boolean> {
    if ([...wanted].every(specifier => bundled.has(specifier))) return false
    const specifiers = [...wanted].sort()
    await rm(outdir, { recursive: true, force: true })
    const kept = keptDir(specifiers)
    if (!kept) await bundleInto(outdir, specifiers)
    else {
      if (!existsSync(join(kept, DONE))) {
        // Written beside and renamed: two dev servers starting at once never read half a bundle.
        const writing = `${kept}.${process.pid}-${Date.now()}`
        await bundleInto(writing, specifiers)
        await writeFile(join(writing, DONE), '')
        await mkdir(dirname(kept), { recursive: true })
        // Another server may have kept the same bundle meanwhile: then this copy goes.
        await rename(writing, kept).catch(() => rm(writing, { recursive: true, force: true }))
      }
      await cp(kept, outdir, { recursive: true, filter: source => !source.endsWith(DONE) })
    }
    bundled = new Set(specifiers)
    return true
  }

  return {
    urlOf(specifier) {
      wanted.add(specifier)
      return `${swervePrefix(config.base)}deps/${specifier}.js`
    },
    update: () => (running = running.catch(() => false).then(bundle)),
  }
}
