/** `swerve init` (docs/guide.md) and the CLI's machine output. */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { init } from '../build/init.ts'
import { tempDir } from './helpers.ts'

const cli = fileURLToPath(new URL('../dist/build/cli.mjs', import.meta.url))

test('init writes the starter into a new folder, and into an existing one only what is missing', async () => {
  const fresh = join(tempDir('swerve-init-'), 'My App')
  const first = await init(fresh, '1.2.3')
  assert.deepEqual(first.kept, [])
  assert.ok(first.written.includes('app/pages/index.vue') && first.written.includes('server/api/hello.get.ts'))
  const pkg = JSON.parse(readFileSync(join(fresh, 'package.json'), 'utf8'))
  assert.equal(pkg.name, 'my-app')
  assert.equal(pkg.dependencies.swerve, '^1.2.3')
  assert.equal(pkg.scripts.build, 'swerve build')

  writeFileSync(join(fresh, 'app/pages/index.vue'), '<template><p>mine</p></template>\n')
  writeFileSync(join(fresh, 'package.json'), JSON.stringify({ name: 'mine', scripts: { build: 'my build' }, dependencies: { swerve: 'file:x.tgz' } }))
  const again = await init(fresh, '1.2.3')
  assert.ok(again.kept.includes('app/pages/index.vue'))
  assert.equal(readFileSync(join(fresh, 'app/pages/index.vue'), 'utf8'), '<template><p>mine</p></template>\n')
  const merged = JSON.parse(readFileSync(join(fresh, 'package.json'), 'utf8'))
  assert.deepEqual([merged.name, merged.scripts.build, merged.scripts.dev, merged.dependencies.swerve], ['mine', 'my build', 'swerve dev', 'file:x.tgz'])
})

test('init refuses a package.json that is not JSON, naming it, before writing anything', async () => {
  const root = tempDir('swerve-init-bad-')
  writeFileSync(join(root, 'package.json'), '{ "name": ')
  await assert.rejects(init(root, '1.2.3'), new RegExp(`${join(root, 'package.json')} is not valid JSON`))
  assert.deepEqual(readdirSync(root), ['package.json'])
  assert.equal(readFileSync(join(root, 'package.json'), 'utf8'), '{ "name": ')
})

test('build --json prints one JSON line, an error too, and exits non-zero on failure', () => {
  const empty = tempDir('swerve-json-')
  const failed = spawnSync(process.execPath, [cli, 'build', empty, '--json'], { encoding: 'utf8' })
  assert.equal(failed.status, 1)
  assert.match(JSON.parse(failed.stdout).error, /No swerve app in/)
})
