import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
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

/**
 * Nuxt's path aliases for an app: `~` and `@` are the app's source folder (`app/`, or the
 * root in Nuxt 3's layout), `~~` and `@@` the root. `#app` and `#imports` are swerve's
 * entries (the server's in `server/`).
 */
export function aliasesOf(root: string): Record<string, string> {
  const source = existsSync(join(root, 'app')) ? join(root, 'app') : root
  return { '~~': root, '@@': root, '~': source, '@': source }
}

/** `~/assets/main.css` → its absolute path; a package's file (`vuetify/styles`) is left to the bundler. */
export function resolveAlias(root: string, file: string, aliases = aliasesOf(root)): string {
  const alias = /^(~~|@@|~|@)\//.exec(file)
  if (alias) return join(aliases[alias[1]], file.slice(alias[0].length))
  return file.startsWith('.') || file.startsWith('/') ? resolve(root, file) : file
}

/** The folder of the installed package `name`, as Node finds it from `from` (node_modules, upwards), or undefined. */
export function packageDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate)
    if (dirname(dir) === dir) return undefined
  }
}
