/**
 * swerve reads some libraries' internals (runtime/internals/): each file was written for one
 * version. Bumping the library fails here until its file is checked against the new one and
 * runtime/internals/versions.ts says so.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { WRITTEN_FOR } from '../runtime/internals/versions.ts'

/** Where Node finds `name` from swerve's folder (a package.json `exports` may not list its own package.json). */
const manifestOf = (name: string) => join(import.meta.dirname, '..', 'node_modules', name, 'package.json')

test('the installed h3, srvx and vue-router are the versions their internals were written for', () => {
  for (const [name, version] of Object.entries(WRITTEN_FOR)) {
    const installed = JSON.parse(readFileSync(manifestOf(name), 'utf8')).version
    assert.equal(installed, version, `${name} ${installed} is installed, runtime/internals/ was written for ${version}: check runtime/internals/${name}.ts against it`)
  }
})

test('package.json pins each of them to that version', () => {
  const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  for (const [name, version] of Object.entries(WRITTEN_FOR)) assert.equal(dependencies[name], version, name)
})
