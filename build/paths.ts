import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The swerve package itself: `dist/` when installed (compiled `.mjs` with `.d.mts`), the
 * repository when swerve's own tests run its sources (`.ts`). Its dependencies resolve from here.
 */
export const swerveRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')

const fromSource = import.meta.url.endsWith('.ts')

/** The folder with swerve's package.json: the repository, or the one above dist/. */
export const packageRoot = fromSource ? swerveRoot : dirname(swerveRoot)

export const version: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version

/** A module of swerve's by its path without extension: `swerveModule('client/entry')`. */
export function swerveModule(path: string): string {
  return join(swerveRoot, `${path}${fromSource ? '.ts' : '.mjs'}`)
}

/** The declarations of a module of swerve's, for an app's tsconfig and generated types. */
export function swerveTypes(path: string): string {
  return join(swerveRoot, `${path}${fromSource ? '.ts' : '.d.mts'}`)
}
