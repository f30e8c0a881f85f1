/** Typed routes (docs/guide.md): `swerve prepare` writes .swerve/, and tsc checks an app with it. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { demoRoot, fixture } from './helpers.ts'

const swerveRoot = fileURLToPath(new URL('..', import.meta.url))
const run = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8', cwd: swerveRoot })

for (const [name, root] of [['engine fixture (with @ts-expect-error checks)', fixture('engine')], ['demo', demoRoot]]) {
  test(`tsc --noEmit passes on the ${name}`, () => {
    const prepare = run([join(swerveRoot, 'dist/build/cli.mjs'), 'prepare', root])
    assert.equal(prepare.status, 0, prepare.stderr)
    const tsc = run([join(swerveRoot, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')])
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr)
  })
}
