/**
 * npm 11 warns at install about packages whose install scripts package.json's `allowScripts`
 * does not name (allowed: true, or denied: false), and a coming npm skips them: every package of
 * the lock with an install script is named there.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))

test('allowScripts names every package of the lock that has an install script', () => {
  const { allowScripts } = read('package.json') as { allowScripts: Record<string, boolean> }
  const { packages } = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> }
  const withScripts = Object.entries(packages).filter(([, entry]) => entry.hasInstallScript).map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
  assert.ok(withScripts.length > 0)
  assert.deepEqual([...new Set(withScripts)].filter(name => !(name in allowScripts)), [])
})
