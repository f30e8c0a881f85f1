/**
 * Checks the versions of the libraries whose internals swerve reads (runtime/internals/versions.ts)
 * as this app's bundle resolves them: vue, vue-router and pinia are the app's copies when it has
 * them (build/bundle.ts shares one instance), the rest swerve's own.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { INTERNALS, type InternalUse } from '../runtime/internals/versions.ts'
import { packageDir, swerveRoot } from './paths.ts'

const parts = (version: string) => version.split(/[.+-]/).slice(0, 3).map(Number)

/** Whether `version` (x.y.z) is at least `lowest` and below `below`. */
export function inRange(version: string, [lowest, below]: [string, string]): boolean {
  const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!
  const v = parts(version)
  return compare(v, parts(lowest)) >= 0 && compare(v, parts(below)) < 0
}

export interface ResolvedInternal {
  name: string
  version: string
  use: InternalUse
  /** The copy is the app's own (else swerve's). */
  fromApp: boolean
}

/** The version of each library with internals that a build of the app at `root` bundles. */
export function resolveInternals(root: string): ResolvedInternal[] {
  return Object.entries(INTERNALS).flatMap(([name, use]) => {
    const appDir = use.shared ? packageDir(root, name) : undefined
    const dir = appDir ?? packageDir(swerveRoot, name)
    if (!dir) return []
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
    return [{ name, version, use, fromApp: !!appDir && appDir !== packageDir(swerveRoot, name) }]
  })
}

const rangeOf = ([lowest, below]: [string, string]) => `>=${lowest} <${below}`

/**
 * Notes for the build's log about the copies outside their range that have a public path; throws
 * for one that has none, naming the package and the supported range.
 */
export function checkInternals(root: string): string[] {
  const notes: string[] = []
  for (const { name, version, use, fromApp } of resolveInternals(root)) {
    if (inRange(version, use.supported)) continue
    const whose = fromApp ? 'the app\'s' : 'swerve\'s'
    if (use.publicPath) {
      notes.push(`${name} ${version} (${whose}) is outside ${rangeOf(use.supported)}, which swerve's use of its internals was written for: ${use.publicPath}.`)
      continue
    }
    throw new Error(`swerve supports ${name} ${rangeOf(use.supported)}; this app's build resolves ${whose} ${name} ${version}. swerve reads its internals (${use.uses.join('; ')}): install a ${name} in that range.`)
  }
  return notes
}
