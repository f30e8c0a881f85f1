/** Copies of a fixture app in a temporary folder, edited per test (versions, config), built into one output. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptionsInput, type BuildResult } from '../../build/build.ts'

export interface Variant {
  root: string
  /** Replaces `from` with `to` in the app's file. */
  edit: (file: string, from: string | RegExp, to: string) => void
  build: (options?: BuildOptionsInput) => Promise<BuildResult>
}

/** `fixture`: a folder under test/fixtures, or `demo`. */
export function variantOf(fixture: string): Variant {
  const source = fileURLToPath(new URL(fixture === 'demo' ? '../../demo' : `../../test/fixtures/${fixture}`, import.meta.url))
  const root = mkdtempSync(join(tmpdir(), `swerve-${fixture}-`))
  cpSync(source, root, { recursive: true, filter: path => !/\/(\.output|\.swerve|\.data|node_modules)(\/|$)/.test(path) })
  return {
    root,
    edit(file, from, to) {
      const path = join(root, file)
      const text = readFileSync(path, 'utf8')
      const next = text.replace(from, to)
      if (next === text) throw new Error(`edit of ${file}: ${from} not found`)
      writeFileSync(path, next)
    },
    build: options => build(root, { quiet: true, ...options }),
  }
}
